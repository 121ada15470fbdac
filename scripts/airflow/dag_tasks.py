"""Prints the tasks of an Airflow DAG file of SparkSubmitOperators as JSON, without Airflow.

    python3 scripts/airflow/dag_tasks.py scripts/airflow/lingualens_dag.py

Checks the file with `ast` first (it must import SparkSubmitOperator from the Spark provider and use no
other operator), then runs it against minimal stand-ins of the three Airflow names it imports, which
record each operator's arguments and the `>>` edges. Standard library only: the test
(AirflowDagTest) runs this and checks every task against the jar's classes and the CLI.
"""
import ast
import json
import sys
import types

path = sys.argv[1]
source = open(path, encoding="utf-8").read()
tree = ast.parse(source, path)
imported = {(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
wanted = {("airflow", "DAG"), ("airflow.providers.apache.spark.operators.spark_submit", "SparkSubmitOperator")}
if not wanted <= imported:
    sys.exit(f"{path}: expected imports {sorted(wanted)}, found {sorted(imported)}")
operators = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id.endswith("Operator")}
if operators != {"SparkSubmitOperator"}:
    sys.exit(f"{path}: only SparkSubmitOperator tasks are expected, found {sorted(operators)}")

TASKS = []


class Task:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.downstream = set()
        TASKS.append(self)

    def _link(self, other):
        for o in (other if isinstance(other, (list, tuple)) else [other]):
            self.downstream.add(o.kwargs["task_id"])
        return other

    def __rshift__(self, other):
        return self._link(other)

    def __rrshift__(self, other):  # [a, b] >> c
        for o in (other if isinstance(other, (list, tuple)) else [other]):
            o._link(self)
        return self


class Dag:
    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


airflow = types.ModuleType("airflow")
airflow.DAG = Dag
spark_submit = types.ModuleType("airflow.providers.apache.spark.operators.spark_submit")
spark_submit.SparkSubmitOperator = Task
sys.modules["airflow"] = airflow
for name in ("airflow.providers", "airflow.providers.apache", "airflow.providers.apache.spark",
             "airflow.providers.apache.spark.operators"):
    sys.modules[name] = types.ModuleType(name)
sys.modules["airflow.providers.apache.spark.operators.spark_submit"] = spark_submit

exec(compile(tree, path, "exec"), {"__name__": "lingualens_dag", "__file__": path})
print(json.dumps([{
    "task_id": t.kwargs["task_id"],
    "java_class": t.kwargs.get("java_class"),
    "application": t.kwargs.get("application"),
    "application_args": t.kwargs.get("application_args", []),
    "conf": t.kwargs.get("conf", {}),
    "downstream": sorted(t.downstream),
} for t in TASKS], indent=1))
