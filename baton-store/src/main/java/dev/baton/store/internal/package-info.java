/**
 * The JDBC journal store behind {@link dev.baton.store.Stores}: {@code JdbcJournalStore} (reads and
 * wiring), {@code GroupCommitWriter} (the writer thread and its queue), {@code AppendSql} (one
 * flush as one transaction), {@code Leases}, {@code Commands}, {@code Migrations} (Flyway) and
 * {@code Databases} (connections per kind of database). Not an API: it may change in any release.
 */
package dev.baton.store.internal;
