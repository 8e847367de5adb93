"""Turns one bench run's measurements into a Markdown table and a JSON file."""
import datetime
import json
import os
import platform
import sys

work, results, events, duration = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
request_events = int(sys.argv[5]) if len(sys.argv) > 5 else 1000000


def load(name):
    with open(os.path.join(work, name + ".json")) as handle:
        return json.load(handle)


single, batch, noop, naive, copy = load("single"), load("batch"), load("noop"), load("naive"), load("copy")
single_unindexed = load("single_unindexed")


def turns(name, count=4):
    """A load run in turns (bench/run 1b-1e): requests and seconds summed, the worst p99, the median p50."""
    runs = [load(f"{name}_{turn}") for turn in range(1, count + 1)]
    seconds = sum(run["seconds"] for run in runs)
    return {"requests": sum(run["requests"] for run in runs), "seconds": seconds, "rps": sum(run["requests"] for run in runs) / seconds,
            "p50_ms": sorted(run["p50_ms"] for run in runs)[count // 2], "p99_ms": max(run["p99_ms"] for run in runs),
            "errors": sum(run["errors"] for run in runs), "turns": runs}


# The other ways in are compared with the canonical single events of their own rounds.
single_turns = turns("single_turn")
envelope = turns("envelope")
stats = {name: load(name) for name in ["ts_hour_30d", "ts_minute_6h", "by_level_30d", "top_messages_30d", "event_list"]}
# The long-tail app is measured, not held to a target: its top messages read every distinct message of the
# window, and what that costs is for docs/decisions/0012-statistics-plans.md to explain.
longtail = {name: load(name) for name in ["ts_hour_30d_longtail", "by_level_30d_longtail", "top_messages_30d_longtail"]}
memory = load("memory")
surfaces = {name: turns(name) for name in ["single_frontend", "single_eventprocessor"]}
analytics = {name: load(name) for name in ["summary_24h", "summary_30d", "metrics_24h", "metrics_7d", "search_24h", "search_24h_miss", "search_24h_frontend"]}
analytics_targets = {"summary_24h": 100, "summary_30d": 500, "metrics_24h": 100, "metrics_7d": 500,
                     "search_24h": 200, "search_24h_miss": 200, "search_24h_frontend": 200}
track = turns("track")
requests = {name: load(name) for name in ["requests_summary_24h", "requests_endpoints_24h"]}
batch_events = batch["rps"] * 1000
# Error groups (issue 11): grouped vs ungrouped single events, three rounds of A B B A; speed at the statistics app's events.
side = {f"single_{kind}_{round}{turn}": load(f"single_{kind}_{round}{turn}")
        for round in (1, 2, 3) for kind in ("ungrouped", "grouped") for turn in "ab"}


def side_rate(kind):
    runs = [value for name, value in side.items() if name.startswith(f"single_{kind}_")]
    return sum(run["requests"] for run in runs) / sum(run["seconds"] for run in runs), sum(run["errors"] for run in runs)


(ungrouped_rps, ungrouped_errors), (grouped_rps, grouped_errors) = side_rate("ungrouped"), side_rate("grouped")
side_errors = ungrouped_errors + grouped_errors
groups = {name: load(name) for name in ["groups_list", "groups_list_by_count", "group_detail", "loghunter_search_24h", "loghunter_search_24h_miss", "group_analysis"]}
groups_targets = {"groups_list": 50, "groups_list_by_count": 50, "group_detail": 100, "loghunter_search_24h": 200, "loghunter_search_24h_miss": 200,
                  "group_analysis": 1000}
# The console's main pages, each load being all of its API calls as the page makes them (bench/console_pages).
console_pages = {name: load(f"console_{name}") for name in ["apps", "overview", "events", "groups", "group"]}


def answered_p95(value):
    """A run with no answer in time (wrk reports p95 0) or with errors (503 after the request timeout) misses."""
    return value["p95_ms"] if value["requests"] > 0 and value["errors"] == 0 else float("inf")

checks = [
    ("single ≥ 50% of no-op HTTP rate", single["rps"] / noop["rps"], 0.5, "ratio"),
    # Issue 14's acceptance: above the ratio it measured before its work (0.21×); 0.5× above is the goal.
    ("single > 21% of no-op HTTP rate", single["rps"] / noop["rps"], 0.21, "above"),
    ("single ≥ 3× naive baseline", single["rps"] / naive["rps"], 3.0, "ratio"),
    ("Sentry envelope ≥ 80% of canonical single", envelope["rps"] / single_turns["rps"], 0.8, "ratio"),
    ("batch ≥ 60% of COPY rate", batch_events / copy["rps"], 0.6, "ratio"),
    ("single p99 < 50 ms", single["p99_ms"], 50, "max"),
    ("single with the search indexes ≥ 85% of single without", single["rps"] / single_unindexed["rps"], 0.85, "ratio"),
    ("API peak memory < 400 MB", memory["peak_rss_mb"], 400, "max"),
] + [(f"{name} p95 < 50 ms", value["p95_ms"], 50, "max") for name, value in stats.items()] + [
    (f"{name} ≥ 90% of single-event ingestion", value["rps"] / single_turns["rps"], 0.9, "ratio") for name, value in surfaces.items()
] + [(f"{name} p95 < {analytics_targets[name]} ms", answered_p95(value), analytics_targets[name], "max") for name, value in analytics.items()] + [
    ("/api/v1/track ≥ 90% of single-event rate", track["rps"] / single_turns["rps"], 0.9, "ratio"),
] + [(f"{name} p95 < 100 ms", answered_p95(value), 100, "max") for name, value in requests.items()] + [
    ("grouped single events ≥ 90% of ungrouped (side by side)", grouped_rps / ungrouped_rps if side_errors == 0 else 0.0, 0.9, "ratio"),
] + [(f"{name} p95 < {groups_targets[name]} ms", answered_p95(value), groups_targets[name], "max") for name, value in groups.items()] + [
    (f"console_{name} p95 < 1000 ms", answered_p95(value), 1000, "max") for name, value in console_pages.items()]

lines = [
    f"| measure ({platform.node()}, {os.cpu_count()} cores, {duration}s runs) | value |",
    "|---|---|",
    f"| 1. single-event ingestion, 64 connections | {single['rps']:,.0f} events/s, p50 {single['p50_ms']:.2f} ms, p99 {single['p99_ms']:.2f} ms, errors {single['errors']} |",
    f"| 1f. the same without the free-text search indexes | {single_unindexed['rps']:,.0f} events/s, p50 {single_unindexed['p50_ms']:.2f} ms, p99 {single_unindexed['p99_ms']:.2f} ms, errors {single_unindexed['errors']} |",
    f"| 1b-1e. canonical single events in the rounds of 1b-1e (four turns) | {single_turns['rps']:,.0f} events/s, p99 {single_turns['p99_ms']:.2f} ms (worst turn), errors {single_turns['errors']} |",
    f"| 1b. Sentry envelopes of one event each, 64 connections | {envelope['rps']:,.0f} events/s ({envelope['rps'] / single_turns['rps']:.2f}× its rounds' canonical), p50 {envelope['p50_ms']:.2f} ms, p99 {envelope['p99_ms']:.2f} ms, errors {envelope['errors']} |",
    f"| 1c. single events, Frontend Monitoring API (POST /api/events) | {surfaces['single_frontend']['rps']:,.0f} events/s ({surfaces['single_frontend']['rps'] / single_turns['rps']:.2f}×), p99 {surfaces['single_frontend']['p99_ms']:.2f} ms, errors {surfaces['single_frontend']['errors']} |",
    f"| 1d. single events, Event Processor API (POST /api/v1/events) | {surfaces['single_eventprocessor']['rps']:,.0f} events/s ({surfaces['single_eventprocessor']['rps'] / single_turns['rps']:.2f}×), p99 {surfaces['single_eventprocessor']['p99_ms']:.2f} ms, errors {surfaces['single_eventprocessor']['errors']} |",
    f"| 1e. /api/v1/track (API Analytics API), 64 connections | {track['rps']:,.0f} calls/s ({track['rps'] / single_turns['rps']:.2f}×), p50 {track['p50_ms']:.2f} ms, p99 {track['p99_ms']:.2f} ms, errors {track['errors']} |",
    f"| 2. batch ingestion (1,000 per request) | {batch_events:,.0f} events/s ({batch['rps']:.1f} req/s, p50 {batch['p50_ms']:.1f} ms), errors {batch['errors']} |",
    f"| 3a. no-op HTTP ceiling (GET /health/live) | {noop['rps']:,.0f} req/s |",
    f"| 3b. COPY ceiling ({copy['rows']:,} rows, psql) | {copy['rps']:,.0f} rows/s |",
    f"| 4. naive baseline (one transaction per request) | {naive['rps']:,.0f} events/s, p50 {naive['p50_ms']:.2f} ms, p99 {naive['p99_ms']:.2f} ms |",
] + [
    f"| 5. {name} at {events:,} events | p50 {value['p50_ms']:.2f} ms, p95 {value['p95_ms']:.2f} ms ({value['requests']} requests) |"
    for name, value in stats.items()
] + [
    f"| 5b. {name} at {events:,} events, {events // 10:,} distinct messages | p50 {value['p50_ms']:.2f} ms, p95 {value['p95_ms']:.2f} ms ({value['requests']} requests) |"
    for name, value in longtail.items()
] + [
    f"| 7. {name} at {events:,} events | p50 {value['p50_ms']:.2f} ms, p95 {value['p95_ms']:.2f} ms ({value['requests']} requests) |"
    for name, value in analytics.items()
] + [
    f"| 5c. {name} at {request_events:,} API calls over 24 h | p50 {value['p50_ms']:.2f} ms, p95 {value['p95_ms']:.2f} ms ({value['requests']} requests) |"
    for name, value in requests.items()
] + [
    f"| 1g. single events side by side (A B B A, three rounds): ungrouped (kind log, INFO/DEBUG) | {ungrouped_rps:,.0f} events/s, errors {ungrouped_errors} |",
    f"| 1g. single events side by side: every one in an error group (kind error, ERROR) | {grouped_rps:,.0f} events/s ({grouped_rps / ungrouped_rps:.2f}× ungrouped), errors {grouped_errors} |",
] + [
    f"| 8. {name} at {events:,} events | p50 {value['p50_ms']:.2f} ms, p95 {value['p95_ms']:.2f} ms ({value['requests']} requests) |"
    for name, value in groups.items() if name != "group_analysis"
] + [
    f"| 8. group_analysis (built-in, busiest group, 24 h; job created to completed) | p50 {groups['group_analysis']['p50_ms']:.0f} ms, p95 {groups['group_analysis']['p95_ms']:.0f} ms, "
    f"max {groups['group_analysis']['max_ms']:.0f} ms, client wall p95 {groups['group_analysis']['wall_p95_ms']:.0f} ms ({groups['group_analysis']['requests']} runs, errors {groups['group_analysis']['errors']}) |",
] + [
    f"| 5d. console page {name} at {events:,} events (all its calls) | p50 {value['p50_ms']:.0f} ms, p95 {value['p95_ms']:.0f} ms ({value['requests']} loads, {value['errors']} failed) |"
    for name, value in console_pages.items()
] + [
    f"| 6. API peak memory (VmHWM) | {memory['peak_rss_mb']} MB |",
    "",
    "| target | measured | met |",
    "|---|---|---|",
]
def is_met(value, bound, kind):
    return value >= bound if kind == "ratio" else value > bound if kind == "above" else value < bound


for label, value, bound, kind in checks:
    met = is_met(value, bound, kind)
    shown = f"{value:.3f}×" if kind == "above" else f"{value:.2f}×" if kind == "ratio" else f"{value:.2f}"
    lines.append(f"| {label} | {shown} | {'yes' if met else 'NO'} |")

# The grouping benchmark's table (bench/grouping), when this run measured it.
grouping_path = os.path.join(work, "grouping.md")
grouping = open(grouping_path).read().strip() if os.path.exists(grouping_path) else None
if grouping:
    lines += ["", "Grouping accuracy on LogHub-2k (bench/grouping):", "", grouping]

print("\n".join(lines))
stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
path = os.path.join(results, stamp + ".json")
with open(path, "w") as handle:
    json.dump({"single": single, "single_turns": single_turns, "single_unindexed": single_unindexed, "envelope": envelope, "batch": batch, "batch_events_per_second": batch_events, "noop": noop, "copy": copy,
               "naive": naive, "track": track, "requests": requests, "stats": stats, "grouping_table": grouping, "surfaces": surfaces, "analytics": analytics,
               "longtail": longtail, "console_pages": console_pages, "memory": memory,
               "side_by_side": {"runs": side, "ungrouped_rps": ungrouped_rps, "grouped_rps": grouped_rps}, "groups": groups, "events": events, "duration_seconds": duration,
               "targets": [{"target": label, "value": value, "met": is_met(value, bound, kind)}
                           for label, value, bound, kind in checks]}, handle, indent=2)
print(f"\nresults: {path}")
