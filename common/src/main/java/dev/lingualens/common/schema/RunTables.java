package dev.lingualens.common.schema;

import dev.lingualens.common.schema.Tables.Column;
import dev.lingualens.common.schema.Tables.Table;
import java.util.List;

/** The run record every job appends to. Contracts as described in {@link Tables}. */
public final class RunTables {
  private static Column c(String name, String type, String description) {
    return new Column(name, type, description);
  }

  public static final Table RUNS =
      new Table(
          "runs",
          List.of("job"),
          List.of(
              c("run_id", "string", "run id"),
              c("job", "string", "job name"),
              c("status", "string", "succeeded or failed"),
              c("started_at", "timestamp", "start"),
              c("ended_at", "timestamp", "end"),
              c("config_json", "string", "every resolved config key"),
              c("versions_json", "string", "lingualens, Spark, Java, DJL, Spark NLP versions"),
              c("counters_json", "string", "named counters, e.g. read / written / quarantined"),
              c("error", "string", "error message when failed")));

  private RunTables() {}
}
