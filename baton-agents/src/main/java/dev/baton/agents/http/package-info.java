/**
 * {@code http} agents (docs/agent-protocols.md): remote agents reached with plain JSON ({@code
 * POST} of the handoff, {@code 202} + {@code Location} polled) or the A2A protocol's JSON-RPC
 * binding, over the JDK's HttpClient.
 */
package dev.baton.agents.http;
