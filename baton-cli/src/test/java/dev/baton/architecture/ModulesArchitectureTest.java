package dev.baton.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rules across the modules the executable is made of (core, store, agents, monitoring, CLI): each
 * module's {@code internal} packages are its own business.
 */
class ModulesArchitectureTest {
  private static final Pattern CLASSES_DIR = Pattern.compile("/([^/]+)/target/(test-)?classes/");
  private static final Pattern JAR = Pattern.compile("/([^/!]+?)-\\d[^/!]*\\.jar!");

  @Test
  void no_module_touches_another_modules_internal_packages() {
    JavaClasses all =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.baton");
    assertModulesFound(all);
    classes()
        .should(onlyUseInternalsOfTheirOwnModule())
        .because("an internal package may change with its module; other modules use its API")
        .check(all);
  }

  private static void assertModulesFound(JavaClasses all) {
    long modules = all.stream().map(ModulesArchitectureTest::module).distinct().count();
    if (modules < 5)
      throw new AssertionError("expected the classes of 5 modules, found " + modules);
  }

  private static ArchCondition<JavaClass> onlyUseInternalsOfTheirOwnModule() {
    return new ArchCondition<>("only use internal packages of their own module") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          if (!target.getPackageName().contains(".internal")) continue;
          if (!target.getPackageName().startsWith("dev.baton")) continue;
          String from = module(origin);
          String to = module(target);
          if (!from.equals(to))
            events.add(
                SimpleConditionEvent.violated(
                    d, from + " uses " + to + "'s internals: " + d.getDescription()));
        }
      }
    };
  }

  /** The module a class was compiled in: its {@code target/classes} folder or its jar. */
  static String module(JavaClass c) {
    String uri = c.getSource().map(s -> s.getUri().toString()).orElse("?");
    Matcher dir = CLASSES_DIR.matcher(uri);
    if (dir.find()) return dir.group(1);
    Matcher jar = JAR.matcher(uri);
    if (jar.find()) return jar.group(1);
    return uri;
  }
}
