package dev.baton.agents.command.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.test.MapSecrets;
import dev.baton.test.RecordingReporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;

class ReportSocketTest {

  /** One client connection: send a line, read the answer. */
  private record Client(SocketChannel channel, BufferedReader in, OutputStream out)
      implements AutoCloseable {
    static Client to(ReportSocket socket) throws IOException {
      SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
      c.connect(UnixDomainSocketAddress.of(socket.path()));
      return new Client(
          c,
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8)),
          Channels.newOutputStream(c));
    }

    /** The first line: the token, which gets no answer when it is right. */
    void hello(String token) throws IOException {
      out.write((token + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    String send(String line) throws IOException {
      hello(line);
      return in.readLine();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static ProtocolLines protocol(RecordingReporter reporter, String task) {
    return new ProtocolLines(reporter, MapSecrets.none(), "coder", task);
  }

  @Test
  void attempts_at_the_same_time_each_receive_only_what_is_sent_with_their_own_token()
      throws Exception {
    RecordingReporter first = new RecordingReporter();
    RecordingReporter second = new RecordingReporter();
    try (ReportSocket a = ReportSocket.open("token-a", protocol(first, "run-1/a1/1"));
        ReportSocket b = ReportSocket.open("token-b", protocol(second, "run-1/a2/1"));
        Client toA = Client.to(a);
        Client toB = Client.to(b)) {
      toA.hello("token-a");
      toB.hello("token-b");

      assertThat(toA.send("@baton status {\"progress\": 10, \"message\": \"a\"}")).isEqualTo("ok");
      assertThat(toB.send("@baton status {\"progress\": 20, \"message\": \"b\"}")).isEqualTo("ok");
      assertThat(toA.send("not a protocol line")).isEqualTo("error not a @baton line");

      assertThat(first.statuses)
          .singleElement()
          .satisfies(s -> assertThat(s.message()).isEqualTo("a"));
      assertThat(second.statuses)
          .singleElement()
          .satisfies(s -> assertThat(s.message()).isEqualTo("b"));
    }
  }

  @Test
  void a_token_is_refused_once_its_attempt_has_ended_and_its_clients_are_disconnected()
      throws Exception {
    RecordingReporter reporter = new RecordingReporter();
    ReportSocket ended = ReportSocket.open("token-ended", protocol(reporter, "run-1/a1/1"));
    try (ReportSocket live = ReportSocket.open("token-live", protocol(reporter, "run-1/a2/1"));
        Client connected = Client.to(ended)) {
      connected.hello("token-ended");
      assertThat(connected.send("@baton status {\"progress\": 10}")).isEqualTo("ok");

      ended.close();

      // the connected client is cut off: its next line gets no answer
      String after;
      try {
        after = connected.send("@baton status {\"progress\": 20}");
      } catch (IOException cut) {
        after = null;
      }
      assertThat(after).isNull();
      try (Client late = Client.to(live)) {
        assertThat(late.send("token-ended"))
            .isEqualTo(
                "error no running attempt has this token: it is wrong, or the attempt has ended");
      }
      assertThat(reporter.statuses).hasSize(1);
    }
  }

  @Test
  void the_socket_is_in_a_folder_only_its_owner_can_enter() throws Exception {
    try (ReportSocket s =
        ReportSocket.open("token-private", protocol(new RecordingReporter(), "t"))) {
      assertThat(Files.getPosixFilePermissions(PrivateDir.get()))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE);
      assertThat(s.path()).startsWith(PrivateDir.get());
    }
  }
}
