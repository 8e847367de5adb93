-- :app  the app id; :n  how many events; spread evenly over the 30 days before now.
SELECT format('CREATE TABLE IF NOT EXISTS events_p%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
              to_char(d, 'YYYYMMDD'), d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00')
FROM (SELECT (now() AT TIME ZONE 'UTC')::date + offs AS d FROM generate_series(-31, 1) AS offs) AS days
\gexec

INSERT INTO events (id, app_id, kind, level, name, message, fingerprint, event_id, occurred_at, received_at, tags)
SELECT nextval('events_id_seq'), :app, 'error',
       (ARRAY['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'])[1 + (g % 5)],
       NULL, 'bench message ' || ((g / 7) % 50), md5('bench message ' || ((g / 7) % 50)), 'b-' || g, ts, ts, '{"env": "bench"}'
FROM (SELECT g, now() - interval '30 days' + (g * (interval '30 days' / :n)) AS ts FROM generate_series(1, :n) AS g) AS s;

INSERT INTO event_counts_minute (app_id, minute, level, kind, count)
SELECT app_id, date_trunc('minute', received_at, 'UTC'), level, kind, count(*) FROM events WHERE app_id = :app GROUP BY 1, 2, 3, 4;
INSERT INTO event_counts_hour (app_id, hour, level, kind, count)
SELECT app_id, date_trunc('hour', received_at, 'UTC'), level, kind, count(*) FROM events WHERE app_id = :app GROUP BY 1, 2, 3, 4;
INSERT INTO message_counts_hour (app_id, hour, level, message_hash, message, count, last_seen)
SELECT app_id, date_trunc('hour', received_at, 'UTC'), level, sha256(convert_to(message, 'UTF8')), message, count(*), max(received_at)
FROM events WHERE app_id = :app GROUP BY 1, 2, 3, message;
INSERT INTO message_counts_day (app_id, day, level, message_hash, message, count, last_seen)
SELECT app_id, date_trunc('day', hour, 'UTC'), level, message_hash, min(message), sum(count), max(last_seen)
FROM message_counts_hour WHERE app_id = :app GROUP BY 1, 2, 3, 4;
ANALYZE;
