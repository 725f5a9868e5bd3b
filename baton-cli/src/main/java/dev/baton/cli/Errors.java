package dev.baton.cli;

import dev.baton.BatonException;
import dev.baton.workflow.InvalidWorkflowException;
import dev.baton.workflow.Problem;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Turns exceptions into messages and exit codes: never a stack trace for a user's mistake. */
final class Errors implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    return switch (ex) {
      case InvalidWorkflowException iw -> {
        iw.problems().stream().sorted().map(Problem::toString).forEach(err::println);
        err.flush();
        yield ExitCodes.USAGE;
      }
      case dev.baton.RequestRefusedException r -> {
        err.println("baton: " + Printable.clean(r.getMessage()));
        err.flush();
        yield ExitCodes.USAGE;
      }
      case UserError u -> {
        err.println("baton: " + u.getMessage());
        err.flush();
        yield ExitCodes.USAGE;
      }
      case BatonException b -> {
        err.println("baton: " + Printable.clean(b.getMessage()));
        if (System.getenv("BATON_DEBUG") != null) b.printStackTrace(err);
        err.flush();
        yield ExitCodes.ERROR;
      }
      default -> {
        err.println("baton: internal error: " + ex);
        if (System.getenv("BATON_DEBUG") != null) ex.printStackTrace(err);
        else err.println("baton: set BATON_DEBUG=1 for details");
        err.flush();
        yield ExitCodes.ERROR;
      }
    };
  }
}
