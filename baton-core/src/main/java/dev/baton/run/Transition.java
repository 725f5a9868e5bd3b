package dev.baton.run;

/**
 * One row of a lifecycle table: in state {@code from}, event type {@code event} leads to {@code
 * to}.
 */
public record Transition<S extends Enum<S>>(S from, String event, S to) {}
