package dev.baton.cli;

import dev.baton.mcp.BatonMcp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code baton mcp}: the MCP server over stdio that a coding agent, started by a command agent,
 * loads as a tool server to report on its attempt (docs/agent-protocols.md). It reaches the attempt
 * through {@code BATON_REPORTS} and {@code BATON_REPORTS_TOKEN}, which every command agent's
 * attempt sets.
 */
@Command(
    name = "mcp",
    description =
        "MCP server over stdio for an agent's attempt: report_status, report_finding,"
            + " handoff_notes, request_support, report_gap, review, complete_task.")
public final class McpCommand implements Callable<Integer> {
  @Override
  public Integer call() throws InterruptedException {
    BatonMcp.serve(System.getenv(), System.in, System.out);
    return 0;
  }
}
