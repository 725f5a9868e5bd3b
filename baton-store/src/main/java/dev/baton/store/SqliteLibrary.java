package dev.baton.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.sqlite.JDBC;
import org.sqlite.util.OSInfo;

/**
 * Where sqlite-jdbc finds its native library. Left to itself, every process that opens SQLite
 * extracts the library (about 1.5 MB) from the jar under a random name into the temporary folder,
 * reads it back to compare, and deletes it on exit: a tenth of a second of a short command. {@link
 * #useCache} extracts it once into a folder of its own and points sqlite-jdbc at it; sqlite-jdbc
 * still falls back to its own extraction when that library cannot be loaded.
 *
 * <p>The folder is named after the jar (its name, size and time), the platform and the Java
 * runtime, so that finding an extracted library needs neither the jar opened nor sqlite-jdbc's
 * platform detection, which starts {@code uname} and reads every mapping of the process (another 60
 * ms of a short command).
 */
public final class SqliteLibrary {
  private SqliteLibrary() {}

  /**
   * Makes sqlite-jdbc load its native library from under {@code cacheDir}, extracting it there
   * first if needed. Does nothing when the library's place is already configured ({@code
   * org.sqlite.lib.path}), when sqlite-jdbc is not a jar, or when the folder cannot be written
   * (sqlite-jdbc then extracts it as usual). Call it before the first connection.
   */
  public static void useCache(Path cacheDir) {
    if (System.getProperty("org.sqlite.lib.path") != null) return;
    try {
      Path jar = Path.of(JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(jar)) return;
      BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
      String name = System.mapLibraryName("sqlitejdbc");
      String folder =
          String.join(
              "-",
              jar.getFileName().toString(),
              Long.toHexString(attributes.size()),
              Long.toHexString(attributes.lastModifiedTime().toMillis()),
              System.getProperty("os.name"),
              System.getProperty("os.arch"),
              Integer.toHexString(System.getProperty("java.home", "").hashCode()));
      Path dir = cacheDir.resolve(folder.replaceAll("[^A-Za-z0-9._-]", "_"));
      Path library = dir.resolve(name);
      // the library's size, written once it is in place: a library cut short is extracted again
      Path size = dir.resolve(name + ".size");
      if (!extracted(library, size) && !extract(jar, name, library, size)) return;
      System.setProperty("org.sqlite.lib.path", dir.toString());
      System.setProperty("org.sqlite.lib.name", name);
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // the cache is an optimisation: sqlite-jdbc extracts the library itself
    }
  }

  private static boolean extracted(Path library, Path size) throws IOException {
    if (!Files.isRegularFile(library) || !Files.isRegularFile(size)) return false;
    try {
      return Files.size(library) == Long.parseLong(Files.readString(size).strip());
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean extract(Path jar, String name, Path library, Path size)
      throws IOException {
    String entryName =
        "org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry(entryName);
      if (entry == null) return false;
      Path dir = library.getParent();
      Files.createDirectories(dir);
      // each file is written under a name of its own and renamed whole, so that a process
      // starting at the same time never loads half a library
      Path partial = Files.createTempFile(dir, name, ".part");
      try (InputStream in = file.getInputStream(entry)) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(partial, Long.toString(Files.size(library)));
        Files.move(partial, size, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return true;
    }
  }
}
