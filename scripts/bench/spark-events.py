#!/usr/bin/env python3
"""Summarises one Spark event log (spark.eventLog.enabled, uncompressed) per job and stage: wall time,
task time, CPU, input/output, task-duration spread and the core time left idle (skew: cores waiting
for the stage's last tasks), plus the driver time between jobs. With --counters (the run's
counters_json) the token-stats phase timers are set against the task time of its tokenising stage.

Usage: spark-events.py [--cores N] [--counters JSON] EVENT_LOG_FILE
"""
import argparse, json, statistics, sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cores", type=int, default=1)
    ap.add_argument("--counters", default="")
    ap.add_argument("log")
    a = ap.parse_args()

    jobs, stages, tasks = {}, {}, {}
    app_start = app_end = None
    for line in open(a.log, encoding="utf-8"):
        e = json.loads(line)
        kind = e["Event"]
        if kind == "SparkListenerApplicationStart":
            app_start = e["Timestamp"]
        elif kind == "SparkListenerApplicationEnd":
            app_end = e["Timestamp"]
        elif kind == "SparkListenerJobStart":
            desc = (e.get("Properties") or {}).get("spark.job.description", "")
            jobs[e["Job ID"]] = {"start": e["Submission Time"], "stages": e["Stage IDs"], "desc": desc}
        elif kind == "SparkListenerJobEnd":
            jobs[e["Job ID"]]["end"] = e["Completion Time"]
        elif kind == "SparkListenerStageCompleted":
            i = e["Stage Info"]
            stages[i["Stage ID"]] = {"name": i["Stage Name"], "start": i.get("Submission Time"),
                                     "end": i.get("Completion Time"), "n": i["Number of Tasks"]}
        elif kind == "SparkListenerTaskEnd":
            m, info = e.get("Task Metrics") or {}, e["Task Info"]
            tasks.setdefault(e["Stage ID"], []).append({
                "dur": info["Finish Time"] - info["Launch Time"],
                "end": info["Finish Time"],
                "run": m.get("Executor Run Time", 0),
                "cpu": m.get("Executor CPU Time", 0) / 1e6,
                "deser": m.get("Executor Deserialize Time", 0),
                "gc": m.get("JVM GC Time", 0),
                "in": (m.get("Input Metrics") or {}).get("Bytes Read", 0),
                "out": (m.get("Output Metrics") or {}).get("Bytes Written", 0),
                "shuffle": (m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0),
            })

    cores = a.cores
    order = sorted(jobs.items(), key=lambda kv: kv[1]["start"])
    if not order:
        sys.exit(f"spark-events: no jobs in {a.log}")
    first, last = order[0][1]["start"], max(j.get("end", j["start"]) for _, j in order)
    in_jobs = 0
    biggest = None
    print(f"{'job / stage':<58} {'wall s':>7} {'tasks':>5} {'task s':>7} {'CPU s':>7} {'in MB':>7} "
          f"{'out MB':>7} {'task s min/med/max':>19} {'idle core s':>11}")
    for jid, j in order:
        wall = (j.get("end", j["start"]) - j["start"]) / 1000
        in_jobs += wall
        print(f"job {jid}: {j['desc'][:52]:<53} {wall:>7.1f}")
        for sid in j["stages"]:
            ts = tasks.get(sid)
            st = stages.get(sid)
            if not ts or not st or st["start"] is None:
                continue  # skipped (already computed) stage
            swall = (st["end"] - st["start"]) / 1000
            dur = [t["dur"] / 1000 for t in ts]
            busy = sum(dur)
            idle = max(0.0, swall * min(cores, len(ts)) - busy) if len(ts) > 1 else 0.0
            row = (f"  stage {sid}: {st['name'][:45]:<47} {swall:>7.1f} {len(ts):>5} {busy:>7.1f} "
                   f"{sum(t['cpu'] for t in ts) / 1000:>7.1f} {sum(t['in'] for t in ts) / 1e6:>7.1f} "
                   f"{sum(t['out'] for t in ts) / 1e6:>7.1f} "
                   f"{min(dur):>5.1f}/{statistics.median(dur):>5.1f}/{max(dur):>5.1f} {idle:>11.1f}")
            print(row)
            if biggest is None or busy > biggest[1]:
                biggest = (sid, busy, ts)
    total = (last - first) / 1000
    print(f"jobs: {total:.1f} s from the first job's submission to the last one's end, {in_jobs:.1f} s inside jobs, "
          f"{total - in_jobs:.1f} s on the driver between jobs"
          + (f"; application {(app_end - app_start) / 1000:.1f} s" if app_start and app_end else ""))
    if a.counters and biggest:
        c = json.loads(a.counters)
        phases = [k for k in ("read_documents_ms", "encode_texts_ms", "word_pass_ms", "count_rows_ms") if k in c]
        if phases:
            sid, busy, ts = biggest
            run = sum(t["run"] for t in ts) / 1000
            deser = sum(t["deser"] for t in ts) / 1000
            gc = sum(t["gc"] for t in ts) / 1000
            timed = sum(c[k] for k in phases) / 1000
            parts = ", ".join(f"{k[:-3]} {c[k] / 1000:.1f} s ({c[k] / 1000 / busy * 100:.0f} %)" for k in phases)
            print(f"stage {sid} (tokenising, {len(ts)} tasks, task time {busy:.1f} s = run {run:.1f} + "
                  f"deserialise {deser:.1f} + rest {busy - run - deser:.1f}; GC {gc:.1f}): {parts}; "
                  f"the rest of the run time (writing token_stats_docs, Spark) {run - timed:.1f} s "
                  f"({(run - timed) / busy * 100:.0f} %)")


if __name__ == "__main__":
    main()
