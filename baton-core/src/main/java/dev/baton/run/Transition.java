package dev.baton.run;

import dev.baton.journal.Event;

/**
 * One row of a lifecycle table: in state {@code from}, an event of type {@code event} leads to
 * {@code to}.
 */
public record Transition<S extends Enum<S>>(S from, Class<? extends Event> event, S to) {}
