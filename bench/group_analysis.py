"""Times LogHunter's built-in analysis of one cluster (an error group): POST /api/v1/analyze with cluster_id, then
polls the job until it is completed. Each run asks for a 24-hour window ending a second earlier than the last,
so that none is answered from a completed job. Writes the same JSON as bench/lua/report.lua: the job's own
time (created_at to completed_at, as the database stamped them) gives p50/p95, the client's wall time beside it.

usage: group_analysis.py BASE TOKEN SERVICE CLUSTER_ID RUNS OUT.json
"""
import datetime
import json
import sys
import time
import urllib.request

base, token, service, cluster_id, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]


def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.load(response)


def stamp(text):
    """RFC 3339 from .NET (up to 7 fractional digits, Z) as a datetime."""
    head, _, fraction = text.rstrip("Z").partition(".")
    return datetime.datetime.fromisoformat(head).replace(microsecond=int((fraction + "000000")[:6]), tzinfo=datetime.timezone.utc)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))] if ordered else 0.0


job_ms, wall_ms, errors = [], [], 0
end = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) - datetime.timedelta(seconds=17)
for run in range(runs):
    until = end - datetime.timedelta(seconds=run)
    body = {"service": service, "cluster_id": cluster_id,
            "start": (until - datetime.timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%SZ"), "end": until.strftime("%Y-%m-%dT%H:%M:%SZ")}
    started = time.perf_counter()
    try:
        status, answer = call("POST", "/api/v1/analyze", body)
        job = answer["data"]
        while job.get("status") not in ("completed", "failed"):
            if time.perf_counter() - started > 60:
                raise TimeoutError("job not completed in 60 s")
            time.sleep(0.01)
            job = call("GET", "/api/v1/analyze/" + job["job_id"])[1]["data"]
        wall = (time.perf_counter() - started) * 1000
        if job["status"] != "completed" or status != 202:
            errors += 1
            continue
        if run == 0:
            clusters = job["result"].get("clusters", [])
            print(f"[bench] analysis of cluster {cluster_id}: {len(clusters)} cluster(s), "
                  + ", ".join(f"{c.get('count')} events, confidence {(c.get('analysis') or {}).get('confidence')}" for c in clusters[:1]), file=sys.stderr)
        job_ms.append((stamp(job["completed_at"]) - stamp(job["created_at"])).total_seconds() * 1000)
        wall_ms.append(wall)
    except Exception as error:  # a failed run counts as an error, and the target is then missed
        print(f"[bench] analysis run {run}: {error}", file=sys.stderr)
        errors += 1

result = {"requests": len(job_ms), "seconds": sum(wall_ms) / 1000, "rps": 0.0, "p50_ms": percentile(job_ms, 50), "p95_ms": percentile(job_ms, 95),
          "p99_ms": percentile(job_ms, 99), "max_ms": max(job_ms, default=0.0), "wall_p95_ms": percentile(wall_ms, 95), "errors": errors}
with open(out, "w") as handle:
    json.dump(result, handle)
