package dev.baton.workflow.internal;

import dev.baton.workflow.Expression;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.Optional;

/**
 * Compiles and type-checks the CEL of workflow files against Baton's variables: {@code inputs},
 * {@code run}, {@code phase}, {@code steps}, {@code findings}, and {@code item} inside {@code
 * foreach} phases. Problems are reported at the expression's node, at the column CEL names when the
 * expression sits on one line.
 */
final class CelCompiler {
  /** The type an expression must yield. */
  enum Yields {
    BOOL("a condition (true or false)", CelKind.BOOL),
    LIST("a list", CelKind.LIST),
    STRING("a text", CelKind.STRING),
    ANY("a value", CelKind.DYN);

    final String words;
    final CelKind kind;

    Yields(String words, CelKind kind) {
      this.words = words;
      this.kind = kind;
    }
  }

  private static final Cel WITHOUT_ITEM = build(false);
  private static final Cel WITH_ITEM = build(true);

  private CelCompiler() {}

  // CEL 0.14 deprecates the option without a replacement yet; Baton relies on native values.
  @SuppressWarnings("deprecation")
  private static Cel build(boolean item) {
    var dynMap = MapType.create(SimpleType.STRING, SimpleType.DYN);
    var b =
        CelFactory.legacyCelBuilder()
            .setOptions(
                CelOptions.current()
                    .evaluateCanonicalTypesToNativeValues(true)
                    .enableHeterogeneousNumericComparisons(true)
                    .build())
            .addVar("inputs", dynMap)
            .addVar("run", dynMap)
            .addVar("phase", dynMap)
            .addVar("steps", MapType.create(SimpleType.STRING, dynMap))
            .addVar("findings", ListType.create(SimpleType.STRING));
    if (item) b.addVar("item", SimpleType.DYN);
    return b.build();
  }

  /**
   * Compiles a scalar's text; reports and yields nothing when it does not compile or has the wrong
   * type.
   */
  static Optional<Expression> compile(
      Node.Scalar node,
      String source,
      String label,
      Yields yields,
      boolean item,
      Problems problems) {
    Cel cel = item ? WITH_ITEM : WITHOUT_ITEM;
    try {
      CelAbstractSyntaxTree ast = cel.compile(source).getAst();
      CelType type = ast.getResultType();
      if (yields != Yields.ANY && type.kind() != CelKind.DYN && type.kind() != yields.kind) {
        problems.at(
            node,
            label + " must yield " + yields.words + ", but '" + source + "' yields " + type.name());
        return Optional.empty();
      }
      return Optional.of(new CelExpression(source, cel.createProgram(ast)));
    } catch (CelValidationException e) {
      CelIssue issue = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
      String message = issue == null ? e.getMessage() : explain(issue.getMessage(), item);
      int line = node.line();
      int column = node.column();
      if (issue != null
          && issue.getSourceLocation().getLine() == 1
          && !source.contains("\n")
          && problems.charAt(node.line(), node.column()) != '|'
          && problems.charAt(node.line(), node.column()) != '>') {
        column = problems.contentColumn(node) + Math.max(0, issue.getSourceLocation().getColumn());
      }
      problems.at(line, column, label + " is not valid CEL: " + message);
      return Optional.empty();
    } catch (dev.cel.runtime.CelEvaluationException | RuntimeException e) {
      problems.at(node, label + " is not valid CEL: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static String explain(String message, boolean item) {
    String m = message.length() > 240 ? message.substring(0, 240) + "…" : message;
    if (!item && m.contains("undeclared reference to 'item'"))
      return "'item' exists only in the steps of a 'foreach' phase";
    if (m.startsWith("undeclared reference")) {
      return m
          + "; the variables are inputs, run, phase, steps, findings (and item in foreach); write steps['my-step'] for ids with '-'";
    }
    return m;
  }
}
