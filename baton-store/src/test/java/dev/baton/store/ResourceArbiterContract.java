package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.journal.CreatedAgent;
import dev.baton.journal.LeaseOwner;
import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.resource.ResourceArbiter;
import dev.baton.workflow.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store's {@link ResourceArbiter} must do, run against each implementation. */
abstract class ResourceArbiterContract {
  /** The stores' {@link TestClock} starts here. */
  static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

  static final Instant LATER = NOW.plus(Duration.ofMinutes(5));
  static final String ME = LeaseOwner.current().toString();

  protected JournalStore store;
  protected ResourceArbiter arbiter;

  protected abstract JournalStore newStore() throws Exception;

  /**
   * True for stores that several processes share (the SQL stores): their claims belong to runs
   * whose leases move between processes.
   */
  protected boolean sharedByProcesses() {
    return true;
  }

  @BeforeEach
  void open() throws Exception {
    store = newStore();
    arbiter = store.arbiter().orElseThrow();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static Claim claim(String holder, Priority p, Need... needs) {
    return new Claim(
        holder,
        holder.split("/")[0],
        holder.split("/")[1],
        ME,
        p,
        p == Priority.CRITICAL,
        List.of(needs));
  }

  Decision acquire(Claim c) {
    return arbiter.tryAcquire(c, NOW, LATER);
  }

  @Test
  void an_exclusive_resource_has_one_holder_and_the_next_gets_it_on_release() {
    assertThat(acquire(claim("r1/a", Priority.NORMAL, Need.exclusive("db"))).granted()).isTrue();
    Decision second = acquire(claim("r2/b", Priority.NORMAL, Need.exclusive("db")));
    assertThat(second)
        .isInstanceOfSatisfying(
            Decision.Waiting.class,
            w -> {
              assertThat(w.blockedOn()).containsExactly("db");
              assertThat(w.holders()).containsExactly("r1/a");
            });
    arbiter.release("r1/a");
    assertThat(acquire(claim("r2/b", Priority.NORMAL, Need.exclusive("db"))).granted()).isTrue();
  }

  @Test
  void shared_holders_share_and_exclude_an_exclusive_one() {
    assertThat(acquire(claim("r1/a", Priority.NORMAL, Need.shared("cache"))).granted()).isTrue();
    assertThat(acquire(claim("r2/b", Priority.NORMAL, Need.shared("cache"))).granted()).isTrue();
    assertThat(acquire(claim("r3/c", Priority.NORMAL, Need.exclusive("cache"))).granted())
        .isFalse();
    // a later shared claim does not overtake the exclusive one queued before it
    assertThat(acquire(claim("r4/d", Priority.NORMAL, Need.shared("cache"))).granted()).isFalse();
  }

  @Test
  void a_claim_takes_everything_it_needs_or_nothing() {
    assertThat(acquire(claim("r1/a", Priority.NORMAL, Need.exclusive("db"))).granted()).isTrue();
    assertThat(
            acquire(claim("r2/b", Priority.NORMAL, Need.exclusive("cache"), Need.exclusive("db")))
                .granted())
        .isFalse();
    assertThat(arbiter.holdings())
        .filteredOn(Holding::granted)
        .extracting(Holding::holder)
        .containsExactly("r1/a");
  }

  @Test
  void agent_slots_follow_the_capacity_and_the_queue_is_served_by_priority_then_age() {
    Need slot = Need.agentSlot("api", 2);
    assertThat(acquire(claim("r1/a", Priority.NORMAL, slot)).granted()).isTrue();
    assertThat(acquire(claim("r2/a", Priority.NORMAL, slot)).granted()).isTrue();
    assertThat(acquire(claim("r3/a", Priority.LOW, slot)).granted()).isFalse();
    assertThat(acquire(claim("r4/a", Priority.NORMAL, slot)).granted()).isFalse();
    assertThat(acquire(claim("r5/a", Priority.HIGH, slot)).granted()).isFalse();
    arbiter.release("r1/a");
    assertThat(acquire(claim("r3/a", Priority.LOW, slot)).granted())
        .as("low waits for those before it")
        .isFalse();
    assertThat(acquire(claim("r4/a", Priority.NORMAL, slot)).granted())
        .as("normal waits for high")
        .isFalse();
    assertThat(acquire(claim("r5/a", Priority.HIGH, slot)).granted()).isTrue();
    arbiter.release("r2/a");
    assertThat(acquire(claim("r4/a", Priority.NORMAL, slot)).granted()).isTrue();
  }

  @Test
  void a_critical_claim_asks_the_youngest_normal_holder_of_the_slot_to_yield() {
    Need slot = Need.agentSlot("api", 1);
    assertThat(acquire(claim("r1/a", Priority.NORMAL, slot)).granted()).isTrue();
    Decision d = acquire(claim("r9/fix", Priority.CRITICAL, slot));
    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.Waiting.class, w -> assertThat(w.preempting()).contains("r1/a"));
    assertThat(arbiter.yieldRequests(ME)).containsExactly("r1/a");
    arbiter.release("r1/a");
    assertThat(acquire(claim("r1/a", Priority.NORMAL, slot)).granted())
        .as("the preempted step queues behind")
        .isFalse();
    assertThat(acquire(claim("r9/fix", Priority.CRITICAL, slot)).granted()).isTrue();
  }

