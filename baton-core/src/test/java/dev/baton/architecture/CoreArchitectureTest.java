package dev.baton.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.baton.Baton;
import dev.baton.store.memory.InMemoryJournalStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules the core's layout promises, checked on its compiled classes. */
class CoreArchitectureTest {
  static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.baton");
  }

  @Test
  void the_core_depends_on_no_infrastructure_library() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages(
                "java..",
                "javax.annotation..",
                "dev.baton..",
                // what the core is built on (docs/architecture.md): JSON and YAML, CEL, logging
                "com.fasterxml.jackson..",
                "org.yaml.snakeyaml..", // Jackson's YAML parser: its errors carry the positions
                "dev.cel..",
                "com.google.common..",
                "com.google.protobuf..",
                "org.slf4j..")
            .because("stores, agent kinds, the CLI and servers depend on the core, not it on them");
    rule.check(core);
  }

  @Test
  void the_core_reads_no_wall_clock_but_the_injected_one() {
    ArchRule rule =
        noClasses()
            .that()
            .doNotBelongToAnyOf(Baton.Builder.class, InMemoryJournalStore.class)
            .should()
            .callMethodWhere(wallClockRead())
            .because(
                "every timeout and delay reads the injected java.time.Clock, so tests control time");
    rule.check(core);
  }

  @Test
  void the_core_has_no_package_cycles() {
    slices().matching("dev.baton.(*)..").should().beFreeOfCycles().check(core);
  }

  private static DescribedPredicate<JavaCall<?>> wallClockRead() {
    Set<String> timeTypes =
        Set.of(
            Instant.class.getName(),
            LocalDate.class.getName(),
            LocalDateTime.class.getName(),
            OffsetDateTime.class.getName(),
            ZonedDateTime.class.getName());
    return DescribedPredicate.describe(
        "a read of the wall clock (Instant.now(), System.currentTimeMillis(), Clock.system…())",
        call -> {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          if (owner.equals(System.class.getName())) return name.equals("currentTimeMillis");
          if (owner.equals(Clock.class.getName())) return name.startsWith("system");
          return timeTypes.contains(owner)
              && name.equals("now")
              && call.getTarget().getRawParameterTypes().isEmpty();
        });
  }
}
