package dev.lingualens.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster of separate JVMs on loopback: one Master and N Workers started from a
 * Spark distribution's jars (scripts/spark-dist.sh), exactly as {@code sbin/start-master.sh} /
 * {@code start-worker.sh} would. Workers launch executor JVMs on their own. Closing stops every JVM
 * it started, executors included.
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path dist;
  private final Path work;
  private final int masterPort;
  private final int masterUiPort;
  private final List<Process> daemons = new ArrayList<>();
  private final List<Integer> workerPorts = new ArrayList<>();

  private StandaloneCluster(Path dist, Path work) throws IOException {
    this.dist = dist;
    this.work = work;
    this.masterPort = freePort();
    this.masterUiPort = freePort();
  }

  /**
   * Master + {@code workers} Workers of {@code cores} cores and {@code memory} each; waits until
   * all registered.
   */
  static StandaloneCluster start(Path dist, Path work, int workers, int cores, String memory)
      throws Exception {
    StandaloneCluster c = new StandaloneCluster(dist, work);
    try {
      c.daemon(
          "master",
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          String.valueOf(c.masterPort),
          "--webui-port",
          String.valueOf(c.masterUiPort));
      for (int i = 0; i < workers; i++) {
        int port = freePort();
        c.workerPorts.add(port);
        Path wd = Files.createDirectories(work.resolve("worker-" + i));
        c.daemon(
            "worker-" + i,
            "org.apache.spark.deploy.worker.Worker",
            c.url(),
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--webui-port",
            String.valueOf(freePort()),
            "--cores",
            String.valueOf(cores),
            "--memory",
            memory,
            "--work-dir",
            wd.toString());
      }
      c.awaitWorkers(workers, TimeUnit.MINUTES.toMillis(3));
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  String url() {
    return "spark://127.0.0.1:" + masterPort;
  }

  private void daemon(String name, String mainClass, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-Xmx256m",
                "-cp",
                dist.resolve("conf") + ":" + dist.resolve("jars") + "/*"));
    cmd.addAll(JavaOpens.LIST);
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put(
        "SPARK_HOME", dist.toString()); // Workers build the executor class path from <home>/jars
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    daemons.add(pb.start());
  }

  private void awaitWorkers(int n, long timeoutMs) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + timeoutMs;
    Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    while (System.currentTimeMillis() < deadline) {
      for (Process p : daemons) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a cluster JVM exited (exit " + p.exitValue() + "); logs in " + work);
        }
      }
      try {
        String json =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = alive.matcher(json);
        if (m.find() && Integer.parseInt(m.group(1)) >= n) {
          return;
        }
      } catch (IOException notYet) {
        // the Master's UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        n + " workers did not register within " + timeoutMs + " ms; logs in " + work);
  }

  /** The executor JVMs our Workers launched (their command line names the Worker's RPC address). */
  List<ProcessHandle> executors() {
    List<ProcessHandle> out = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              Optional<String> cl = p.info().commandLine();
              if (cl.isPresent()
                  && cl.get().contains("CoarseGrainedExecutorBackend")
                  && workerPorts.stream()
                      .anyMatch(port -> cl.get().contains("@127.0.0.1:" + port))) {
                out.add(p);
              }
            });
    return out;
  }

  @Override
  public void close() {
    List<ProcessHandle> execs = executors();
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.destroy();
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle e : execs) {
      if (e.isAlive()) {
        e.destroyForcibly();
      }
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
