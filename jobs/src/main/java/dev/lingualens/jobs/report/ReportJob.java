package dev.lingualens.jobs.report;

import dev.lingualens.common.config.Key;
import dev.lingualens.common.report.Report;
import dev.lingualens.common.schema.RunTables;
import dev.lingualens.common.schema.Tables;
import dev.lingualens.jobs.BaseJob;
import dev.lingualens.jobs.JobContext;
import dev.lingualens.jobs.Publication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code lingualens report}: reads whatever tables exist under {@code output.dir} and writes {@code
 * report/index.html}. Each section comes from one table; a missing table means a missing section,
 * not a failure, so the report works after any subset of jobs.
 */
public final class ReportJob extends BaseJob<ReportJob.Settings, Path> {
  public ReportJob() {
    super(
        "report",
        "tables -> <output.dir>/report/index.html",
        shownTables(),
        List.of(),
        List.of(Settings.TITLE),
        config -> new Settings(config.get(Settings.TITLE)));
  }

  /** The report's one key. */
  public record Settings(String title) {
    static final Key<String> TITLE =
        Key.text("report.title", "lingualens report", "report heading");
  }

  private static List<ReportSection> sections() {
    return List.of(
        new CorpusSection(),
        new TokenSection(),
        new RankerSection(),
        new RetrievalSection(),
        new NeuronSection(),
        new MixtureSection(),
        new LatentSection(),
        new RunsSection());
  }

  /** Every table a section shows; each one is optional (a missing table is a missing section). */
  private static List<Tables.Table> shownTables() {
    return sections().stream()
        .flatMap(s -> Stream.concat(s.requires().stream(), s.alsoShows().stream()))
        .filter(t -> t != RunTables.RUNS)
        .distinct()
        .toList();
  }

  @Override
  public boolean refusesMixedInputs() {
    return false;
  }

  @Override
  public String describe(Path result) {
    return "report: " + result;
  }

  @Override
  public Path execute(JobContext ctx, Settings settings) {
    SparkSession spark = ctx.spark();
    ctx.describe("build report");
    // A run interrupted while publishing leaves its job's tables from two runs until its next run.
    List<String> mixed = Publication.mixedRuns(ctx.outputDir());
    String warning =
        mixed.isEmpty()
            ? ""
            : "Warning: tables of one job come from different runs ("
                + String.join("; ", mixed)
                + "): a run was interrupted while publishing its tables; re-run that job. ";
    ctx.count("jobs_with_mixed_runs", mixed.size());
    Report report =
        new Report(settings.title())
            .description(
                warning
                    + "Tables under "
                    + ctx.outputDir().toAbsolutePath()
                    + ". Every number comes from the Parquet "
                    + "tables next to this report; the runs table says which configuration produced them.");
    TableReader tables = new TableReader(spark, ctx);
    for (ReportSection s : sections()) {
      if (s.requires().stream().allMatch(tables::exists)) {
        s.addTo(report, tables);
      }
    }
    Path dir = ctx.outputDir().resolve("report");
    return report.writeTo(dir);
  }

  /** Reads the run's tables by contract name. */
  static final class TableReader {
    private final SparkSession spark;
    private final JobContext ctx;

    TableReader(SparkSession spark, JobContext ctx) {
      this.spark = spark;
      this.ctx = ctx;
    }

    boolean exists(Tables.Table t) {
      return Files.isDirectory(Paths.get(ctx.tablePath(t)));
    }

    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> read(Tables.Table t) {
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df =
          spark.read().parquet(ctx.tablePath(t));
      df.createOrReplaceTempView(t.name());
      return df;
    }

    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> sql(String query, Tables.Table... uses) {
      for (Tables.Table t : uses) {
        read(t);
      }
      return spark.sql(query);
    }
  }

  /** One part of the report, built from the tables it names. */
  interface ReportSection {
    List<Tables.Table> requires();

    /** Tables shown when present; the scheduler still runs their jobs before the report. */
    default List<Tables.Table> alsoShows() {
      return List.of();
    }

    void addTo(Report report, TableReader tables);
  }
}
