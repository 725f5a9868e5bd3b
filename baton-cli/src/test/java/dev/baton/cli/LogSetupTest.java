package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LogSetupTest {

  @Test
  void a_line_names_the_level_the_logger_and_the_message() {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("dev.baton.store.internal.GroupCommitWriter");
    LoggingEvent event =
        new LoggingEvent("x", logger, Level.WARN, "slow commit: {} ms", null, new Object[] {120});

    assertThat(new LogSetup.Line().doLayout(event))
        .isEqualTo("baton: WARN GroupCommitWriter: slow commit: 120 ms" + System.lineSeparator());
  }

  @Test
  void an_exception_is_followed_by_its_stack_trace() {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("x.Y");
    LoggingEvent event =
        new LoggingEvent(
            "x", logger, Level.ERROR, "failed", new IllegalStateException("disk full"), null);

    assertThat(new LogSetup.Line().doLayout(event))
        .startsWith("baton: ERROR Y: failed" + System.lineSeparator())
        .contains("java.lang.IllegalStateException: disk full")
        .contains("at dev.baton.cli.LogSetupTest");
  }

  @Test
  void the_configuration_sends_warnings_to_standard_error_and_quiets_the_libraries() {
    LoggerContext context = new LoggerContext();
    new LogSetup().configure(context);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDERR")).isNotNull();
    assertThat(root.getLevel()).isEqualTo(LogSetup.level(Level.WARN));
    assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(LogSetup.level(Level.OFF));
    assertThat(context.getLogger("org.sqlite.SQLiteJDBCLoader").getLevel())
        .isEqualTo(LogSetup.level(Level.OFF));
    assertThat(context.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.ERROR);
  }
}