  @Test
  void a_high_holder_is_not_preempted() {
    Need slot = Need.agentSlot("api", 1);
    assertThat(acquire(claim("r1/a", Priority.HIGH, slot)).granted()).isTrue();
    assertThat(acquire(claim("r9/fix", Priority.CRITICAL, slot)))
        .isInstanceOfSatisfying(Decision.Waiting.class, w -> assertThat(w.preempting()).isEmpty());
    assertThat(arbiter.yieldRequests(ME)).isEmpty();
  }

  @Test
  void claims_of_a_dead_process_or_an_expired_lease_are_reclaimed() {
    String dead =
        new LeaseOwner(LeaseOwner.current().host(), ProcessHandle.current().pid(), 1).toString();
    arbiter.tryAcquire(
        new Claim("r1/a", "r1", "a", dead, Priority.NORMAL, false, List.of(Need.exclusive("db"))),
        NOW,
        LATER);
    assertThat(acquire(claim("r2/b", Priority.NORMAL, Need.exclusive("db"))).granted()).isTrue();

    arbiter.tryAcquire(
        new Claim(
            "r3/c",
            "r3",
            "c",
            "elsewhere/1/1",
            Priority.NORMAL,
            false,
            List.of(Need.exclusive("cache"))),
        NOW,
        NOW.plusSeconds(1));
    assertThat(acquire(claim("r4/d", Priority.NORMAL, Need.exclusive("cache"))).granted())
        .isFalse();
    assertThat(
            arbiter
                .tryAcquire(
                    claim("r4/d", Priority.NORMAL, Need.exclusive("cache")),
                    NOW.plusSeconds(2),
                    LATER)
                .granted())
        .isTrue();
  }

  @Test
  void claims_of_dead_or_expired_owners_hold_nothing_and_are_not_shown() {
    assumeTrue(sharedByProcesses());
    String dead =
        new LeaseOwner(LeaseOwner.current().host(), ProcessHandle.current().pid(), 1).toString();
    Need slot = Need.agentSlot("dba", 1);
    arbiter.tryAcquire(
        new Claim("r1/a", "r1", "a", dead, Priority.NORMAL, false, List.of(slot)), NOW, LATER);
    arbiter.tryAcquire(
        new Claim("r2/b", "r2", "b", "elsewhere/1/1", Priority.NORMAL, false, List.of(slot)),
        NOW,
        NOW.minusSeconds(1));
    assertThat(arbiter.holdings()).isEmpty();
    assertThat(acquire(claim("r3/c", Priority.NORMAL, slot)).granted()).isTrue();
  }

  @Test
  void a_run_s_new_executor_takes_its_step_s_claim_over_and_the_old_one_cannot_free_it() {
    assumeTrue(sharedByProcesses());
    LeaseOwner old = new LeaseOwner("node-a", 1, 1);
    Need slot = Need.agentSlot("dba", 1);
    Claim byOld =
        new Claim("r1/a", "r1", "a", old.toString(), Priority.NORMAL, false, List.of(slot));
    store.acquireLease("r1", old, NOW.minusSeconds(1)); // the old executor's lease has expired
    assertThat(arbiter.tryAcquire(byOld, NOW, LATER).granted()).isTrue();
    Claim byMe = claim("r1/a", Priority.NORMAL, slot);
    // not the run's executor yet: the claim stays the old owner's
    assertThat(acquire(byMe).granted()).isFalse();
    assertThat(arbiter.holdings()).extracting(Holding::owner).containsExactly(old.toString());

    assertThat(store.acquireLease("r1", LeaseOwner.current(), LATER)).isEqualTo(ME);
    assertThat(acquire(byMe).granted()).as("the recovered step keeps its slot").isTrue();
    assertThat(arbiter.holdings()).extracting(Holding::owner).containsExactly(ME);
    // the old executor, paused meanwhile, neither takes it back nor frees it
    assertThat(arbiter.tryAcquire(byOld, NOW, LATER).granted()).isFalse();
    arbiter.release("r1/a", old.toString());
    assertThat(acquire(claim("r2/b", Priority.NORMAL, slot)).granted()).isFalse();
    arbiter.release("r1/a", ME);
    assertThat(acquire(claim("r2/b", Priority.NORMAL, slot)).granted()).isTrue();
  }

  @Test
  void renewing_keeps_claims_alive_past_their_first_lease() {
    arbiter.tryAcquire(
        claim("r1/a", Priority.NORMAL, Need.exclusive("db")), NOW, NOW.plusSeconds(1));
    arbiter.renew(ME, NOW.plusSeconds(60));
    assertThat(
            arbiter
                .tryAcquire(
                    claim("r2/b", Priority.NORMAL, Need.exclusive("db")),
                    NOW.plusSeconds(30),
                    LATER)
                .granted())
        .isFalse();
  }

