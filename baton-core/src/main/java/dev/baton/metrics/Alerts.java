package dev.baton.metrics;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The alerts journal: {@code AlertRaised} and {@code AlertResolved} events of every rule, appended
 * by whichever process evaluates the rules, in a journal of its own named {@link #STREAM} (not a
 * run, so it never shows in {@code baton runs}). An alert about an agent belongs to no single run;
 * keeping all alerts in one journal gives them one order, and a conflict on its seq is how two
 * processes notice that the other one already raised or resolved an alert.
 */
public final class Alerts {
  /** The journal id of the alerts journal. */
  public static final String STREAM = "baton:alerts";

  private Alerts() {}

  /** The alert an {@code AlertRaised} entry opens. */
  public static Alert raised(JournalEntry e, Event.AlertRaised r) {
    Alert.Subject subject =
        new Alert.Subject(opt(r.agent()), opt(r.taskType()), opt(r.run()), opt(r.step()));
    return new Alert(
        r.alert(),
        r.rule(),
        subject,
        true,
        r.value(),
        r.threshold(),
        r.reason(),
        e.time(),
        Optional.empty());
  }

  /** Every alert of the alerts journal, in the order they were raised. */
  public static List<Alert> fold(List<JournalEntry> entries) {
    LinkedHashMap<String, Alert> alerts = new LinkedHashMap<>();
    for (JournalEntry e : entries) {
      switch (e.event()) {
        case Event.AlertRaised r -> alerts.put(r.alert(), raised(e, r));
        case Event.AlertResolved r ->
            alerts.computeIfPresent(r.alert(), (k, a) -> a.resolvedAt(e.time()));
        default -> {}
      }
    }
    return new ArrayList<>(alerts.values());
  }

  private static Optional<String> opt(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
