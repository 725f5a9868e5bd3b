package dev.baton.agents.command.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This process's private folder (owner only) for what command agents' attempts need for a moment:
 * the handoff files, the report socket. It is made once, in memory where the system offers a place
 * ({@code $XDG_RUNTIME_DIR}, then {@code /dev/shm}), else in the temporary folder: creating and
 * deleting files there costs no disk journal, which on a busy disk is most of what a short
 * attempt's files cost. A folder that was removed meanwhile (a cleaner of {@code /tmp}) is made
 * again; it is deleted when the process exits, once empty.
 */
public final class PrivateDir {
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static Path dir; // guarded by LOCK

  private PrivateDir() {}

  /** The folder, made on first use. */
  public static Path get() throws IOException {
    LOCK.lock();
    try {
      if (dir == null || !Files.isDirectory(dir)) dir = create();
      return dir;
    } finally {
      LOCK.unlock();
    }
  }

  private static Path create() throws IOException {
    boolean posix =
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] owner =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
            }
            : new FileAttribute<?>[0];
    for (Path base : bases()) {
      try {
        Path made = Files.createTempDirectory(base, "baton-", owner);
        made.toFile().deleteOnExit();
        return made;
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        // not writable here after all: the next place
      }
    }
    Path made = Files.createTempDirectory("baton-", owner);
    made.toFile().deleteOnExit();
    return made;
  }

  /** Folders in memory, when they exist and can be written. */
  private static List<Path> bases() {
    List<Path> out = new ArrayList<>();
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) out.add(Path.of(runtime));
    out.add(Path.of("/dev/shm"));
    return out.stream().filter(p -> Files.isDirectory(p) && Files.isWritable(p)).toList();
  }
}
