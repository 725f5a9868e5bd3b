package dev.baton.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command line's logging, configured in code (found by logback through {@code
 * META-INF/services}): reading an XML configuration costs logback about 450 classes, an XML parser
 * among them, on every command. Diagnostics go to standard error as {@code baton: LEVEL Logger:
 * message}, at {@code BATON_LOG_LEVEL} (environment or system property; {@code WARN} when unset);
 * the connection pool, the migration library and the embedding model's tokenizer only at {@code
 * ERROR}. A configuration file named by {@code -Dlogback.configurationFile} replaces all of it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    Line layout = new Line();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(Level.WARN));
    root.addAppender(stderr);
    for (String quiet : new String[] {"com.zaxxer.hikari", "ai.djl"}) {
      context.getLogger(quiet).setLevel(Level.ERROR);
    }
    // Processes opening a new store together race to migrate it: the losers' failures are retried
    // (a real failure is one line from Baton), and sqlite-jdbc reports the native libraries of
    // other
    // processes it could not clean from the temporary folder. Neither is the user's business unless
    // BATON_LOG_LEVEL asks for details.
    for (String silent : new String[] {"org.flywaydb", "org.sqlite.SQLiteJDBCLoader"}) {
      context.getLogger(silent).setLevel(level(Level.OFF));
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The level {@code BATON_LOG_LEVEL} names, or {@code otherwise} when it is unset. */
  static Level level(Level otherwise) {
    String value = System.getProperty("BATON_LOG_LEVEL");
    if (value == null || value.isBlank()) value = System.getenv("BATON_LOG_LEVEL");
    return value == null || value.isBlank() ? otherwise : Level.toLevel(value.strip(), otherwise);
  }

  /** {@code baton: LEVEL Logger: message}, then the stack trace of the exception, if any. */
  static final class Line extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
      String logger = event.getLoggerName();
      StringBuilder out =
          new StringBuilder(128)
              .append("baton: ")
              .append(event.getLevel())
              .append(' ')
              .append(logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1))
              .append(": ")
              .append(event.getFormattedMessage())
              .append(CoreConstants.LINE_SEPARATOR);
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) out.append(ThrowableProxyUtil.asString(thrown));
      return out.toString();
    }
  }
}
