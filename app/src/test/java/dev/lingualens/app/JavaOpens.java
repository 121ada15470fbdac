package dev.lingualens.app;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The --add-opens list spark-submit's launcher adds on Java 17, for the cluster's JVMs: taken from
 * this test JVM, which got it from the build (the parent pom's spark.add.opens), so the list is
 * written down once.
 */
final class JavaOpens {
  static final List<String> LIST =
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(
              a ->
                  a.startsWith("--add-opens")
                      || a.startsWith("-Djdk.reflect.useDirectMethodHandle"))
          .toList();

  private JavaOpens() {}
}
