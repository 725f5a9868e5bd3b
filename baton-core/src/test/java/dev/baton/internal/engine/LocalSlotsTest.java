package dev.baton.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Need;
import dev.baton.resource.ResourceArbiter;
import dev.baton.store.memory.InMemoryResourceArbiter;
import dev.baton.workflow.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The slots of in-process agents follow the same queue and preemption rule as the shared arbiters:
 * every scenario here runs on {@link LocalSlots} and on the in-memory shared arbiter and must come
 * out the same.
 */
class LocalSlotsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant UNTIL = NOW.plusSeconds(3600);
  private static final String OWNER = "node-a";

  private static Claim claim(String run, Priority priority) {
    return new Claim(
        run + "/work",
        run,
        "work",
        OWNER,
        priority,
        priority == Priority.CRITICAL,
        List.of(Need.agentSlot("coder", 3)));
  }

  private static List<ResourceArbiter> arbiters() {
    return List.of(new LocalSlots(), new InMemoryResourceArbiter());
  }

  @Test
  void a_critical_claim_asks_the_lowest_priority_youngest_holder_to_yield() {
    for (ResourceArbiter arbiter : arbiters()) {
      for (String run : List.of("low-1", "low-2"))
        assertThat(arbiter.tryAcquire(claim(run, Priority.LOW), NOW, UNTIL))
            .isInstanceOf(Decision.Granted.class);
      arbiter.tryAcquire(claim("normal-3", Priority.NORMAL), NOW, UNTIL);

      Decision d = arbiter.tryAcquire(claim("critical", Priority.CRITICAL), NOW, UNTIL);

      assertThat(d).as(arbiter.getClass().getSimpleName()).isInstanceOf(Decision.Waiting.class);
      assertThat(((Decision.Waiting) d).preempting()).contains("low-2/work");
      assertThat(arbiter.yieldRequests(OWNER)).containsExactly("low-2/work");
      // asking again changes nothing: one holder yields to one critical claim
      Decision again = arbiter.tryAcquire(claim("critical", Priority.CRITICAL), NOW, UNTIL);
      assertThat(((Decision.Waiting) again).preempting()).contains("low-2/work");
      assertThat(arbiter.yieldRequests(OWNER)).containsExactly("low-2/work");

      arbiter.release("low-2/work");
      assertThat(arbiter.tryAcquire(claim("critical", Priority.CRITICAL), NOW, UNTIL))
          .isInstanceOf(Decision.Granted.class);
      assertThat(arbiter.yieldRequests(OWNER)).isEmpty();
    }
  }

  @Test
  void high_and_critical_holders_are_never_asked_to_yield() {
    for (ResourceArbiter arbiter : arbiters()) {
      arbiter.tryAcquire(claim("high-1", Priority.HIGH), NOW, UNTIL);
      arbiter.tryAcquire(claim("high-2", Priority.HIGH), NOW, UNTIL);
      arbiter.tryAcquire(claim("critical-1", Priority.CRITICAL), NOW, UNTIL);

      Decision d = arbiter.tryAcquire(claim("critical-2", Priority.CRITICAL), NOW, UNTIL);

      assertThat(((Decision.Waiting) d).preempting())
          .as(arbiter.getClass().getSimpleName())
          .isEqualTo(Optional.empty());
      assertThat(arbiter.yieldRequests(OWNER)).isEmpty();
    }
  }

  @Test
  void a_waiting_claim_is_served_before_a_later_one_of_lower_priority() {
    for (ResourceArbiter arbiter : arbiters()) {
      for (String run : List.of("a", "b", "c"))
        arbiter.tryAcquire(claim(run, Priority.NORMAL), NOW, UNTIL);
      arbiter.tryAcquire(claim("waiting-high", Priority.HIGH), NOW, UNTIL);
      arbiter.release("a/work");

      assertThat(arbiter.tryAcquire(claim("later-low", Priority.LOW), NOW, UNTIL))
          .as(arbiter.getClass().getSimpleName())
          .isInstanceOf(Decision.Waiting.class);
      assertThat(arbiter.tryAcquire(claim("waiting-high", Priority.HIGH), NOW, UNTIL))
          .isInstanceOf(Decision.Granted.class);
    }
  }

  @Test
  void a_claim_is_released_only_by_its_owner() {
    for (ResourceArbiter arbiter : arbiters()) {
      arbiter.tryAcquire(claim("a", Priority.NORMAL), NOW, UNTIL);

      arbiter.release("a/work", "node-b");
      assertThat(arbiter.holdings()).as(arbiter.getClass().getSimpleName()).hasSize(1);

      arbiter.release("a/work", OWNER);
      assertThat(arbiter.holdings()).isEmpty();
    }
  }
}
