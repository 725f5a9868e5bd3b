package dev.baton.agents.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes executable {@code /bin/sh} scripts for tests. */
final class Scripts {
  private Scripts() {}

  static Path script(Path dir, String name, String body) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, "#!/bin/sh\n" + body + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
