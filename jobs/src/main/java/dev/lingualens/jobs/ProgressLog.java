package dev.lingualens.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side progress of long stages: finished tasks, rate and ETA, at most every {@code
 * INTERVAL_MS} per stage, plus one line per finished stage; each line carries the job description
 * that {@link JobContext#describe} set ("NEURONS run=... shards 12 to count of 400").
 */
final class ProgressLog extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
  private static final long INTERVAL_MS = 10_000;
  private static final Map<SparkContext, Boolean> INSTALLED = new ConcurrentHashMap<>();

  private final Map<Integer, Stage> stages = new ConcurrentHashMap<>();
  private final Map<Integer, String> stageDescriptions = new ConcurrentHashMap<>();

  private static final class Stage {
    final long started = System.currentTimeMillis();
    final int tasks;
    int done;
    long lastLog = started;

    Stage(int tasks) {
      this.tasks = tasks;
    }
  }

  /** One listener per SparkContext, however many jobs (demo runs several) share it. */
  static void installOn(SparkContext sc) {
    if (INSTALLED.putIfAbsent(sc, Boolean.TRUE) == null) {
      sc.addSparkListener(new ProgressLog());
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    String d = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
    scala.collection.Iterator<StageInfo> it = e.stageInfos().iterator();
    while (it.hasNext()) {
      stageDescriptions.put(it.next().stageId(), d == null ? "" : d);
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    stages.put(e.stageInfo().stageId(), new Stage(e.stageInfo().numTasks()));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    if (e.taskInfo().failed()) {
      // One line per failed task attempt, also for attempts that a retry then repairs: Spark's own
      // executor and task-set-manager logs (a stack trace each) are turned down in
      // conf/log4j2.properties.
      LOG.warn(
          "{} stage {} task {} attempt {} failed: {}",
          stageDescriptions.getOrDefault(e.stageId(), ""),
          e.stageId(),
          e.taskInfo().index(),
          e.taskInfo().attemptNumber(),
          failureLine(e.reason()));
      return;
    }
    Stage s = stages.get(e.stageId());
    if (s == null || !e.taskInfo().successful()) {
      return;
    }
    long now = System.currentTimeMillis();
    synchronized (s) {
      s.done++;
      if (now - s.lastLog < INTERVAL_MS || s.done == s.tasks) {
        return;
      }
      s.lastLog = now;
      double rate = s.done * 1000.0 / Math.max(1, now - s.started);
      long etaS = Math.round((s.tasks - s.done) / Math.max(rate, 1e-9));
      LOG.info(
          "progress {} stage {}: {}/{} tasks, {} tasks/s, ETA {} s",
          stageDescriptions.getOrDefault(e.stageId(), ""),
          e.stageId(),
          s.done,
          s.tasks,
          String.format("%.2f", rate),
          etaS);
    }
  }

  /** The first line of why a task failed: the exception and its message, or Spark's reason. */
  static String failureLine(org.apache.spark.TaskEndReason reason) {
    String text =
        reason instanceof org.apache.spark.ExceptionFailure f
            ? f.className() + ": " + f.description()
            : reason instanceof org.apache.spark.TaskFailedReason r
                ? r.toErrorString()
                : String.valueOf(reason);
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    Stage s = stages.remove(e.stageInfo().stageId());
    String d = stageDescriptions.remove(e.stageInfo().stageId());
    if (s != null && System.currentTimeMillis() - s.started >= INTERVAL_MS) {
      // a failed stage (e.g. shuffle output lost with an executor) is resubmitted by Spark
      String outcome = e.stageInfo().failureReason().isDefined() ? "failed, to be retried" : "done";
      LOG.info(
          "progress {} stage {}: {}, {}/{} tasks in {} s",
          d == null ? "" : d,
          e.stageInfo().stageId(),
          outcome,
          s.done,
          s.tasks,
          (System.currentTimeMillis() - s.started) / 1000);
    }
  }
}
