package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's name is its own among the servers of a store (docs/cluster.md): a second {@code baton
 * serve} asking for the name of a live node is refused with the holder named and exit code 2; the
 * name of a node killed with {@code kill -9} is free at once on its host, and one stopped with
 * SIGTERM is released.
 */
class NodeNamesEndToEndTest {
  @TempDir Path dir;
  private Served first;
  private Served again;

  @AfterEach
  void stop() {
    if (first != null) first.close();
    if (again != null) again.close();
  }

  @Test
  void a_second_node_with_a_live_node_s_name_is_refused_and_a_gone_node_s_name_is_free()
      throws Exception {
    Cli cli = Cli.in(dir);
    first = Served.start(cli, "--node", "alpha");

    Cli.Result twin = cli.baton("serve", "--port", "0", "--node", "alpha");
    assertThat(twin.exit()).as("%s", twin).isEqualTo(2);
    assertThat(twin.err())
        .contains("the node name 'alpha' is in use by")
        .containsPattern("in use by \\S+/[0-9]+/[0-9]+/alpha, a live node")
        .contains("--node");
    assertThat(first.process().process.isAlive()).isTrue();

    Cli.Result other = cli.baton("runs");
    assertThat(other.exit()).as("%s", other).isZero();

    first.kill9();
    again = Served.start(cli, "--node", "alpha");
    again.stop();
    again = Served.start(cli, "--node", "alpha");
    assertThat(again.process().process.isAlive()).isTrue();
  }
}
