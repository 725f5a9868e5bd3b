/**
 * Resources and agent slots shared by every run and every process on one store (docs/conflicts.md):
 * a {@link dev.baton.resource.ResourceArbiter} grants {@link dev.baton.resource.Claim}s all at once
 * or not at all, queues the rest by run priority then age, and asks low-priority holders of an
 * agent's slot to yield to a critical run. {@link dev.baton.resource.Arbitration} is the decision
 * itself, a pure function every arbiter shares.
 */
package dev.baton.resource;
