package dev.baton.meta.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What words usually point at, in the six areas of a software team: security, database, api,
 * frontend, testing and devops. These areas are not agents: an agent belongs to an area as far as
 * its own profile (role, capabilities, keywords, description, example tasks) uses the area's words,
 * so a team with other names or other splits still gets the evidence. Terms are words or phrases
 * (stemmed like the text); a term's weight says how specific it is (1 = as good as naming the
 * area).
 */
public final class Lexicon {
  /** The areas, in a fixed order. */
  public static final List<String> AREAS =
      List.of("security", "database", "api", "frontend", "testing", "devops");

  private static final String SECURITY =
      """
      security:2, secure:1.5, insecure:2, vulnerability:2, vulnerable:2, exploit:2, exploitable:2,
      attack:1.5, attacker:2, malicious:1.5, hacker:2, hacked:2, xss:3, csrf:3, injection:2.5,
      sql injection:3, auth:1.5, authentication:1.5, authorization:1.5, oauth:1.5, jwt:2, token:0.8,
      password:1.2, credential:1.5, credentials:1.5, secret:1.5, leak:1, leaks:1, exposed:1,
      exposes:1, permission:1.2, privilege:2, escalation:0.6, admin:1, role:0.4, cve:3, pen test:3,
      pentest:3, phishing:3, open redirect:3, traversal:3, forge:2, forged:2, takeover:2,
      taken over:2, brute force:3, credential stuffing:3, stuffing:1.5, encrypt:1.5, encryption:1.5,
      rce:3, remote code execution:3, idor:3, direct object reference:3, access control:2.5,
      without checking:1, sanitize:2, sanitise:2, escaping:1.5, unescaped:2, innerhtml:2,
      httponly:3, samesite:2.5, session cookie:1.5, cookie:0.6, account takeover:3, fraud:1.5,
      suspicious:1, another person:1.5, someone else:1.5, other users:1, another customer:1.5,
      other customer:1.5, allow-list:1.5, allowlist:1.5, vpn:1, default password:2.5, dependency scan:2, api key:2.5,
      secret access key:3, access key:2.5, clear text:2, plain text:1.5, readable by:1.2,
      belongs to:1.2, belong to:1.2, ownership:1.5, any user can:1.5, anyone can:1.5,
      """;
  private static final String DATABASE =
      """
      database:2, db:1.5, sql:1.5, query:1.2, queries:1.2, postgres:2, postgresql:2, mysql:2,
      psql:2, sqlite:2, oracle:1.5, schema:1.5, migration:2, migrations:2, table:1, column:1.2,
      row:0.8, rows:0.8, index:1.5, indexes:1.5, deadlock:2.5, lock:0.8, locks:0.8, transaction:1.5,
      vacuum:2.5, autovacuum:3, replica:1.5, replication:2, sequence:1, constraint:1.5,
      unique constraint:2.5, duplicate key:2.5, foreign key:2.5, join:1, joins:1, planner:2,
      explain:1.5, explain analyze:3, sequential scan:3, seq scan:3, tuple:2, tuples:2,
      partition:1.5, partitions:1.5, trigger:1.2, corrupt:2, corruption:2, corrupted:2,
      data corruption:3, orm:1.5, connection slots:2, max_connections:2, pg_stat_activity:3,
      idle in transaction:3, rows_examined:3, stored procedure:2, records:0.6, record:0.4,
      totals:0.8,
      same record:1.5, pagination:0.6, statistics:1, dead tuples:3,
      lost update:3,
      """;
  private static final String API =
      """
      api:1.5, endpoint:2, endpoints:2, handler:1.5, controller:1.5, route:1, rest:1, graphql:2,
      resolver:1.5, webhook:2, webhooks:2, websocket:2, request:0.8, requests:0.8, response:1,
      responses:1, payload:1.5, json:1, serialization:2, serializer:2, serialize:2, status code:1.5,
      idempotency:2.5, idempotency-key:2.5, header:1, content-type:2, content type:2, upload:1,
      multipart:2, backend:1.5, server error:1.5, service:0.5, microservice:1.5, timeout:0.8,
      latency:1, p95:1.5, p99:1.5, retry:0.6, retries:0.6, client:0.5, dto:2, grpc:2, cache key:2,
      rate limiter:2, rate limit:1, partner:1, integration:0.6, format:0.6, query string:0.5,
      parameter:1, page_size:1.5, 429:1, unauthorized:0.5, body parser:2,
      validation:1, request schema:2, downstream:1.5, upstream service:1.5, fallback:1,
      sends:0.5, results:0.3,
      """;
  private static final String FRONTEND =
      """
      frontend:2, front end:2, ui:2, ux:2, button:1.5, buttons:1.5, page:0.7, screen:1.2, render:1.2,
      rendering:1.2, css:2.5, layout:1.5, browser:1.5, safari:2, firefox:2, chrome:1.5, mobile:0.6,
      phone:0.8, tablet:1.5, tablets:1.5, ipad:2, z-index:3, modal:2, dialog:1.5, dropdown:2,
      menu:1.2, spinner:2, component:1.5, react:2.5, vue:2.5, angular:2.5, next.js:2, hydration:3,
      dom:2, javascript:2, typescript:1.5, console:1, click:1.2, clicking:1.2, tap:1.5, form:1,
      font:2, overlap:2, overlaps:2, overflow:1.5, overflows:1.5, scroll:1.5, responsive:2,
      dark mode:3, colour:1.5, color:1.5, print:1.5, accessibility:3, screen reader:3,
      aria:2, keyboard:1.5, date picker:3, drawer:2, banner:1.5, tooltip:2, icon:1.5, logo:1.2,
      animation:2, flicker:2, flickers:2, chart:1.5, charts:1.5, grid:1, re-render:2.5,
      re-rendering:2.5, profiler:1, paste:1.5, editor:1, arrow:1.5,
      checkbox:2, tab:0.5, landscape:2, dark:0.5, cut off:1,
      network tab:0.5, view source:1, displays:1, display:1, shows:0.6, show:0.4,
      local date:1, toisostring:2, react query:3, useeffect:3, uselayouteffect:3, props:2, state management:1.5,
      """;
  private static final String TESTING =
      """
      test:1.5, tests:1.5, testing:1.5, flaky:3, flake:2.5, regression:1.5, regression test:3,
      coverage:2.5, assertion:2.5, assert:2, test case:2.5, unit test:3, integration test:3,
      integration tests:3, e2e:3, end-to-end:2.5, end-to-end suite:3, cypress:3, selenium:3,
      playwright:3, junit:2.5, pytest:3, jest:2.5, mock:2, mocks:2, stub:2, fake:1.5, fixture:2,
      fixtures:2, snapshot:2, load test:3, k6:3, jmeter:3, benchmark:2.5, benchmarks:2.5, qa:2.5,
      quality assurance:3, by hand:2, suite:2, test stage:2.5, spec:1,
      stay fixed:3, came back:1.5, breaks again:2, contract test:3, contract tests:3,
      fixed clock:1.5, fake clock:2.5, virtual users:2.5, test class:2.5,
      assertions:2.5, exercised:2, noise:1, warm-up:1.5, surefire:3, failsafe:2,
      test runner:3, passes even when:2.5, cannot fail:2.5, test passes:2,
      """;
  private static final String DEVOPS =
      """
      devops:2, deploy:1, deployment:1.2, rollout:1.5, pipeline:1.2, pipelines:1.2, ci:1, build:0.6,
      docker:2, container:1.5, image:0.6, kubernetes:2.5, k8s:2.5, kubectl:2.5, pod:2, pods:2,
      node:0.8, nodes:0.8, cluster:2, helm:2.5, ingress:2.5, load balancer:2.5, dns:2.5, cdn:1.5,
      nginx:2, terraform:3, ansible:3, aws:1, gcp:1.5, azure:1.5, rds:1.5, ec2:2, s3:1,
      servers:0.5, new servers:2.5, ingress controller:3, infrastructure:2.5, monitoring:2, grafana:3, prometheus:3,
      outage:2.5, down:1, downtime:2.5, cpu:1.5, memory limit:2.5, oom:2, oomkilled:3, disk:1.5,
      volume:1.5, mounted:1.5, no space left:3, certificate:2, tls:1.5, ssl:1.5, autoscaler:3,
      scaling:1.5, replicas:1.5, sticky sessions:3, canary:3, service mesh:3, istio:3, cron:1.5,
      cron job:2, backup:1.2, log rotation:3, registry:2, github actions:3, ci runner:2, self-hosted runner:2, exit code:1,
      smtp:3, emails:0.8, grace period:2, termination:1, restart:1, restarting:1, region:1.5,
      regions:1.5, firewall:2.5, network:0.8, nightly:0.6, was down:3, website was down:3,
      scrape:2.5, namespace:2, manifest:2, alert:0.6,
      """;

