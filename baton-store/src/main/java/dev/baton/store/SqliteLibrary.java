package dev.baton.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.util.OSInfo;

/**
 * Where sqlite-jdbc finds its native library. Left to itself, every process that opens SQLite
 * extracts the library (about 1.5 MB) from the jar under a random name into the temporary folder,
 * reads it back to compare, and deletes it on exit: a tenth of a second of a short command. {@link
 * #useCache} extracts it once into a folder of its own, named after the jar it comes from, and
 * points sqlite-jdbc at it; sqlite-jdbc still falls back to its own extraction when that library
 * cannot be loaded.
 */
public final class SqliteLibrary {
  private SqliteLibrary() {}

  /**
   * Makes sqlite-jdbc load its native library from under {@code cacheDir}, extracting it there
   * first if needed. Does nothing when the library's place is already configured ({@code
   * org.sqlite.lib.path}), when the library is not inside a jar, or when the folder cannot be
   * written (sqlite-jdbc then extracts it as usual). Call it before the first connection.
   */
  public static void useCache(Path cacheDir) {
    if (System.getProperty("org.sqlite.lib.path") != null) return;
    try {
      String name = System.mapLibraryName("sqlitejdbc");
      String resource =
          "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
      URL url = SqliteLibrary.class.getResource(resource);
      if (url == null) return;
      URLConnection connection = url.openConnection();
      if (!(connection instanceof JarURLConnection jar)) return;
      connection.setUseCaches(true);
      long size = connection.getContentLengthLong();
      if (size <= 0) return;
      // the jar's file name carries sqlite-jdbc's version; the entry's size and CRC tell builds
      // apart
      long crc = jar.getJarEntry().getCrc();
      String jarName = Path.of(jar.getJarFileURL().getPath()).getFileName().toString();
      Path dir =
          cacheDir.resolve(
              jarName.replaceAll("[^A-Za-z0-9._-]", "_")
                  + "-"
                  + OSInfo.getNativeLibFolderPathForCurrentOS().replace('/', '-')
                  + "-"
                  + Long.toHexString(crc));
      Path library = dir.resolve(name);
      if (!Files.isRegularFile(library) || Files.size(library) != size) {
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, name, ".part");
        try (InputStream in = connection.getInputStream()) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
          // renamed whole, so that a process starting at the same time never loads half a file
          Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(partial);
        }
      }
      System.setProperty("org.sqlite.lib.path", dir.toString());
      System.setProperty("org.sqlite.lib.name", name);
    } catch (IOException | RuntimeException e) {
      // the cache is an optimisation: sqlite-jdbc extracts the library itself
    }
  }
}
