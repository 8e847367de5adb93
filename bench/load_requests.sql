-- :app  the app id; :n  how many request events (API calls), spread evenly over the 24 hours before now,
-- over 20 endpoints, with log-normal latencies (median about 20 ms) and 10% errors; then their rollups,
-- bucketed as LatencyHistogram does (γ = 1.01 / 0.99, below 0.01 ms the zero bucket).
SELECT format('CREATE TABLE IF NOT EXISTS events_p%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
              to_char(d, 'YYYYMMDD'), d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00')
FROM (SELECT (now() AT TIME ZONE 'UTC')::date + offs AS d FROM generate_series(-2, 1) AS offs) AS days
\gexec

INSERT INTO events (id, app_id, kind, level, name, message, fingerprint, event_id, occurred_at, received_at,
                    http_method, http_path, status_code, duration_ms)
SELECT nextval('events_id_seq'), :app, 'request', CASE WHEN status >= 500 THEN 'ERROR' WHEN status >= 400 THEN 'WARNING' ELSE 'INFO' END,
       NULL, method || ' ' || path, md5(method || ' ' || path), 'r-' || g, ts, ts, method, path, status, duration
FROM (SELECT g, now() - interval '24 hours' + (g * (interval '24 hours' / :n)) AS ts,
             (ARRAY['GET', 'POST'])[1 + g % 2] AS method,
             '/api/resource/' || (g % 20) AS path,
             CASE WHEN g % 20 = 3 THEN 500 WHEN g % 20 = 7 THEN 404 ELSE 200 END AS status,
             round(least(120000, exp(3 + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 3)::double precision AS duration
      FROM generate_series(1, CAST(:n AS bigint)) AS g) AS s;

INSERT INTO request_stats_minute (app_id, minute, method, path, bucket, count, errors, sum_ms, min_ms, max_ms)
SELECT app_id, date_trunc('minute', received_at, 'UTC'), http_method, http_path,
       CASE WHEN duration_ms < 0.01 THEN -32768 ELSE ceil(ln(duration_ms) / ln(1.01 / 0.99)) END,
       count(*), count(*) FILTER (WHERE status_code >= 400), sum(duration_ms), min(duration_ms), max(duration_ms)
FROM events WHERE app_id = :app AND kind = 'request' GROUP BY 1, 2, 3, 4, 5;
INSERT INTO request_stats_hour (app_id, hour, method, path, bucket, count, errors, sum_ms, min_ms, max_ms)
SELECT app_id, date_trunc('hour', minute, 'UTC'), method, path, bucket, sum(count), sum(errors), sum(sum_ms), min(min_ms), max(max_ms)
FROM request_stats_minute WHERE app_id = :app GROUP BY 1, 2, 3, 4, 5;
ANALYZE;
