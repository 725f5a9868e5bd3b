package dev.baton.server.internal;

import dev.baton.Baton;
import dev.baton.journal.JournalStore;
import dev.baton.server.AttemptTokens;
import dev.baton.server.Tokens;
import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Path;
import java.time.Clock;

/** What the routes work with. */
public record ServerState(
    Baton baton,
    WorkflowLoader loader,
    Path workflowRoot,
    Runner runner,
    EventHub hub,
    Tokens tokens,
    AttemptTokens attempts,
    Auth auth,
    Clock clock) {
  public JournalStore store() {
    return baton.store();
  }
}
