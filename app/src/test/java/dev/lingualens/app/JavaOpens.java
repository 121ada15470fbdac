package dev.lingualens.app;

import java.util.ArrayList;
import java.util.List;

/** The --add-opens list spark-submit's launcher adds on Java 17 (as the parent pom's spark.add.opens). */
final class JavaOpens {
  static final List<String> LIST;

  static {
    List<String> l = new ArrayList<>();
    for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch",
        "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
      l.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
    }
    l.add("-Djdk.reflect.useDirectMethodHandle=false");
    LIST = List.copyOf(l);
  }

  private JavaOpens() {}
}
