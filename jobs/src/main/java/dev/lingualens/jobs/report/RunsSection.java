package dev.lingualens.jobs.report;

import dev.lingualens.common.report.Report;
import dev.lingualens.common.report.Section;
import dev.lingualens.common.report.Table;
import dev.lingualens.common.schema.RunTables;
import dev.lingualens.common.schema.Tables;
import java.util.List;
import org.apache.spark.sql.Row;

/** The run records: which job ran when, with which counters, and whether it succeeded. */
final class RunsSection implements ReportJob.ReportSection {
  @Override
  public List<Tables.Table> requires() {
    return List.of(RunTables.RUNS);
  }

  @Override
  public void addTo(Report report, ReportJob.TableReader tables) {
    Section s = new Section("runs", "Runs");
    Table t = new Table(List.of("run id", "job", "status", "started", "seconds", "counters"));
    for (Row r :
        tables
            .sql(
                "SELECT run_id, job, status, started_at, "
                    + "unix_timestamp(ended_at) - unix_timestamp(started_at) AS seconds, counters_json FROM runs "
                    + "ORDER BY started_at DESC LIMIT 30",
                RunTables.RUNS)
            .collectAsList()) {
      t.addRow(
          List.of(
              r.<String>getAs("run_id"),
              r.<String>getAs("job"),
              r.<String>getAs("status"),
              String.valueOf(r.<Object>getAs("started_at")),
              r.<Long>getAs("seconds"),
              r.<String>getAs("counters_json")));
    }
    s.addTable(t);
    s.addNote("Full records, with the resolved configuration and versions: the runs table.");
    report.addSection(s);
  }
}
