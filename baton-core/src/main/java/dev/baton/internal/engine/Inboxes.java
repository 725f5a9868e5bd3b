package dev.baton.internal.engine;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders where answers to agents' support requests appear ({@code STATE/inbox/RUN/STEP}). They
 * hold agents' outputs, so they are private to the user (0700, where the file system has POSIX
 * permissions), and a run's empty ones go when the run ends.
 */
final class Inboxes {
  private static final Logger log = LoggerFactory.getLogger(Inboxes.class);
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private Inboxes() {}

  /**
   * Creates {@code inbox} and the folders above it that are missing, each readable by the user
   * only.
   */
  static void create(Path inbox) throws IOException {
    try {
      createDirectories(inbox);
    } catch (NoSuchFileException e) {
      // another run ended and removed the empty folder above at that moment: once more
      createDirectories(inbox);
    }
  }

  private static void createDirectories(Path dir) throws IOException {
    if (POSIX)
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    else Files.createDirectories(dir, new FileAttribute<?>[0]);
  }

  /**
   * As {@link #create}, for an attempt about to start: a folder that cannot be made is the agent's
   * problem only if it reads its inbox (a command agent then says so), never the attempt's.
   */
  static void prepare(Path inbox) {
    try {
      create(inbox);
    } catch (IOException | RuntimeException e) {
      log.debug("cannot create inbox {}: {}", inbox, e.toString());
    }
  }

  /**
   * Removes the empty step folders of {@code runInbox}, then the run's folder and the {@code inbox}
   * folder above it, each if it is empty.
   */
  static void removeEmpty(Path runInbox) {
    if (!Files.isDirectory(runInbox)) return;
    try {
      List<Path> steps;
      try (var list = Files.list(runInbox)) {
        steps = list.toList();
      }
      for (Path step : steps) deleteIfEmpty(step);
      deleteIfEmpty(runInbox);
      deleteIfEmpty(runInbox.getParent());
    } catch (IOException e) {
      log.debug("cannot clean up inbox {}: {}", runInbox, e.toString());
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
}
