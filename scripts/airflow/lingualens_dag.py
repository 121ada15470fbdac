"""lingualens on Airflow: one SparkSubmitOperator per job, with the jobs' real data dependencies.

The jobs and their dependencies come from lingualens_jobs.json next to this file, generated from the job
registry (dev.lingualens.jobs.JobRegistry: a job's upstream tasks are the jobs that write a table it reads),
so every job lingualens has is scheduled here; a test fails when the file and the code differ.

Every task runs the same application jar and main class (dev.lingualens.jobs.Cli) with the same
config: the site conf file (CONF_FILE, the one surface scripts/lingualens and scripts/submit read too),
the Spark confs in SPARK_CONF, and the keys in KEYS. All tasks of a DAG run share one run.id (the
logical date), so a retried `neurons`, `ablate`, `represent` or `latent` task resumes from its finished shards
instead of starting over.
Needs apache-airflow-providers-apache-spark and a `spark_default` connection to the cluster.
"""
import json
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

LINGUALENS_HOME = os.environ.get("LINGUALENS_HOME", "/opt/lingualens")
APP_JAR = os.environ.get("LINGUALENS_APP_JAR", f"{LINGUALENS_HOME}/app/target/lingualens-app-0.1.0-SNAPSHOT.jar")
MAIN_CLASS = "dev.lingualens.jobs.Cli"
CONF_FILE = f"{LINGUALENS_HOME}/conf/lingualens.conf"

# Keys for every job (precedence: these CLI keys > spark.lingualens.* > CONF_FILE > defaults).
KEYS = {
    "run.id": "{{ ds_nodash }}",
    "output.dir": "/data/lingualens/{{ ds_nodash }}",
}
# Keys of single jobs (a job not named here runs with KEYS and the conf file alone).
MODEL = "/models/Qwen2.5-0.5B"
JOB_KEYS = {
    "ingest": {"ingest.partitions": "64"},
    "neurons": {"model.path": MODEL, "neurons.window": "512"},
    "lape": {"model.path": MODEL},
    "ablate": {"model.path": MODEL, "neurons.window": "512"},
    "represent": {"represent.models": f"qwen2.5-0.5b={MODEL}"},
    "latent": {"model.path": MODEL},
    "rank": {"represent.models": f"qwen2.5-0.5b={MODEL}"},
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "lingualens_jobs.json"), encoding="utf-8") as f:
    JOBS = json.load(f)
SPARK_CONF = {
    "spark.executor.extraJavaOptions": "-Dai.djl.offline=true",
    "spark.driver.extraJavaOptions": f"-Dai.djl.offline=true -Dlingualens.home={LINGUALENS_HOME}",
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    # Executors' models, tokenizers and sessions: budgeted (spark.lingualens.executor.resource-bytes),
    # closed at executor shutdown.
    "spark.plugins": "dev.lingualens.jobs.ResourcesPlugin",
    # One tokenizer thread per Spark task: the Rust pool would compete with the executor's task threads
    # (docs/running.md), as scripts/submit and conf/cluster/*.conf set it too.
    "spark.executorEnv.TOKENIZERS_PARALLELISM": "false",
}
# Model jobs run on GPU executors (see conf/cluster/*.conf).
GPU_CONF = {
    "spark.executor.resource.gpu.amount": "1",
    "spark.task.resource.gpu.amount": "0.5",
    "spark.executor.resource.gpu.discoveryScript": f"{LINGUALENS_HOME}/scripts/gpu-discovery.sh",
    "spark.executor.memoryOverhead": "6g",
}
MODEL_JOBS = {job["name"] for job in JOBS if job["uses_model"]}


def lingualens_task(command):
    keys = {**KEYS, **JOB_KEYS.get(command, {})}
    return SparkSubmitOperator(
        task_id=command.replace("-", "_"),
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name=f"lingualens-{command}",
        conn_id="spark_default",
        conf={**SPARK_CONF, **(GPU_CONF if command in MODEL_JOBS else {})},
        application_args=[command, f"--conf-file={CONF_FILE}", *[f"--{k}={v}" for k, v in keys.items()]],
    )


with DAG(
    dag_id="lingualens",
    start_date=datetime(2025, 1, 1),
    schedule="@weekly",
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    tags=["lingualens"],
) as dag:
    tasks = {job["name"]: lingualens_task(job["name"]) for job in JOBS}
    for job in JOBS:
        for upstream in job["after"]:
            tasks[upstream] >> tasks[job["name"]]