  private static final Map<String, List<Term>> BY_AREA = new HashMap<>();
  private static final int LONGEST;

  static {
    BY_AREA.put("security", parse(SECURITY));
    BY_AREA.put("database", parse(DATABASE));
    BY_AREA.put("api", parse(API));
    BY_AREA.put("frontend", parse(FRONTEND));
    BY_AREA.put("testing", parse(TESTING));
    BY_AREA.put("devops", parse(DEVOPS));
    int longest = 1;
    for (List<Term> terms : BY_AREA.values())
      for (Term t : terms) longest = Math.max(longest, t.stems().size());
    LONGEST = longest;
  }

  private static final Map<String, List<Hit>> INDEX = index();

  private Lexicon() {}

  /** A term of an area: its stems (one for a word, several for a phrase) and weight. */
  public record Term(String text, List<String> stems, double weight) {}

  /** Where a term occurs: its area and weight. */
  public record Hit(String area, Term term) {}

  /** The longest phrase, in words. */
  public static int longest() {
    return LONGEST;
  }

  /** The area terms spelled by {@code stems} (joined by spaces), if any. */
  public static List<Hit> lookup(String joinedStems) {
    return INDEX.getOrDefault(joinedStems, List.of());
  }

  /** Terms by their stems; words that stem alike in one area count once, at the higher weight. */
  private static Map<String, List<Hit>> index() {
    Map<String, List<Hit>> index = new HashMap<>();
    for (String area : AREAS)
      for (Term t : BY_AREA.get(area)) {
        List<Hit> hits =
            index.computeIfAbsent(String.join(" ", t.stems()), k -> new java.util.ArrayList<>());
        java.util.Optional<Hit> same = hits.stream().filter(h -> h.area().equals(area)).findFirst();
        if (same.isEmpty()) hits.add(new Hit(area, t));
        else if (same.get().term().weight() < t.weight()) {
          hits.remove(same.get());
          hits.add(new Hit(area, t));
        }
      }
    return index;
  }

  private static List<Term> parse(String spec) {
    List<Term> out = new java.util.ArrayList<>();
    for (String item : spec.split(",")) {
      String s = item.strip();
      if (s.isEmpty()) continue;
      int colon = s.lastIndexOf(':');
      String text = s.substring(0, colon).strip();
      out.add(new Term(text, Words.stems(text), Double.parseDouble(s.substring(colon + 1))));
    }
    return out;
  }
}
