package dev.baton.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The way back to the attempt that started us: the command agent's report socket ({@code
 * BATON_REPORTS}) and the attempt's token ({@code BATON_REPORTS_TOKEN}). Each {@code @baton} line
 * is sent on a connection of its own and acknowledged.
 */
final class AttemptChannel {
  private final Optional<Path> socket;
  private final String token;

  AttemptChannel(Map<String, String> env) {
    this.socket =
        Optional.ofNullable(env.get("BATON_REPORTS")).filter(s -> !s.isBlank()).map(Path::of);
    this.token = env.getOrDefault("BATON_REPORTS_TOKEN", "");
  }

  /** Sends one line; empty when recorded, else why not. */
  Optional<String> send(String line) {
    if (socket.isEmpty())
      return Optional.of(
          "no attempt to report to: baton mcp runs under a command agent's attempt, which sets"
              + " BATON_REPORTS and BATON_REPORTS_TOKEN");
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket.get()));
      OutputStream out = Channels.newOutputStream(c);
      out.write((token + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
      String answer = in.readLine();
      if (answer == null) return Optional.of("the attempt has ended");
      return answer.equals("ok")
          ? Optional.empty()
          : Optional.of(answer.startsWith("error ") ? answer.substring(6) : answer);
    } catch (IOException e) {
      return Optional.of("the attempt has ended (its report socket is gone)");
    }
  }
}
