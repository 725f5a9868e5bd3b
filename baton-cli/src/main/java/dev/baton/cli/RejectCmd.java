package dev.baton.cli;

import picocli.CommandLine.Command;

/** {@code baton reject TASK}: reject an approval, or abort an escalation. */
@Command(name = "reject", description = "Reject a task (for escalations: abort).")
final class RejectCmd extends AnswerCmd {
  @Override
  String action() {
    return "reject";
  }
}
