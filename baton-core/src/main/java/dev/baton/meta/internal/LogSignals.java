package dev.baton.meta.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What stack traces, log lines and quoted output point at: SQL states and database errors, HTTP
 * statuses, browser and JavaScript frames, kubelet and CI messages, test runners' failures,
 * vulnerability scanners. A signal is worth more than a word because a machine wrote it: nobody
 * pastes {@code SQLSTATE 40P01} into a report about a button.
 */
final class LogSignals {
  private LogSignals() {}

  /** A signal found: the area it points at, its weight and what was seen. */
  record Signal(String area, double weight, String seen) {}

  private record Rule(Pattern pattern, String area, double weight) {}

  private static final List<Rule> RULES =
      List.of(
          rule(
              "database",
              3,
              "SQL ?state:? ?\\w{5}|SQLSTATE\\W*\\w{5}|PSQLException|SQLException|BadSqlGrammar"
                  + "|ORA-\\d{5}|deadlock detected|duplicate key value|violates (unique|foreign key"
                  + "|not-null|check) constraint|(relation|column) \"[^\"]+\" does not exist"
                  + "|Query_time:|Rows_examined:|waiting for \\w*Lock|idle in transaction"
                  + "|connection slots are reserved|too many connections|EXPLAIN( ANALYZE)?\\b"
                  + "|Seq Scan on|canceling statement due to"),
          rule(
              "frontend",
              3,
              "at \\S+ \\([^)]*\\.(jsx?|tsx?|vue|svelte|mjs)(:\\d+)+\\)|\\(\\w+\\.(jsx?|tsx?|vue)"
                  + ":\\d+|Uncaught \\w*|TypeError: Cannot read propert|DOMException"
                  + "|Hydration failed|ResizeObserver loop|react-dom|ChunkLoadError"
                  + "|Warning: Each child in a list|is not a function at"),
          rule(
              "devops",
              3,
              "CrashLoopBackOff|ImagePullBackOff|ErrImagePull|OOMKilled|FailedScheduling"
                  + "|Insufficient (cpu|memory)|(Readiness|Liveness) probe failed"
                  + "|Back-off restarting|kubelet|exit code 137|no space left on device"
                  + "|NodeNotReady|Evicted|Process completed with exit code|buildx failed"
                  + "|failed to push|helm upgrade|terraform (plan|apply)"),
          rule(
              "testing",
              3,
              "Tests run: \\d+|AssertionFailedError|AssertionError|expected:? ?<[^>]*> but was"
                  + "|FAILED [\\w/]+\\.py::|\\d+ failed, \\d+ passed|CypressError"
                  + "|Timed out retrying after|assert .+ == |Failures: [1-9]"),
          rule(
              "security",
              3,
              "CVE-\\d{4}-\\d{4,}|alg\"?[=:]\\s*\"?none|\\.\\./\\.\\./|onerror\\s*=|<script"
                  + "|' ?OR ?'?1'? ?= ?'?1|login failed .*ip=|Remote code execution|JNDI"
                  + "|authorization code to|redirect_uri=https?://"),
          rule(
              "api",
              1.5,
              "at [\\w.$]+\\.\\w*(Controller|Handler|Resource|Endpoint|Servlet)\\w*\\.\\w+\\("
                  + "|HttpMediaType\\w+|HttpMessageNotReadable|JsonMappingException"
                  + "|MethodArgumentNotValid|DEADLINE_EXCEEDED"));

  private static final Pattern STATUS =
      Pattern.compile(
          "(?:HTTP/[\\d.]+\\s+|status[=: ]\\s*|returns?\\s+(?:an?\\s+)?|returned\\s+|answers?\\s+"
              + "|(?:is|was)\\s+|→\\s*|->\\s*|(?:GET|POST|PUT|PATCH|DELETE)\\s+\\S+\\s+)"
              + "([1-5]\\d\\d)\\b"
              + "|\\b([45]\\d\\d)\\s+(?:Bad Gateway|Gateway Timeout|Service Unavailable"
              + "|Too Many Requests|Unauthorized|Forbidden|Not Found|Unprocessable|Unsupported"
              + "|Internal Server Error)",
          Pattern.CASE_INSENSITIVE);

  private static Rule rule(String area, double weight, String regex) {
    return new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), area, weight);
  }

  /** The signals of a text; each kind of message counts once. */
  static List<Signal> of(String text) {
    List<Signal> out = new ArrayList<>();
    for (Rule r : RULES) {
      Matcher m = r.pattern().matcher(text);
      List<String> seen = new ArrayList<>();
      while (m.find() && seen.size() < 2) {
        String s = m.group().strip();
        if (!seen.contains(s)) seen.add(s);
      }
      for (int i = 0; i < seen.size(); i++)
        out.add(new Signal(r.area(), i == 0 ? r.weight() : r.weight() / 3, seen.get(i)));
    }
    Matcher m = STATUS.matcher(text);
    List<String> statuses = new ArrayList<>();
    while (m.find()) {
      String code = m.group(1) != null ? m.group(1) : m.group(2);
      if (statuses.contains(code)) continue;
      statuses.add(code);
      for (Signal s : status(code)) out.add(s);
    }
    return out;
  }

  private static List<Signal> status(String code) {
    String seen = "HTTP " + code;
    return switch (code) {
      case "502", "503", "504" -> List.of(new Signal("devops", 2.5, seen));
      case "500" -> List.of(new Signal("api", 1.5, seen));
      case "401", "403" -> List.of(new Signal("security", 0.7, seen), new Signal("api", 0.5, seen));
      case "400", "404", "405", "409", "413", "415", "422", "429" ->
          List.of(new Signal("api", 1.5, seen));
      default -> List.of();
    };
  }
}
