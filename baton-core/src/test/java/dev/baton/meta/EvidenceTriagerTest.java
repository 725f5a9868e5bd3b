package dev.baton.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.workflow.AgentSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceTriagerTest {
  static AgentSpec agent(String name, String role, List<String> caps, List<String> keywords) {
    return new AgentSpec(
        name,
        role,
        caps,
        keywords,
        1,
        new AgentSpec.Command(List.of("x"), java.util.Optional.empty(), java.util.Map.of()));
  }

  static final List<AgentSpec> TEAM =
      List.of(
          agent(
              "security",
              "Security Agent",
              List.of("threat-modeling", "auth"),
              List.of("xss", "csrf", "token")),
          agent(
              "database",
              "Database Agent",
              List.of("schema", "migrations"),
              List.of("sql", "query", "index")),
          agent(
              "api",
              "API Agent",
              List.of("endpoints", "backend"),
              List.of("endpoint", "500", "handler")),
          agent(
              "frontend",
              "Frontend Agent",
              List.of("ui", "components"),
              List.of("button", "page", "css")),
          agent("testing", "Testing Agent", List.of("e2e-tests"), List.of("flaky", "test")),
          agent(
              "devops",
              "DevOps Agent",
              List.of("deployment", "pipelines"),
              List.of("deploy", "kubernetes")));

  final EvidenceTriager triager = new EvidenceTriager();

  Triage triage(String report, TriageExample... examples) {
    return triager.triage(new TriageRequest(report, TEAM, List.of(examples)));
  }

  static String lead(Triage t) {
    return t instanceof Triage.Lead l ? l.agent() : "asked:" + t.candidates().getFirst().agent();
  }

  @Test
  void the_cause_outweighs_the_words_a_report_merely_mentions() {
    assertThat(
            lead(
                triage(
                    "SQL injection in the customer search: ' OR 1=1-- returns every row of the"
                        + " customers table because the query string is concatenated into the"
                        + " WHERE clause.")))
        .isEqualTo("security");
  }

  @Test
  void a_clause_that_rules_an_area_out_counts_against_it() {
    assertThat(
            lead(
                triage(
                    "Every endpoint returns 502 Bad Gateway since the ingress controller was"
                        + " upgraded. The handlers are not the problem.")))
        .isEqualTo("devops");
  }

  @Test
  void log_lines_are_parsed_for_what_they_point_at() {
    assertThat(
            lead(
                triage(
                    """
                    The nightly job fails:

                      ERROR:  deadlock detected
                      SQL state: 40P01
                    """)))
        .isEqualTo("database");
    assertThat(
            lead(
                triage(
                    """
                    Blank screen for some users:

                      Uncaught TypeError: Cannot read properties of undefined (reading 'map')
                          at ProductList (ProductList.tsx:42:18)
                    """)))
        .isEqualTo("frontend");
    assertThat(
            lead(
                triage(
                    """
                    Rollout stuck:
                      Warning  BackOff  kubelet  Back-off restarting failed container
                      api-7d9f8c6b5-x2kq1   0/1   CrashLoopBackOff   14   31m
                    """)))
        .isEqualTo("devops");
  }

  @Test
  void substrings_inside_other_words_are_no_evidence() {
    Triage t = triage("Tablets in landscape: the browser restarts the Terraform oauth Zapier app");
    assertThat(t.reasons()).noneMatch(r -> r.contains("'table'") || r.contains("'rest'"));
  }

  @Test
  void with_no_evidence_a_person_is_asked_instead_of_a_guess() {
    Triage t = triage("Something is wrong, please look at it.");
    assertThat(t).isInstanceOf(Triage.Ask.class);
    assertThat(t.reasons()).containsExactly("nothing in the report points at any agent");
    assertThat(t.candidates()).hasSize(3);
  }

  @Test
  void a_decision_carries_its_confidence_and_reasons() {
    Triage t = triage("Migration 0042 locks the orders table for 20 minutes");
    assertThat(t).isInstanceOf(Triage.Lead.class);
    assertThat(t.confidence()).isGreaterThan(EvidenceTriager.ASK_BELOW);
    assertThat(t.candidates().stream().mapToDouble(Triage.Candidate::confidence).sum())
        .isLessThanOrEqualTo(1.0001);
    assertThat(t.reasons().getFirst()).startsWith("evidence: ").contains("migration");
  }

  @Test
  void a_learned_example_pulls_a_similar_report_to_its_agent() {
    String report = "Customers complain that the weekly digest arrives twice on Mondays";
    assertThat(lead(triage(report))).startsWith("asked:");
    TriageExample learned =
        new TriageExample(
            "E1",
            "Customers complain that the weekly digest arrives twice on Mondays and Tuesdays",
            "devops",
            "chosen by ana",
            "r1",
            Instant.EPOCH);
    Triage t = triage(report, learned);
    assertThat(lead(t)).isEqualTo("devops");
    assertThat(t.reasons()).anyMatch(r -> r.startsWith("nearest example E1"));
  }
}
