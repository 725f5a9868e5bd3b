package dev.baton.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code baton schema}: prints the JSON Schema (draft 2020-12) of workflow and agents files, for
 * editors. The same file ships as {@code schema/baton-workflow.schema.json}.
 */
@Command(name = "schema", description = "Prints the JSON Schema of workflow files (for editors).")
public final class SchemaCommand implements Callable<Integer> {
  /** The schema's classpath resource. */
  public static final String RESOURCE = "/dev/baton/cli/baton-workflow.schema.json";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    spec.commandLine().getOut().print(schema());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The schema's text. */
  public static String schema() throws IOException {
    try (InputStream in = SchemaCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IOException("the schema is missing from the build: " + RESOURCE);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
