package dev.baton.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a connection of its own (in auto-commit mode) for the group-commit writer, and on SQLite
 * for the arbiter's claims; whoever asked for it closes it.
 */
@FunctionalInterface
public interface ConnectionFactory {
  Connection open() throws SQLException;
}
