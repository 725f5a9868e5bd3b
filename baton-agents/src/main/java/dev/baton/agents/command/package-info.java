/**
 * Command agents (docs/agent-protocols.md): local programs started from an argv, speaking the
 * {@code @baton} line protocol on standard output. {@link
 * dev.baton.agents.command.CommandAgentFactory} makes them from {@code command:} definitions;
 * {@link dev.baton.agents.command.CommandAgent#forArgv} runs a {@code rollback: {run: [...]}}
 * compensation; {@link dev.baton.agents.command.CheckCommand} runs a step's {@code success.check}.
 * Process handling and protocol parsing live in {@code .internal}.
 */
package dev.baton.agents.command;
