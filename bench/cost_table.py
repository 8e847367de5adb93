"""Prints bench/cost-table's measurements as Markdown: process CPU per event, then the stages."""
import json
import os
import statistics
import sys

work, clock_ticks = sys.argv[1], int(sys.argv[2])

runs = {}
for line in open(os.path.join(work, "runs", "cpu.txt")):
    label, per, faultline, postgres, result = line.split(" ", 4)
    result = json.loads(result)
    events = (result["requests"] - result["errors"]) * int(per)
    runs.setdefault(label, []).append({
        "faultline": int(faultline) / clock_ticks * 1e6 / events,
        "postgres": int(postgres) / clock_ticks * 1e6 / events,
        "rate": events / result["seconds"], "p99": result["p99_ms"], "errors": result["errors"]})


def spread(values, digits=1):
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


print("Process CPU per event (per request for the no-op GET), median (min–max) of the runs:\n")
print("| load | Faultline µs | PostgreSQL µs | rate /s | p99 ms | errors |")
print("|---|---|---|---|---|---|")
names = {"single": "single event, 64 connections", "noop": "no-op GET /health/live, 64 connections",
         "batch": "batches of 1,000, 8 connections", "timed": "single event, stage timing on",
         "envelope": "Sentry envelope of one event, 64 connections"}
for label, values in runs.items():
    print(f"| {names.get(label, label)} | {spread([v['faultline'] for v in values])} | {spread([v['postgres'] for v in values])} | "
          f"{spread([v['rate'] for v in values], 0)} | {spread([v['p99'] for v in values])} | {sum(v['errors'] for v in values)} |")

before_path, after_path = os.path.join(work, "stages-before.json"), os.path.join(work, "stages-after.json")
if not os.path.exists(after_path):
    sys.exit(0)
before, after = json.load(open(before_path)), json.load(open(after_path))
gc = {key: after["process"][key] - before["process"][key] for key in after["process"]}
before, after = before["stages"], after["stages"]
zero = {"count": 0, "events": 0, "cpu_count": 0, "cpu_ns": 0, "wall_ns": 0}
empty = "(an empty stage: the cost of timing)"
stages = {}
for stage, totals in sorted(after.items(), key=lambda item: item[1]["order"]):
    d = {key: totals[key] - before.get(stage, zero)[key] for key in zero}
    if d["count"] > 0:
        stages[stage] = d
bias = stages[empty]["cpu_ns"] / stages[empty]["cpu_count"] / 1000
print(f"\nStages of one single event (stage timing on): thread CPU between two marks, less the {bias:.2f} µs an "
      "empty stage measures; per event (per commit's event for the writer). 'measured' is the share of passes whose "
      "CPU could be told apart (the thread ran nothing else between the marks).\n")
print("| stage | CPU µs | wall µs | measured |")
print("|---|---|---|---|")
total_cpu = 0.0
for stage, d in stages.items():
    if stage == empty:
        continue
    cpu = d["cpu_ns"] / d["cpu_count"] / 1000 - bias if d["cpu_count"] else None
    wall = d["wall_ns"] / d["events"] / 1000
    if cpu is not None:
        total_cpu += cpu
    print(f"| {stage} | {'—' if cpu is None else f'{cpu:.1f}'} | {wall:.1f} | {d['cpu_count'] / d['count']:.0%} |")
print(f"| **sum of the measured stages** | **{total_cpu:.1f}** | | |")
commit = stages.get("writer: one commit's round trips (wall, per event)")
if commit:
    print(f"\nGroup commit: {commit['events'] / commit['count']:.1f} events per commit ({commit['count']} commits).")
passes = stages["request id, security headers, logging scope"]["count"]
print(f"\nManaged memory: {gc['allocated_bytes'] / passes:,.0f} bytes allocated per event; GC paused "
      f"{gc['gc_pause_ns'] / passes / 1000:.1f} µs per event ({gc['gen0']} gen0, {gc['gen1']} gen1, {gc['gen2']} gen2 collections).")
timed = runs.get("timed")
if timed:
    print(f"\nFaultline process CPU per event in the timed run: {spread([v['faultline'] for v in timed])} µs (the "
          "marks themselves cost some of it); outside the stages above: Kestrel's parsing and writing, the writer's "
          "loop and Npgsql, GC, the thread pool.")
