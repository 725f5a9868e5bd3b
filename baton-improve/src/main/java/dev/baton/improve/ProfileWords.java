package dev.baton.improve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.meta.TriageExample;
import dev.baton.store.JournalStore;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words an agent's profile already has, for {@code profile} proposals: the keywords and
 * capabilities the agents file (or the workflow's own {@code agents:}) gave it in the runs the
 * corrections came from, as their {@code RunStarted} recorded the texts. Counted as report words
 * are ({@link Proposer#words(String)}): {@code security-review} is {@code security} and {@code
 * review}.
 */
final class ProfileWords {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ProfileWords() {}

  /** Agent to the words of its profile, for each agent {@code corrections} moved reports to. */
  static Map<String, Set<String>> of(JournalStore store, List<TriageExample> corrections) {
    Map<String, Set<String>> out = new HashMap<>();
    Map<String, Event.Definition> definitions = new HashMap<>();
    for (TriageExample x : corrections) {
      if (x.origin().isEmpty()) continue;
      Event.Definition d = definitions.computeIfAbsent(x.origin(), run -> definition(store, run));
      if (d == null) continue;
      Set<String> words = out.computeIfAbsent(x.agent(), a -> new HashSet<>());
      for (String text : new String[] {d.agentsText(), d.workflowText()})
        words.addAll(profile(text, x.agent()));
    }
    return out;
  }

  private static Event.Definition definition(JournalStore store, String run) {
    List<JournalEntry> entries = store.read(run, 0);
    if (!entries.isEmpty() && entries.getFirst().event() instanceof Event.RunStarted s)
      return s.definition();
    return null;
  }

  /** The words of {@code agent}'s keywords and capabilities in a YAML file's {@code agents:}. */
  static Set<String> profile(String yaml, String agent) {
    Set<String> words = new HashSet<>();
    if (yaml == null || yaml.isBlank()) return words;
    JsonNode spec;
    try {
      spec = YAML.readTree(yaml).path("agents").path(agent);
    } catch (IOException e) {
      return words; // it was valid when its run started; a later change of format reads nothing
    }
    for (String field : List.of("keywords", "capabilities"))
      for (JsonNode w : spec.path(field)) words.addAll(Proposer.words(w.asText()));
    return words;
  }
}
