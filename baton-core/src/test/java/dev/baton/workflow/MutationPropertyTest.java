package dev.baton.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random mutations of valid files never crash the validator: every result is a workflow or a
 * non-empty list of positioned problems.
 */
class MutationPropertyTest {
  static final List<String> FILES = List.of("feature.yaml", "bug-fix.yaml", "performance.yaml");
  static final List<String> GARBAGE =
      List.of(
          "",
          "~",
          "[",
          "]",
          "{",
          "}",
          ":",
          "- x",
          "{{",
          "}}",
          "'",
          "\"",
          "&a",
          "*a",
          "!!int x",
          "0",
          "-1",
          "1e999",
          "true",
          "null",
          "[a, b]",
          "{a: 1}",
          "${",
          "duration('",
          "\t",
          "ü",
          "1h30",
          "paralel",
          "meta",
          "steps.x.y");

  record Mutation(int kind, int line, int garbage, int cut) {}

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 400),
            Arbitraries.integers().between(0, GARBAGE.size() - 1),
            Arbitraries.integers().between(0, 100))
        .as(Mutation::new);
  }

  @Property(tries = 300)
  void mutated_files_give_a_workflow_or_positioned_problems(
      @ForAll @Size(min = 1, max = 4) List<@From("mutations") Mutation> mutations,
      @ForAll("files") String file)
      throws Exception {
    String text = Files.readString(ExamplesTest.EXAMPLES.resolve(file));
    for (Mutation m : mutations) text = apply(text, m);
    Workflow.Sources sources =
        new Workflow.Sources(
            file,
            text,
            Optional.of("agents.yaml"),
            Optional.of(Files.readString(ExamplesTest.EXAMPLES.resolve("agents.yaml"))));
    try {
      Workflow w = WorkflowLoader.standard().load(sources);
      assertThat(w.phases()).isNotEmpty();
    } catch (InvalidWorkflowException e) {
      assertThat(e.problems())
          .isNotEmpty()
          .allSatisfy(p -> {
            assertThat(p.line()).isPositive();
            assertThat(p.column()).isPositive();
            assertThat(p.message()).isNotBlank();
          });
    }
  }

  @Provide
  Arbitrary<String> files() {
    return Arbitraries.of(FILES);
  }

  static String apply(String text, Mutation m) {
    List<String> lines = new ArrayList<>(text.lines().toList());
    if (lines.isEmpty()) return text;
    int i = m.line() % lines.size();
    String line = lines.get(i);
    String g = GARBAGE.get(m.garbage());
    switch (m.kind()) {
      case 0 -> lines.remove(i);
      case 1 -> lines.add(i, line);
      case 2 -> {
        int colon = line.indexOf(": ");
        lines.set(i, colon < 0 ? line + g : line.substring(0, colon + 2) + g);
      }
      case 3 -> {
        int colon = line.indexOf(':');
        lines.set(
            i,
            colon < 0
                ? g + line
                : line.substring(0, Math.max(0, colon - 1)) + g + line.substring(colon));
      }
      case 4 ->
          lines.set(
              i, line.substring(0, Math.min(line.length(), m.cut() % (line.length() + 1))) + g);
      default -> {
        return text.substring(0, text.length() * m.cut() / 100);
      }
    }
    return String.join("\n", lines) + "\n";
  }
}
