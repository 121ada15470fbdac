package dev.lingualens.jobs.mixture;

import dev.lingualens.common.mixture.AttackTarget;
import java.io.Serializable;
import java.nio.file.Paths;

/**
 * What an executor needs to rebuild the driver's {@link AttackTarget}: the tokenizer file (on a
 * file system the executors share, like every model folder) and the settings it was cleaned with.
 * Broadcast as plain data, which every Spark serializer carries (Kryo 4 cannot carry Java records);
 * the target is built once per executor JVM on first use, as the broadcast value is shared there.
 */
final class AttackTargetSource implements Serializable {
  private final String name;
  private final String tokenizerJson;
  private final int offset;
  private final int maxSteps;
  private final boolean dropRedundant;
  private final String whitespace;
  private transient AttackTarget target;

  AttackTargetSource(
      String name,
      String tokenizerJson,
      int offset,
      int maxSteps,
      boolean dropRedundant,
      AttackTarget.Whitespace whitespace) {
    this.name = name;
    this.tokenizerJson = tokenizerJson;
    this.offset = offset;
    this.maxSteps = maxSteps;
    this.dropRedundant = dropRedundant;
    this.whitespace = whitespace.name();
  }

  synchronized AttackTarget get() {
    if (target == null) {
      target =
          AttackTarget.load(
              name,
              Paths.get(tokenizerJson),
              offset,
              maxSteps,
              dropRedundant,
              AttackTarget.Whitespace.valueOf(whitespace));
    }
    return target;
  }
}
