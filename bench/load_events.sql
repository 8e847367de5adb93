-- :app  the app id; :n  how many events, spread evenly over the 30 days before now;
-- :tail  0 for 50 distinct messages, each sent in runs of 7; else the long tail of a real application:
--        30% of events carry one of 5 frequent texts, 10% name each of :tail ids once, and 60% draw an id
--        with density falling as a power of it (id^-2/3: the first 1% of ids take a fifth of those events);
--        each text comes at one level, as one log statement sends it.
-- Product analytics read the other columns, so they are filled as a web shop's would be: kinds 25% error,
-- 25% performance, 40% interaction, 10% custom; a name per kind (the error's type, a web vital, an action);
-- users drawn from 100,000 with density falling as a power (the first 1% take about a sixth of the events),
-- one event in ten anonymous; a session per user per ~80 minutes of the data set; one of 1,500 page URLs.
-- Error groups, as ingest keeps them, when :tail is 0: every event of kind error or at WARNING or above
-- belongs to the group of its fingerprint (md5 of the message here, which events.fingerprint holds): the
-- group's row (count, first and last seen, highest level, users), events.group_id and the hourly counts.
-- The long-tail app's events stay ungrouped: it measures statistics over many distinct messages.
SELECT format('CREATE TABLE IF NOT EXISTS events_p%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
              to_char(d, 'YYYYMMDD'), d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00')
FROM (SELECT (now() AT TIME ZONE 'UTC')::date + offs AS d FROM generate_series(-31, 1) AS offs) AS days
\gexec

-- The groups first, empty, so that each event's insert can name its group (ingest's "ensure" step).
INSERT INTO error_groups (app_id, fingerprint, title, kind, level, count, first_seen, last_seen, sample_message)
SELECT :app, md5('bench message ' || i), 'bench message ' || i, 'error', 'WARNING', 0, now(), now(), 'bench message ' || i
FROM generate_series(0, 49) AS i
WHERE :tail = 0;

INSERT INTO events (id, app_id, kind, level, name, message, fingerprint, event_id, occurred_at, received_at, tags,
                    user_id, session_id, page_url, group_id)
SELECT nextval('events_id_seq'), :app, s.kind, s.level,
       CASE s.kind WHEN 'error' THEN split_part(message, ':', 1)
                 WHEN 'performance' THEN (ARRAY['LCP', 'FID', 'CLS', 'TTFB'])[1 + g % 4]
                 WHEN 'interaction' THEN (ARRAY['click', 'scroll', 'submit', 'page_view', 'add_to_cart'])[1 + g % 5]
                 ELSE 'campaign_' || (g % 30) END,
       message, md5(message), 'b-' || g, ts, ts, '{"env": "bench"}',
       CASE WHEN g % 10 = 3 THEN NULL ELSE 'user_' || user_no END,
       CASE WHEN g % 10 = 3 THEN NULL ELSE 's-' || user_no || '-' || (g / (CAST(:n AS bigint) / 540 + 1)) END,
       'https://shop.example.com/' || (ARRAY['', 'cart', 'checkout', 'product/', 'search?q=item'])[1 + g % 5]
           || CASE WHEN g % 5 >= 3 THEN (g % 997)::text ELSE '' END,
       eg.id
FROM (SELECT s.*, (ARRAY['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'])[1 + CASE WHEN :tail = 0 THEN g % 5 ELSE abs(hashtext(message)) % 5 END] AS level
FROM (SELECT g, ts,
             CASE WHEN g % 20 < 5 THEN 'error' WHEN g % 20 < 10 THEN 'performance' WHEN g % 20 < 18 THEN 'interaction' ELSE 'custom' END AS kind,
             floor(100000 * power(((g * 2246822519) % 4294967296) / 4294967296.0, 2.5))::bigint AS user_no,
             CASE WHEN :tail = 0 THEN 'bench message ' || ((g / 7) % 50)
                  WHEN g % 10 IN (0, 5, 7) THEN 'TimeoutError: upstream ' || ((g / 10) % 5) || ' timed out'
                  -- g / 10 runs over n / 10 >= :tail numbers and 7919 is a prime not dividing :tail, so every id comes up.
                  WHEN g % 10 = 1 THEN 'OrderNotFound: order ' || ((g / 10) * 7919 % :tail) || ' does not exist'
                  ELSE 'OrderNotFound: order ' || floor(:tail * power(((g * 2654435761) % 4294967296) / 4294967296.0, 3))::bigint || ' does not exist'
             END AS message
      FROM (SELECT g, now() - interval '30 days' + (g * (interval '30 days' / :n)) AS ts FROM generate_series(1, CAST(:n AS bigint)) AS g) AS t) AS s) AS s
LEFT JOIN error_groups eg
  ON eg.app_id = :app AND eg.fingerprint = md5(s.message) AND (s.kind = 'error' OR s.level IN ('WARNING', 'ERROR', 'CRITICAL'));

-- The groups' counts as ingest's upserts leave them: hourly counts, then each group's totals from them.
CREATE TEMP TABLE bench_group_hours AS
SELECT group_id, date_trunc('hour', received_at, 'UTC') AS hour, count(*) AS count, min(received_at) AS first_seen, max(received_at) AS last_seen,
       max(array_position(ARRAY['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'], level)) AS level_rank
FROM events WHERE app_id = :app AND group_id IS NOT NULL GROUP BY 1, 2;
INSERT INTO error_group_counts_hour (group_id, hour, count) SELECT group_id, hour, count FROM bench_group_hours;
UPDATE error_groups g
SET count = t.count, first_seen = t.first_seen, last_seen = t.last_seen,
    level = (ARRAY['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'])[t.level_rank]
FROM (SELECT group_id, sum(count) AS count, min(first_seen) AS first_seen, max(last_seen) AS last_seen, max(level_rank) AS level_rank
      FROM bench_group_hours GROUP BY group_id) AS t
WHERE g.id = t.group_id;
DROP TABLE bench_group_hours;
INSERT INTO error_group_users (group_id, user_id)
SELECT DISTINCT group_id, user_id FROM events WHERE app_id = :app AND group_id IS NOT NULL AND user_id IS NOT NULL;
UPDATE error_groups g SET users_affected = u.users
FROM (SELECT group_id, count(*) AS users FROM error_group_users WHERE group_id IN (SELECT id FROM error_groups WHERE app_id = :app) GROUP BY group_id) AS u
WHERE g.id = u.group_id;

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
-- What the hourly maintenance (EventStoreMaintenance) does for every day that has ended, which a load of 30 days
-- at once leaves undone: summarize the block-range indexes up to each partition's last block (docs/decisions/0029).
SELECT sum(brin_summarize_new_values(i.indexrelid)) AS brin_ranges_summarized
FROM pg_inherits h
JOIN pg_class c ON c.oid = h.inhrelid
JOIN pg_index i ON i.indrelid = c.oid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
WHERE h.inhparent = 'events'::regclass AND am.amname = 'brin'
  AND c.relname < 'events_p' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD');
-- What the analytics digest builder (AnalyticsDigestBuilder) does every minute for the hours that have been over for
-- its grace of five minutes, which a load of 30 days at once leaves undone: the app's hours digested from its first
-- event on (docs/decisions/0037), as for an app whose analytics are read (0038). Whatever it digested while the load
-- ran goes first; its lock keeps it out meanwhile. The summary is measured on the first app only, so the long-tail
-- app's 30 days are not digested (five minutes).
SELECT :tail = 0 AS digest \gset
\if :digest
SELECT pg_advisory_lock(5071463764063447399);
INSERT INTO analytics_last_read (app_id, read_at) VALUES (:app, now())
ON CONFLICT (app_id) DO UPDATE SET read_at = excluded.read_at;
DELETE FROM analytics_hour_names WHERE app_id = :app;
DELETE FROM analytics_hour_users WHERE app_id = :app;
DELETE FROM analytics_hour_sessions WHERE app_id = :app;
DELETE FROM analytics_hour_returns WHERE app_id = :app;
DELETE FROM analytics_live_subjects WHERE app_id = :app;
DELETE FROM analytics_digest_state WHERE app_id = :app;
SELECT analytics_digest_build(:app, now() - interval '5 minutes') AS hours_digested;
SELECT analytics_digest_track(:app, now() - interval '5 minutes') AS subjects_tracked;
SELECT pg_advisory_unlock(5071463764063447399);
-- As autovacuum leaves tables that only take inserts, so that index-only scans need not visit the rows.
VACUUM ANALYZE analytics_hour_names, analytics_hour_users, analytics_hour_sessions, analytics_hour_returns, analytics_live_subjects;
\endif
-- As a server that has held these 30 days would be, rather than during the measurements that follow: a table that took
-- its rows by insert has been vacuumed by autovacuum (setting the visibility map), and its pages written out by a
-- checkpoint (docs/decisions/0038).
VACUUM events;
CHECKPOINT;
