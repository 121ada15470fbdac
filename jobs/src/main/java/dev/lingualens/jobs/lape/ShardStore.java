package dev.lingualens.jobs.lape;

import dev.lingualens.common.config.ConfigException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A run's shard state under {@code <output.dir>/_runs/<run id>/neurons}: {@code plan.tsv} and one
 * {@code shards/<id>.counts} per finished shard. A shard's file appears by an atomic rename of a
 * fully written temporary file, so its existence is the completion marker: a killed task or driver
 * leaves at most a {@code .tmp-*} file, which is ignored and overwritten. Like every table path
 * here, the folder must be on a file system the driver and the executors share.
 */
final class ShardStore implements Serializable {
  private final String dir;

  ShardStore(Path dir) {
    this.dir = dir.toAbsolutePath().toString();
  }

  private Path root() {
    return Paths.get(dir);
  }

  /** Stores the plan on the first run; a re-run of the run id must compute the very same plan. */
  void fix(ShardPlan plan, String runId) {
    Path file = root().resolve("plan.tsv");
    try {
      if (Files.exists(file)) {
        ShardPlan stored = ShardPlan.parse(Files.readAllLines(file));
        if (!stored.equals(plan)) {
          throw new ConfigException(
              "run.id '"
                  + runId
                  + "' already has a different shard plan in "
                  + file
                  + " ("
                  + stored.size()
                  + " shards, now "
                  + plan.size()
                  + "): inputs or neurons.* settings changed;"
                  + " use a new run.id");
        }
        return;
      }
      Files.createDirectories(root().resolve("shards"));
      Path tmp = root().resolve("plan.tsv.tmp-" + UUID.randomUUID());
      Files.write(tmp, plan.lines());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the shard plan in " + root(), e);
    }
  }

  Set<Integer> finished() {
    Set<Integer> ids = new TreeSet<>();
    try (Stream<Path> files = Files.list(root().resolve("shards"))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".counts"))
          .forEach(n -> ids.add(Integer.parseInt(n.substring(0, n.length() - ".counts".length()))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /**
   * One shard's partial counts, keyed "lang\0layer". Written once; a retried task's copy is equal.
   */
  void save(int shard, List<Keyed> counts) {
    Path target = root().resolve("shards").resolve(shard + ".counts");
    Path tmp = root().resolve("shards").resolve(shard + ".counts.tmp-" + UUID.randomUUID());
    try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(tmp))) {
      out.writeObject(new java.util.ArrayList<>(counts));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write shard " + shard + " to " + tmp, e);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish shard " + shard + " at " + target, e);
    }
  }

  @SuppressWarnings("unchecked")
  List<Keyed> load(int shard) {
    Path file = root().resolve("shards").resolve(shard + ".counts");
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
      return (List<Keyed>) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read shard " + shard + " from " + file, e);
    }
  }

  record Keyed(String key, ActivationCounts counts) implements Serializable {}
}
