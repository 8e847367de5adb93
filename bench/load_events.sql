-- :app  the app id; :n  how many events, spread evenly over the 30 days before now;
-- :tail  0 for 50 distinct messages, each sent in runs of 7; else the long tail of a real application:
--        30% of events carry one of 5 frequent texts, 10% name each of :tail ids once, and 60% draw an id
--        with density falling as a power of it (id^-2/3: the first 1% of ids take a fifth of those events);
--        each text comes at one level, as one log statement sends it.
-- Product analytics read the other columns, so they are filled as a web shop's would be: kinds 25% error,
-- 25% performance, 40% interaction, 10% custom; a name per kind (the error's type, a web vital, an action);
-- users drawn from 100,000 with density falling as a power (the first 1% take about a sixth of the events),
-- one event in ten anonymous; a session per user per ~80 minutes of the data set; one of 1,500 page URLs.
SELECT format('CREATE TABLE IF NOT EXISTS events_p%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
              to_char(d, 'YYYYMMDD'), d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00')
FROM (SELECT (now() AT TIME ZONE 'UTC')::date + offs AS d FROM generate_series(-31, 1) AS offs) AS days
\gexec

INSERT INTO events (id, app_id, kind, level, name, message, fingerprint, event_id, occurred_at, received_at, tags,
                    user_id, session_id, page_url)
SELECT nextval('events_id_seq'), :app, kind,
       (ARRAY['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'])[1 + CASE WHEN :tail = 0 THEN g % 5 ELSE abs(hashtext(message)) % 5 END],
       CASE kind WHEN 'error' THEN split_part(message, ':', 1)
                 WHEN 'performance' THEN (ARRAY['LCP', 'FID', 'CLS', 'TTFB'])[1 + g % 4]
                 WHEN 'interaction' THEN (ARRAY['click', 'scroll', 'submit', 'page_view', 'add_to_cart'])[1 + g % 5]
                 ELSE 'campaign_' || (g % 30) END,
       message, md5(message), 'b-' || g, ts, ts, '{"env": "bench"}',
       CASE WHEN g % 10 = 3 THEN NULL ELSE 'user_' || user_no END,
       CASE WHEN g % 10 = 3 THEN NULL ELSE 's-' || user_no || '-' || (g / (CAST(:n AS bigint) / 540 + 1)) END,
       'https://shop.example.com/' || (ARRAY['', 'cart', 'checkout', 'product/', 'search?q=item'])[1 + g % 5]
           || CASE WHEN g % 5 >= 3 THEN (g % 997)::text ELSE '' END
FROM (SELECT g, ts,
             CASE WHEN g % 20 < 5 THEN 'error' WHEN g % 20 < 10 THEN 'performance' WHEN g % 20 < 18 THEN 'interaction' ELSE 'custom' END AS kind,
             floor(100000 * power(((g * 2246822519) % 4294967296) / 4294967296.0, 2.5))::bigint AS user_no,
             CASE WHEN :tail = 0 THEN 'bench message ' || ((g / 7) % 50)
                  WHEN g % 10 IN (0, 5, 7) THEN 'TimeoutError: upstream ' || ((g / 10) % 5) || ' timed out'
                  -- g / 10 runs over n / 10 >= :tail numbers and 7919 is a prime not dividing :tail, so every id comes up.
                  WHEN g % 10 = 1 THEN 'OrderNotFound: order ' || ((g / 10) * 7919 % :tail) || ' does not exist'
                  ELSE 'OrderNotFound: order ' || floor(:tail * power(((g * 2654435761) % 4294967296) / 4294967296.0, 3))::bigint || ' does not exist'
             END AS message
      FROM (SELECT g, now() - interval '30 days' + (g * (interval '30 days' / :n)) AS ts FROM generate_series(1, CAST(:n AS bigint)) AS g) AS t) AS s;

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
