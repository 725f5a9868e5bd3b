package dev.baton.store.internal;

import dev.baton.store.SqlDialect;
import dev.baton.store.SqlDialect.Word;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's schema, written once for every dialect. A script names its column types with words in
 * braces ({@code {text}}, {@code {bigint}}, {@code {json}}, …, see {@link Word}); each dialect says
 * what a word is in its SQL ({@link SqlDialect#word}). Element 0 is version 1, and so on.
 *
 * <p>Released versions never change: a change of schema is a new version at the end. Stores created
 * before the schema had one definition recorded the checksums of the dialects' own scripts; {@link
 * Migrations} moves those records to the checksums of this definition once (a checksum migration),
 * after checking the released checksum, so nothing else about such a store changes.
 */
final class Schema {

  private static final String V1 =
      """
      CREATE TABLE events (
        run  {text}   NOT NULL,
        seq  {bigint} NOT NULL,
        time {bigint} NOT NULL,
        type {text}   NOT NULL,
        data {json}   NOT NULL,
        PRIMARY KEY (run, seq)
      ){without_rowid};

      CREATE TABLE runs (
        id            {key},
        run           {text} NOT NULL UNIQUE,
        workflow      {text},
        state         {text},
        priority      {text},
        primary_agent {text},
        started       {bigint},
        ended         {bigint},
        lease_owner   {text},
        lease_until   {bigint}
      );
      CREATE INDEX runs_state ON runs (state);
      CREATE INDEX runs_lease_owner ON runs (lease_owner);

      CREATE TABLE commands (
        id      {key},
        run     {text}   NOT NULL,
        kind    {text}   NOT NULL,
        task    {text},
        action  {text},
        args    {json}   NOT NULL,
        by_name {text}   NOT NULL,
        note    {text}   NOT NULL,
        created {bigint} NOT NULL,
        done    {bigint}
      );
      CREATE INDEX commands_pending ON commands (run, id) WHERE done IS NULL;

      CREATE TABLE human_tasks (
        id       {text} PRIMARY KEY,
        run      {text}   NOT NULL,
        kind     {text}   NOT NULL,
        question {text}   NOT NULL,
        options  {json}   NOT NULL,
        step     {text},
        reason   {text},
        opened   {bigint} NOT NULL,
        decision {text},
        args     {json},
        by_name  {text},
        note     {text},
        resolved {bigint}
      );
      CREATE INDEX human_tasks_open ON human_tasks (opened) WHERE decision IS NULL;

      CREATE TABLE agent_status (
        agent    {text} PRIMARY KEY,
        run      {text}   NOT NULL,
        step     {text},
        attempt  {int}    NOT NULL,
        progress {int},
        status   {json},
        time     {bigint} NOT NULL
      );
      """;

  /** Monitoring (docs/monitoring.md): per-minute metric buckets and the alerts projection. */
  private static final String V2 =
      """
      CREATE TABLE metric_buckets (
        agent             {text}   NOT NULL,
        task_type         {text}   NOT NULL,
        minute            {bigint} NOT NULL,
        attempts          {bigint} NOT NULL,
        succeeded         {bigint} NOT NULL,
        success_millis    {bigint} NOT NULL,
        steps             {bigint} NOT NULL,
        escalated         {bigint} NOT NULL,
        quality_sum       {bigint} NOT NULL,
        quality_n         {bigint} NOT NULL,
        collaboration_sum {bigint} NOT NULL,
        collaboration_n   {bigint} NOT NULL,
        satisfaction_sum  {bigint} NOT NULL,
        satisfaction_n    {bigint} NOT NULL,
        PRIMARY KEY (agent, task_type, minute)
      ){without_rowid};
      CREATE INDEX metric_buckets_minute ON metric_buckets (minute);

      CREATE TABLE alerts (
        id        {text} PRIMARY KEY,
        seq       {bigint} NOT NULL,
        rule      {text}   NOT NULL,
        agent     {text},
        task_type {text},
        run       {text},
        step      {text},
        value     {real}   NOT NULL,
        threshold {real}   NOT NULL,
        message   {text},
        raised    {bigint} NOT NULL,
        resolved  {bigint}
      );
      CREATE INDEX alerts_seq ON alerts (seq);
      """;

  /** Claims on resources and agent slots (the arbiter), and specialists created from templates. */
  private static final String V3 =
      """
      CREATE TABLE claims (
        id           {key},
        holder       {text}   NOT NULL UNIQUE,
        run          {text}   NOT NULL,
        step         {text}   NOT NULL,
        owner        {text}   NOT NULL,
        lease_until  {bigint} NOT NULL,
        priority     {int}    NOT NULL,
        may_preempt  {int}    NOT NULL,
        needs        {text}   NOT NULL,
        granted      {bigint},
        since        {bigint} NOT NULL,
        preempted_by {text}
      );
      CREATE INDEX claims_owner ON claims (owner);

      CREATE TABLE created_agents (
        name         {text} PRIMARY KEY,
        template     {text}   NOT NULL,
        role         {text}   NOT NULL,
        kind         {text}   NOT NULL,
        capabilities {text}   NOT NULL,
        run          {text},
        reason       {text}   NOT NULL,
        created      {bigint} NOT NULL
      );
      """;

  /**
   * The needs of each claim, one row per resource or agent slot: a decision reads and locks only
   * the claims of the names it needs (docs/cluster.md), not the whole claims table.
   */
  private static final String V4 =
      """
      CREATE TABLE claim_needs (
        name   {text} NOT NULL,
        holder {text} NOT NULL,
        PRIMARY KEY (name, holder)
      ){without_rowid};
      CREATE INDEX claim_needs_holder ON claim_needs (holder);
      CREATE INDEX claims_lease_until ON claims (lease_until);
      """;

  /**
   * The journal as an ordinary (rowid) table with its key as an index. Keyed by {@code (run, seq)}
   * alone, SQLite kept every event inside the key's B-tree: with many runs appending at once each
   * commit dirtied a leaf page per run, and events of a kilobyte (a handoff) split those pages
   * often, so every commit wrote and synced far more pages than its events. Rows now go to the end
   * of the table and only the small index entries land per run (docs/benchmarks.md). PostgreSQL's
   * tables were ordinary already; there the copy changes nothing but the table's age.
   */
  private static final String V5 =
      """
      CREATE TABLE events_v5 (
        run  {text}   NOT NULL,
        seq  {bigint} NOT NULL,
        time {bigint} NOT NULL,
        type {text}   NOT NULL,
        data {json}   NOT NULL,
        PRIMARY KEY (run, seq)
      );
      INSERT INTO events_v5 (run, seq, time, type, data)
        SELECT run, seq, time, type, data FROM events ORDER BY run, seq;
      DROP TABLE events;
      ALTER TABLE events_v5 RENAME TO events;
      """;

  private static final List<String> VERSIONS = List.of(V1, V2, V3, V4, V5);

  /**
   * The checksums stores recorded for versions 1–3 before the schema had one definition, when each
   * dialect wrote its own script (kept under the tests' {@code legacy-schema} resources).
   */
  static final Map<String, List<Integer>> RELEASED_PER_DIALECT =
      Map.of(
          "sqlite", List.of(-1587571527, -876708789, 2001206786),
          "postgresql", List.of(1671609483, -1101251142, -1331858892));

  private static final Pattern WORD = Pattern.compile("\\{([a-z_]+)}");

  private Schema() {}

  /** Every version's script in {@code dialect}'s SQL. */
  static List<String> scripts(SqlDialect dialect) {
    return VERSIONS.stream().map(v -> render(v, dialect)).toList();
  }

  /** A script's statements: they are separated by semicolons at line ends. */
  static List<String> statements(String sql) {
    return java.util.Arrays.stream(sql.split(";\\s*\\n")).filter(x -> !x.isBlank()).toList();
  }

  private static String render(String script, SqlDialect dialect) {
    Matcher m = WORD.matcher(script);
    StringBuilder sql = new StringBuilder(script.length() + 256);
    while (m.find()) {
      Word word = Word.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
      m.appendReplacement(sql, Matcher.quoteReplacement(dialect.word(word)));
    }
    return m.appendTail(sql).toString();
  }
}
