package dev.baton.internal.engine;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders where answers to agents' support requests appear ({@code STATE/inbox/RUN/STEP}). They
 * hold agents' outputs, so they are private to the user (0700, where the file system has POSIX
 * permissions), and a run's empty ones go when the run ends.
 *
 * <p>Every command agent's attempt needs its folder before its program starts. Making a folder and
 * removing it when the run ends costs a file system little, except ext4 without a journal: there a
 * new inode is found by skipping every inode freed in the last minutes, so the cost of each new
 * folder grows with how many were removed lately (at thousands a minute, milliseconds a folder). So
 * an ended run's empty folders are not removed but renamed into this engine's spare folder ({@code
 * STATE/inbox/.spare-PID-…}, at most {@link #SPARES} of them), and a new inbox is a spare renamed
 * into place; a rename allocates no inode. The spares go when the engine closes, and a spare folder
 * whose process is gone is removed by the next engine on the state folder.
 */
final class Inboxes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Inboxes.class);
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final String SPARE_PREFIX = ".spare-";

  /** At most this many empty folders are kept for reuse; more are removed. */
  static final int SPARES = 256;

  private final Path root;
  private final Path spareDir;
  private final Deque<Path> spares = new ConcurrentLinkedDeque<>();
  private final AtomicInteger spareCount = new AtomicInteger();
  private final AtomicLong names = new AtomicLong();

  /** A step's inbox folder, made when first asked for. */
  record Folder(Inboxes inboxes, Path path) {
    /** The folder, made when missing; {@link IOException} when it cannot be. */
    Path create() throws IOException {
      inboxes.create(path);
      return path;
    }

    /**
     * As {@link #create}, for an attempt about to start: a folder that cannot be made is the
     * agent's problem only if it reads its inbox (a command agent then says so), never the
     * attempt's.
     */
    Path prepare() {
      try {
        return create();
      } catch (IOException | RuntimeException e) {
        log.debug("cannot create inbox {}: {}", path, e.toString());
        return path;
      }
    }
  }

  Inboxes(Path stateDir) {
    this.root = stateDir.resolve("inbox");
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    this.spareDir =
        root.resolve(
            SPARE_PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
    removeStaleSpares();
  }

  Folder folder(String run, String step) {
    return new Folder(this, root.resolve(run).resolve(step));
  }

  /**
   * Creates {@code dir} (a run's or a step's inbox) and the folders above it that are missing, each
   * readable by the user only, from a spare folder when there is one.
   */
  void create(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return;
    Path parent = dir.getParent();
    if (parent.equals(root)) {
      if (!Files.isDirectory(root)) createDirectory(root);
    } else {
      create(parent);
    }
    for (Path spare = spares.pollFirst(); spare != null; spare = spares.pollFirst()) {
      spareCount.decrementAndGet();
      try {
        Files.move(spare, dir, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (IOException e) {
        if (Files.isDirectory(spare)) {
          // the folder was made meanwhile (and holds an answer), or the one above it went: the
          // spare stays a spare, and the folder is made below
          keep(spare);
          break;
        }
        // the spare was removed from outside: the next one
      }
    }
    try {
      createDirectory(dir); // a folder made meanwhile is fine: it is there
    } catch (NoSuchFileException e) {
      // another run ended and removed the empty folder above at that moment: once more
      create(parent);
      createDirectory(dir);
    }
  }

  private static void createDirectory(Path dir) throws IOException {
    try {
      if (POSIX)
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      else Files.createDirectory(dir, new FileAttribute<?>[0]);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) throw e;
    }
  }

  /**
   * The empty step folders of a run that ended, then the run's folder, become spares (or are
   * removed when there are enough); a folder holding answers stays for whoever reads them.
   */
  void removeEmpty(String run) {
    Path runInbox = root.resolve(run);
    if (!Files.isDirectory(runInbox)) return;
    try {
      List<Path> steps;
      try (var list = Files.list(runInbox)) {
        steps = list.toList();
      }
      for (Path step : steps) retire(step);
      retire(runInbox);
      if (spareCount.get() == 0) deleteIfEmpty(root);
    } catch (IOException e) {
      log.debug("cannot clean up inbox {}: {}", runInbox, e.toString());
    }
  }

  /** An empty folder becomes a spare, or is removed when there are enough spares. */
  private void retire(Path dir) throws IOException {
    if (!Files.isDirectory(dir) || !empty(dir)) return;
    if (spareCount.get() >= SPARES) {
      deleteIfEmpty(dir);
      return;
    }
    if (!Files.isDirectory(spareDir)) createDirectory(spareDir);
    Path spare = spareDir.resolve(Long.toString(names.incrementAndGet()));
    try {
      Files.move(dir, spare, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return; // removed by another process meanwhile
    }
    if (empty(spare)) {
      keep(spare);
    } else {
      // an answer arrived between the look and the rename: it goes back where it was
      Files.move(spare, dir, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private void keep(Path spare) {
    spares.addLast(spare);
    spareCount.incrementAndGet();
  }

  private static boolean empty(Path dir) throws IOException {
    try (var list = Files.list(dir)) {
      return list.findAny().isEmpty();
    }
  }

  private static void deleteIfEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try {
      Files.delete(dir);
    } catch (DirectoryNotEmptyException | NoSuchFileException e) {
      // answers stay for whoever reads them; another process removed it first
    }
  }

  /** Removes the spare folders of processes that no longer run (killed before they closed). */
  private void removeStaleSpares() {
    if (!Files.isDirectory(root)) return;
    try (var list = Files.newDirectoryStream(root, SPARE_PREFIX + "*")) {
      for (Path dir : list) {
        String name = dir.getFileName().toString().substring(SPARE_PREFIX.length());
        int dash = name.indexOf('-');
        long pid;
        try {
          pid = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
        } catch (NumberFormatException e) {
          continue;
        }
        if (ProcessHandle.of(pid).isEmpty()) removeSpares(dir);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("cannot look for stale spare inboxes in {}: {}", root, e.toString());
    }
  }

  /** Removes the spares of this engine, then the inbox folder when nothing else is left in it. */
  @Override
  public void close() {
    spares.clear();
    spareCount.set(0);
    try {
      removeSpares(spareDir);
      deleteIfEmpty(root);
    } catch (IOException | RuntimeException e) {
      log.debug("cannot remove spare inboxes {}: {}", spareDir, e.toString());
    }
  }

  private static void removeSpares(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (var list = Files.list(dir)) {
      for (Path spare : list.toList()) deleteIfEmpty(spare);
    }
    deleteIfEmpty(dir);
  }
}
