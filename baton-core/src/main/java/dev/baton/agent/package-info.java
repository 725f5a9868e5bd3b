/**
 * Agents: the {@link dev.baton.agent.Agent} SPI, what an agent receives ({@link
 * dev.baton.agent.Handoff}), what it reports ({@link dev.baton.agent.Status}, {@link
 * dev.baton.agent.Reporter}) and how it ends ({@link dev.baton.agent.Outcome}).
 */
package dev.baton.agent;
