package dev.baton.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.workflow.InputSpec;
import dev.baton.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The workflows a server offers as A2A skills: the valid workflow files in its folder and the
 * folders below it, two levels deep (hidden folders, {@code target} and {@code node_modules}
 * skipped; files that are not valid workflows, such as agents files, are not skills). A file is
 * loaded again only when it changes.
 */
final class Skills {
  private static final int DEPTH = 3;
  private static final int MOST_FILES = 200;

  /** One skill: a workflow and the path the server starts it from. */
  record Skill(String name, String path, Workflow workflow) {
    /**
     * The run's inputs: those of the workflow given in {@code given}, and the message's text for
     * the one required input left without a value (e.g. a bug report).
     */
    Map<String, String> inputs(JsonNode given, String text) {
      Map<String, String> out = new LinkedHashMap<>();
      if (given.isObject())
        for (var e : given.properties())
          if (workflow.inputs().containsKey(e.getKey()) && e.getValue().isValueNode())
            out.put(e.getKey(), e.getValue().asText());
      List<String> missing =
          workflow.inputs().values().stream()
              .filter(i -> i.required() && !out.containsKey(i.name()))
              .map(InputSpec::name)
              .toList();
      if (missing.size() == 1 && !text.isBlank()) out.put(missing.getFirst(), text);
      return out;
    }
  }

  private record Loaded(FileTime modified, Optional<Skill> skill) {}

  private final ServerState s;
  private final Map<Path, Loaded> cache = new ConcurrentHashMap<>();

  Skills(ServerState s) {
    this.s = s;
  }

  List<Skill> all() {
    Path root = s.workflowRoot().toAbsolutePath().normalize();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root, DEPTH)) {
      files =
          walk.filter(p -> !skipped(root.relativize(p)))
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .filter(Files::isRegularFile)
              .sorted()
              .limit(MOST_FILES)
              .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
    Map<String, Skill> byName = new LinkedHashMap<>();
    for (Path f : files) load(root, f).ifPresent(k -> byName.putIfAbsent(k.name(), k));
    List<Skill> out = new ArrayList<>(byName.values());
    out.sort(Comparator.comparing(Skill::name));
    return out;
  }

  Optional<Skill> pick(Optional<String> name) {
    List<Skill> all = all();
    if (name.isEmpty()) return all.size() == 1 ? Optional.of(all.getFirst()) : Optional.empty();
    return all.stream().filter(k -> k.name().equals(name.get())).findFirst();
  }

  List<String> names() {
    return all().stream().map(Skill::name).toList();
  }

  /** The card's {@code skills}. */
  ArrayNode card() {
    ArrayNode array = Documents.MAPPER.createArrayNode();
    for (Skill k : all()) {
      Workflow wf = k.workflow();
      ObjectNode n = array.addObject();
      n.put("id", k.name());
      n.put("name", k.name());
      StringBuilder d =
          new StringBuilder(
              wf.description() == null || wf.description().isBlank()
                  ? "The workflow " + k.name()
                  : wf.description().strip());
      if (!wf.inputs().isEmpty()) {
        d.append(
            ". Inputs (a data part {\"inputs\": {…}}; the text fills the one required input"
                + " left):");
        wf.inputs().values().stream()
            .sorted(Comparator.comparing(InputSpec::name))
            .forEach(i -> {
              d.append(' ').append(i.name());
              d.append(i.required() ? " (required)" : "");
              i.defaultValue().ifPresent(v -> d.append(" (default ").append(v).append(')'));
              if (!i.description().isBlank()) d.append(": ").append(i.description());
              d.append(';');
            });
      }
      n.put("description", d.toString());
      ArrayNode tags = n.putArray("tags").add("workflow");
      wf.team().forEach(tags::add);
      n.putArray("inputModes").add("text/plain").add("application/json");
      n.putArray("outputModes").add("application/json");
    }
    return array;
  }

  private Optional<Skill> load(Path root, Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      Loaded known = cache.get(file);
      if (known != null && known.modified().equals(modified)) return known.skill();
      Optional<Skill> skill;
      try {
        Workflow wf = s.loader().load(file, Optional.empty());
        skill =
            Optional.of(
                new Skill(wf.name(), root.relativize(file).toString().replace('\\', '/'), wf));
      } catch (RuntimeException notAWorkflow) {
        skill = Optional.empty();
      }
      cache.put(file, new Loaded(modified, skill));
      return skill;
    } catch (IOException gone) {
      return Optional.empty();
    }
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.equals("target") || name.equals("node_modules")) return true;
    }
    return false;
  }
}
