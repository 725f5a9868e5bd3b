package dev.baton.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens the writer's connection (in auto-commit mode); the writer closes it. */
@FunctionalInterface
public interface ConnectionFactory {
  Connection open() throws SQLException;
}
