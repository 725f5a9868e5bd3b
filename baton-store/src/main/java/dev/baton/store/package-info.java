/**
 * Durable journal stores: one SQLite file (the default) or a PostgreSQL database shared by several
 * nodes. Open one with {@link dev.baton.store.Stores#open(String)}. Both are the same JDBC store,
 * told apart by a {@link dev.baton.store.SqlDialect}; appends of all runs are written by one writer
 * thread per store in few transactions (group commit). The implementation lives in {@code
 * dev.baton.store.internal}.
 */
package dev.baton.store;