  @Test
  void releases_that_come_with_a_claim_go_first_and_keep_the_queue_order() {
    Need slot = Need.agentSlot("coder", 1);
    assertThat(acquire(claim("r1/a", Priority.NORMAL, slot)).granted()).isTrue();
    assertThat(acquire(claim("r2/b", Priority.NORMAL, slot)).granted()).isFalse();

    // r1's step a ends and its step c asks for the slot in the same call: a is gone, and c queues
    // behind b, which asked first
    Decision c =
        arbiter.tryAcquire(claim("r1/c", Priority.NORMAL, slot), NOW, LATER, List.of("r1/a"));

    assertThat(c.granted()).isFalse();
    assertThat(arbiter.holdings()).extracting(Holding::holder).containsExactly("r2/b", "r1/c");
    assertThat(acquire(claim("r2/b", Priority.NORMAL, slot)).granted()).isTrue();
  }

  @Test
  void a_slot_counts_only_its_live_holders_however_many_claims_it_has() {
    assumeTrue(sharedByProcesses());
    String dead =
        new LeaseOwner(LeaseOwner.current().host(), ProcessHandle.current().pid(), 1).toString();
    Need slot = Need.agentSlot("coder", 3);
    arbiter.tryAcquire(
        new Claim("r1/a", "r1", "a", dead, Priority.NORMAL, false, List.of(slot)), NOW, LATER);
    arbiter.tryAcquire(
        new Claim("r2/a", "r2", "a", "elsewhere/1/1", Priority.NORMAL, false, List.of(slot)),
        NOW,
        NOW.minusSeconds(1));
    assertThat(acquire(claim("r3/a", Priority.NORMAL, slot)).granted()).isTrue();
    assertThat(acquire(claim("r4/a", Priority.NORMAL, slot)).granted()).isTrue();

    assertThat(acquire(claim("r5/a", Priority.NORMAL, slot)).granted())
        .as("two live holders of three places")
        .isTrue();
    assertThat(acquire(claim("r6/a", Priority.NORMAL, slot)))
        .isInstanceOfSatisfying(
            Decision.Waiting.class,
            w -> assertThat(w.holders()).containsExactly("r3/a", "r4/a", "r5/a"));
    assertThat(acquire(claim("r7/a", Priority.NORMAL, slot)).granted())
        .as("queues behind r6")
        .isFalse();
    arbiter.release("r3/a");
    assertThat(acquire(claim("r8/a", Priority.NORMAL, slot)).granted())
        .as("a place is free, but r6 and r7 asked first")
        .isFalse();
    assertThat(acquire(claim("r6/a", Priority.NORMAL, slot)).granted()).isTrue();
    assertThat(arbiter.holdings())
        .extracting(Holding::holder)
        .containsExactly("r4/a", "r5/a", "r6/a", "r7/a", "r8/a");
  }

  @Test
  void a_step_that_ends_and_starts_again_keeps_one_claim() {
    Need slot = Need.agentSlot("coder", 1);
    assertThat(acquire(claim("r1/a", Priority.NORMAL, slot)).granted()).isTrue();

    Decision again =
        arbiter.tryAcquire(claim("r1/a", Priority.NORMAL, slot), NOW, LATER, List.of("r1/a"));

    assertThat(again.granted()).isTrue();
    assertThat(arbiter.holdings()).singleElement().satisfies(h -> assertThat(h.granted()).isTrue());
  }

  @Test
  void release_all_frees_only_the_owners_claims() {
    assumeTrue(sharedByProcesses());
    Need db = Need.shared("db");
    assertThat(acquire(claim("r1/a", Priority.NORMAL, db)).granted()).isTrue();
    assertThat(acquire(claim("r1/b", Priority.NORMAL, db)).granted()).isTrue();
    assertThat(
            arbiter
                .tryAcquire(
                    new Claim(
                        "r2/c", "r2", "c", "elsewhere/1/1", Priority.NORMAL, false, List.of(db)),
                    NOW,
                    LATER)
                .granted())
        .isTrue();

    arbiter.releaseAll(List.of("r1/a", "r1/b", "r2/c", "r9/unknown"), ME);

    assertThat(arbiter.holdings()).extracting(Holding::holder).containsExactly("r2/c");
  }

  @Test
  void created_specialists_are_kept() {
    store.saveAgent(
        new CreatedAgent(
            "k8s-specialist",
            "k8s-specialist",
            "Kubernetes",
            "command",
            List.of("kubernetes"),
            "r1",
            "gap",
            NOW));
    store.saveAgent(
        new CreatedAgent(
            "k8s-specialist",
            "k8s-specialist",
            "again",
            "command",
            List.of("kubernetes"),
            "r2",
            "gap",
            NOW));
    assertThat(store.createdAgents())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.capabilities()).containsExactly("kubernetes");
          assertThat(a.run()).isEqualTo("r1");
        });
  }
}
