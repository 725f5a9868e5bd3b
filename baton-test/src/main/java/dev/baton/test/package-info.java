/**
 * A small kit for testing workflows and agents without waiting or mocking: a {@link
 * dev.baton.test.ManualClock} that tests move by hand, {@link dev.baton.test.TestAttempt} with a
 * {@link dev.baton.test.RecordingReporter} for calling an agent directly, {@link
 * dev.baton.test.ScriptedAgent} for agents whose outcomes a test decides, and {@link
 * dev.baton.test.ScratchStore} for a store that lives as long as the test. Baton's own tests use
 * it; add it with test scope to test workflows embedded in an application.
 */
package dev.baton.test;
