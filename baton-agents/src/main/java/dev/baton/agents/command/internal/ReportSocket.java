package dev.baton.agents.command.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A second way in for an attempt's {@code @baton} lines, for programs its command starts that do
 * not own its standard output (an MCP server such as {@code baton mcp} run by a coding agent): a
 * Unix domain socket in a private folder ({@code BATON_REPORTS}), guarded by the attempt's token
 * ({@code BATON_REPORTS_TOKEN}). A client sends the token, then one {@code @baton} line per line,
 * and reads {@code ok} or {@code error REASON} for each. The socket is gone when the attempt ends,
 * so a token is void after its attempt.
 */
public final class ReportSocket implements AutoCloseable {
  private final Path dir;
  private final Path socket;
  private final ServerSocketChannel server;
  private final byte[] token;
  private final ProtocolLines protocol;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;

  private ReportSocket(
      Path dir, Path socket, ServerSocketChannel server, String token, ProtocolLines protocol) {
    this.dir = dir;
    this.socket = socket;
    this.server = server;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.protocol = protocol;
  }

  /** Opens the socket and serves it on virtual threads until {@link #close()}. */
  public static ReportSocket open(String token, ProtocolLines protocol) throws IOException {
    Path dir =
        Files.createTempDirectory(
            "baton-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = dir.resolve("reports.sock");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    ReportSocket s = new ReportSocket(dir, socket, server, token, protocol);
    Thread.ofVirtual().name("baton-reports").start(s::serve);
    return s;
  }

  public Path path() {
    return socket;
  }

  private void serve() {
    while (open) {
      try {
        SocketChannel c = server.accept();
        clients.add(c);
        Thread.ofVirtual().name("baton-reports-client").start(() -> client(c));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void client(SocketChannel c) {
    try (c;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
        OutputStream out = Channels.newOutputStream(c)) {
      String first = in.readLine();
      if (first == null || !MessageDigest.isEqual(first.getBytes(StandardCharsets.UTF_8), token)) {
        out.write("error the token is not this attempt's\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Optional<String> problem =
            !open
                ? Optional.of("the attempt has ended")
                : ProtocolLines.isProtocol(line)
                    ? protocol.acceptChecked(line)
                    : Optional.of("not a @baton line");
        out.write(
            problem
                .map(p -> "error " + p.replace('\n', ' '))
                .orElse("ok")
                .getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
      }
    } catch (IOException gone) {
      // the client went away, or the attempt ended
    } finally {
      clients.remove(c);
    }
  }

  @Override
  public void close() {
    open = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (SocketChannel c : clients) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
