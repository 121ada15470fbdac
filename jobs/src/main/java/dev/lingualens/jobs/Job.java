package dev.lingualens.jobs;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.config.LinguaConfig;
import dev.lingualens.common.schema.Tables;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * A lingualens job: its command name, the tables it reads and writes (the scheduler's data
 * dependencies), the keys of its settings, and its body. Adding a job is one class implementing
 * this plus one line in {@link JobRegistry}; the CLI, the demo, the help text and the Airflow DAG
 * follow from the registry.
 *
 * @param <S> the settings record, parsed once on the driver (executors receive it, never the
 *     config)
 * @param <R> the typed result
 */
public interface Job<S, R> {
  /** The command, e.g. {@code token-stats}. */
  String name();

  /** One line for {@code lingualens help}. */
  String summary();

  /** Tables read; a job that reads another job's output runs after it. */
  List<Tables.Table> inputs();

  List<Tables.Table> outputs();

  /** Every key {@link #settings} reads. */
  List<Key<?>> keys();

  /** Parses and checks the job's keys; bad values fail here, before any Spark work. */
  S settings(LinguaConfig config);

  R execute(JobContext ctx, S settings);

  /** Jobs that load a model run on GPU executors when the cluster has them. */
  default boolean usesModel() {
    return false;
  }

  /**
   * The config the demo runs this job with, or empty when the demo skips it (e.g. no model at
   * hand).
   */
  default Optional<LinguaConfig> demoConfig(LinguaConfig config) {
    return Optional.of(config);
  }

  /** What the CLI prints when the job is done. */
  default String describe(R result) {
    return String.valueOf(result);
  }

  /**
   * Runs the job with its run record (succeeded, or failed with the error), written once for every
   * job: first finishes an earlier run's interrupted publication, then runs the body, then
   * publishes the tables it wrote together ({@link Publication}); a failed body publishes nothing.
   */
  default R run(SparkSession spark, LinguaConfig config) {
    JobContext ctx = new JobContext(spark, config, name());
    return RunRecorder.recorded(
        ctx,
        c -> {
          int recovered = Publication.rollForward(c.outputDir(), name());
          if (recovered > 0) {
            c.count("tables_rolled_forward", recovered);
          }
          if (refusesMixedInputs()) {
            Publication.requireOneRunPerJob(c.outputDir(), inputs());
          }
          R result;
          try {
            result = execute(c, settings(config));
          } catch (Throwable e) { // also the checked SparkException that actions throw undeclared
            c.discardStaged();
            throw e;
          }
          c.publish(); // past its commit point, an interrupted publication is rolled forward
          return result;
        });
  }

  /**
   * Whether the job refuses input tables of one job that come from different runs (a run that was
   * interrupted while publishing); the report shows them with a warning instead.
   */
  default boolean refusesMixedInputs() {
    return true;
  }
}
