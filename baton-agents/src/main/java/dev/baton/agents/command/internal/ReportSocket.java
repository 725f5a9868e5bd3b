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
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A second way in for an attempt's {@code @baton} lines, for programs its command starts that do
 * not own its standard output (an MCP server such as {@code baton mcp} run by a coding agent): a
 * Unix domain socket in this process's {@linkplain PrivateDir private folder} ({@code
 * BATON_REPORTS}), guarded by the attempt's token ({@code BATON_REPORTS_TOKEN}). A client sends the
 * token, then one {@code @baton} line per line, and reads {@code ok} or {@code error REASON} for
 * each. One socket serves every attempt of the process; an attempt's token is void once the attempt
 * ends, and its clients are disconnected.
 */
public final class ReportSocket implements AutoCloseable {
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static Server server; // guarded by LOCK

  private final Server at;
  private final String token;
  private final ProtocolLines protocol;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;

  private ReportSocket(Server at, String token, ProtocolLines protocol) {
    this.at = at;
    this.token = token;
    this.protocol = protocol;
  }

  /** Lets the holder of {@code token} report to {@code protocol} until {@link #close()}. */
  public static ReportSocket open(String token, ProtocolLines protocol) throws IOException {
    Server s = server();
    ReportSocket attempt = new ReportSocket(s, token, protocol);
    if (s.attempts.putIfAbsent(token, attempt) != null)
      throw new IllegalArgumentException("this token is already in use");
    return attempt;
  }

  /** The process's socket, opened on first use (again when its file was removed). */
  private static Server server() throws IOException {
    LOCK.lock();
    try {
      if (server == null || !Files.exists(server.socket)) {
        if (server != null) server.close();
        server = Server.start();
      }
      return server;
    } finally {
      LOCK.unlock();
    }
  }

  public Path path() {
    return at.socket;
  }

  @Override
  public void close() {
    open = false;
    at.attempts.remove(token, this);
    for (SocketChannel c : clients) disconnect(c);
  }

  /**
   * Ends the connection at once in both directions, then closes the channel: the client reads the
   * end of the stream and the thread reading it wakes, even while a close alone would wait for that
   * thread to leave its read.
   */
  private static void disconnect(SocketChannel c) {
    try {
      c.shutdownInput();
      c.shutdownOutput();
    } catch (IOException | RuntimeException alreadyGone) {
      // closed meanwhile: the close below is all that is left
    }
    closeQuietly(c);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  /** The listening socket and the attempts it serves, by token. */
  private static final class Server {
    final Path socket;
    final ServerSocketChannel channel;
    final Map<String, ReportSocket> attempts = new ConcurrentHashMap<>();

    private Server(Path socket, ServerSocketChannel channel) {
      this.socket = socket;
      this.channel = channel;
    }

    static Server start() throws IOException {
      Path dir = Files.createTempDirectory(PrivateDir.get(), "reports-");
      dir.toFile().deleteOnExit();
      Path socket = dir.resolve("reports.sock");
      ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      channel.bind(UnixDomainSocketAddress.of(socket));
      socket.toFile().deleteOnExit();
      Server s = new Server(socket, channel);
      Thread.ofVirtual().name("baton-reports").start(s::serve);
      return s;
    }

    private void serve() {
      while (channel.isOpen()) {
        try {
          SocketChannel c = channel.accept();
          Thread.ofVirtual().name("baton-reports-client").start(() -> client(c));
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void client(SocketChannel c) {
      ReportSocket attempt = null;
      try (c;
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
          OutputStream out = Channels.newOutputStream(c)) {
        String first = in.readLine();
        attempt = first == null ? null : attempts.get(first);
        if (attempt == null
            || !MessageDigest.isEqual(
                first.getBytes(StandardCharsets.UTF_8),
                attempt.token.getBytes(StandardCharsets.UTF_8))) {
          out.write(
              "error no running attempt has this token: it is wrong, or the attempt has ended\n"
                  .getBytes(StandardCharsets.UTF_8));
          return;
        }
        attempt.clients.add(c);
        if (!attempt.open) return; // ended while the token was being read: close() missed c
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          Optional<String> problem =
              !attempt.open
                  ? Optional.of("the attempt has ended")
                  : ProtocolLines.isProtocol(line)
                      ? attempt.protocol.acceptChecked(line)
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
        if (attempt != null) attempt.clients.remove(c);
      }
    }

    void close() {
      closeQuietly(channel);
      try {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
      } catch (IOException ignored) {
        // a folder left behind is harmless
      }
    }
  }
}
