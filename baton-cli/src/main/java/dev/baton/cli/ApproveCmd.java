package dev.baton.cli;

import picocli.CommandLine.Command;

/** {@code baton approve TASK}: approve an approval, or continue an escalation. */
@Command(name = "approve", description = "Approve a task (for escalations: continue).")
final class ApproveCmd extends AnswerCmd {
  @Override
  String action() {
    return "approve";
  }
}
