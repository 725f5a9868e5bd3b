package dev.baton.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeaseOwnerTest {

  @Test
  void a_named_node_is_this_process_under_a_stable_name() {
    LeaseOwner node = LeaseOwner.node("node-1");
    assertThat(node.sameProcess(LeaseOwner.current())).isTrue();
    assertThat(node.node()).isEqualTo("node-1");
    assertThat(node.toString()).isEqualTo(LeaseOwner.current() + "/node-1");
    assertThat(LeaseOwner.parse(node.toString())).contains(node);
    assertThat(node.isDead()).isFalse();
  }

  @Test
  void a_process_without_a_name_is_its_host_and_reads_as_before() {
    LeaseOwner before = LeaseOwner.parse("build-7/4242/1700000000000").orElseThrow();
    assertThat(before.node()).isEqualTo("build-7");
    assertThat(before.toString()).isEqualTo("build-7/4242/1700000000000");
    assertThat(LeaseOwner.nodeOf("build-7/4242/1700000000000/eu-1:7070")).isEqualTo("eu-1:7070");
    assertThat(LeaseOwner.nodeOf("not an owner")).isEqualTo("not an owner");
  }

  @Test
  void a_dead_process_of_this_host_is_dead_whatever_its_node_name() {
    LeaseOwner gone =
        new LeaseOwner(LeaseOwner.current().host(), ProcessHandle.current().pid(), 1, "node-2");
    assertThat(gone.isDead()).as("same pid, another start time: a reused pid").isTrue();
    assertThat(new LeaseOwner("elsewhere", 1, 1, "node-3").isDead()).isFalse();
  }

  @Test
  void node_names_are_short_words_without_slashes() {
    assertThat(LeaseOwner.isNodeName("host.example:7070")).isTrue();
    assertThat(LeaseOwner.isNodeName("a/b")).isFalse();
    assertThat(LeaseOwner.isNodeName("")).isFalse();
    assertThat(LeaseOwner.isNodeName("x".repeat(65))).isFalse();
    assertThatThrownBy(() -> LeaseOwner.node("-x")).isInstanceOf(IllegalArgumentException.class);
  }
}
