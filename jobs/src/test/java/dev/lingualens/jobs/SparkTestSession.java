package dev.lingualens.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] session for the whole test JVM: starting Spark costs seconds, and tests never stop
 * it.
 */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("lingualens-test")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
    }
    return spark;
  }
}
