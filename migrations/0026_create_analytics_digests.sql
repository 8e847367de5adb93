-- Hourly digests of each app's events, so that the product analytics summary (and the Event Processor API's
-- metrics) over a long window read a few rows per hour instead of every event, and stay exact
-- (docs/decisions/0037-exact-hourly-analytics-digests.md). Hours are digested once they are over, in order,
-- by analytics_digest_build below; what lies outside the digested hours is read from the events as before.

-- Each app's digested hours: [built_from, built_until), whole UTC hours; and how far the users and sessions of the
-- hours after them are tracked (tracked_until, in analytics_live_subjects).
CREATE TABLE analytics_digest_state (
    app_id        bigint PRIMARY KEY,
    built_from    timestamptz NOT NULL,
    built_until   timestamptz NOT NULL,
    tracked_until timestamptz NOT NULL
);

-- Events per hour, kind and name: the total, the kinds, the names, and the first and latest event.
CREATE TABLE analytics_hour_names (
    app_id   bigint      NOT NULL,
    hour     timestamptz NOT NULL,
    kind     text        NOT NULL,
    name     text,
    events   bigint      NOT NULL,
    first_at timestamptz NOT NULL,
    last_at  timestamptz NOT NULL
);
CREATE INDEX analytics_hour_names_hour_idx ON analytics_hour_names (app_id, hour);

-- Each user's events in an hour, the latest of them, the names they carried, the user's rank in that hour (most
-- events first) and the hour the user was last seen before it (null: never). A window's top users are found among
-- each hour's first ranks, which bound everyone else's count; a user's hours tell whether the user was seen in a
-- run of hours; and the users of an hour seen again in the hours after it are those whose previous_hour it is.
CREATE TABLE analytics_hour_users (
    app_id        bigint      NOT NULL,
    user_id       text        NOT NULL,
    hour          timestamptz NOT NULL,
    events        bigint      NOT NULL,
    last_at       timestamptz NOT NULL,
    names         text[]      NOT NULL,
    rank          integer     NOT NULL,
    previous_hour timestamptz,
    PRIMARY KEY (app_id, user_id, hour)
);
CREATE INDEX analytics_hour_users_top_idx ON analytics_hour_users (app_id, hour, rank) WHERE rank <= 50;
CREATE INDEX analytics_hour_users_previous_idx ON analytics_hour_users (app_id, previous_hour) INCLUDE (user_id, hour);
-- Rows arrive hour by hour, so a block-range index finds an hour's rows for retention at little cost.
CREATE INDEX analytics_hour_users_hour_idx ON analytics_hour_users USING brin (hour);

-- The sessions seen in each hour, and the hour each was last seen before it.
CREATE TABLE analytics_hour_sessions (
    app_id        bigint      NOT NULL,
    session_id    text        NOT NULL,
    hour          timestamptz NOT NULL,
    previous_hour timestamptz,
    PRIMARY KEY (app_id, session_id, hour)
);
CREATE INDEX analytics_hour_sessions_previous_idx ON analytics_hour_sessions (app_id, previous_hour) INCLUDE (session_id, hour);
CREATE INDEX analytics_hour_sessions_hour_idx ON analytics_hour_sessions USING brin (hour);

-- For each hour, how many of its users ('u') or sessions ('s') were last seen before it in previous_hour (null:
-- never). The distinct users of a run of hours [a, b) are those of its hours last seen before a: summed exactly.
CREATE TABLE analytics_hour_returns (
    app_id        bigint      NOT NULL,
    hour          timestamptz NOT NULL,
    subject       "char"      NOT NULL CHECK (subject IN ('u', 's')),
    previous_hour timestamptz,
    count         bigint      NOT NULL
);
CREATE INDEX analytics_hour_returns_hour_idx ON analytics_hour_returns (app_id, hour);

-- The users ('u') and sessions ('s') of the hours not digested yet, each with the hour it was last seen before, as
-- far as tracked_until: a window that ends now finds there, for the users of its last hour, whether it saw them
-- earlier, instead of looking each one up in the digests. Rows go once their hour is digested.
CREATE TABLE analytics_live_subjects (
    app_id        bigint      NOT NULL,
    subject       "char"      NOT NULL CHECK (subject IN ('u', 's')),
    id            text        NOT NULL,
    hour          timestamptz NOT NULL,
    previous_hour timestamptz,
    PRIMARY KEY (app_id, subject, id, hour)
);

-- Digests the app's hours that end at or before p_until (rounded down to the hour) and are not digested yet, in
-- order, a day per statement; returns how many hours it digested. An app seen for the first time starts at the
-- hour of its first event. Events are received on the server's clock, so an hour that is over (with a grace for
-- commits in flight, which the caller leaves) gets no more events and its digest stays exact.
CREATE FUNCTION analytics_digest_build(p_app bigint, p_until timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    target timestamptz := date_trunc('hour', p_until, 'UTC');
    chunk_from timestamptz;
    chunk_to timestamptz;
    hours integer := 0;
    -- Each subject's hour before this one: the one before it in this chunk, or else the last one before the chunk,
    -- looked up once per subject in the rows digested before. Planned afresh (EXECUTE) for each chunk, with the rows
    -- already there: planned on a table still empty, the look-up reads the whole table each time.
    -- %1$I: analytics_hour_users or analytics_hour_sessions, %2$I its subject column; $1 the app, $2 the chunk's start.
    previous_sql constant text := $sql$
        UPDATE analytics_digest_chunk c
        SET previous_hour = coalesce(x.previous_in_chunk,
                                     (SELECT max(p.hour) FROM %1$I p WHERE p.app_id = $1 AND p.%2$I = c.subject AND p.hour < $2))
        FROM (SELECT subject, hour, lag(hour) OVER (PARTITION BY subject ORDER BY hour) AS previous_in_chunk
              FROM analytics_digest_chunk) AS x
        WHERE x.subject = c.subject AND x.hour = c.hour
        $sql$;
BEGIN
    INSERT INTO analytics_digest_state (app_id, built_from, built_until, tracked_until)
    SELECT p_app, first_hour, first_hour, first_hour
    FROM (SELECT coalesce(least(date_trunc('hour', min(received_at), 'UTC'), target), target) AS first_hour
          FROM events WHERE app_id = p_app) AS f
    ON CONFLICT (app_id) DO NOTHING;
    -- Builders of the same app take turns here.
    SELECT built_until INTO chunk_from FROM analytics_digest_state WHERE app_id = p_app FOR UPDATE;
    CREATE TEMP TABLE IF NOT EXISTS analytics_digest_chunk (
        subject text, hour timestamptz, events bigint, last_at timestamptz, names text[], rank integer, previous_hour timestamptz
    ) ON COMMIT DROP;

    WHILE chunk_from < target LOOP
        chunk_to := least(chunk_from + interval '1 day', target);

        INSERT INTO analytics_hour_names (app_id, hour, kind, name, events, first_at, last_at)
        SELECT p_app, date_trunc('hour', received_at, 'UTC'), kind, name, count(*), min(received_at), max(received_at)
        FROM events
        WHERE app_id = p_app AND received_at >= chunk_from AND received_at < chunk_to
        GROUP BY 2, 3, 4;

        TRUNCATE analytics_digest_chunk;
        INSERT INTO analytics_digest_chunk (subject, hour, events, last_at, names, rank)
        SELECT user_id, hour, events, last_at, names,
               row_number() OVER (PARTITION BY hour ORDER BY events DESC, last_at DESC, user_id COLLATE "C")
        FROM (SELECT user_id, date_trunc('hour', received_at, 'UTC') AS hour, count(*) AS events, max(received_at) AS last_at,
                     coalesce(array_agg(DISTINCT name) FILTER (WHERE name IS NOT NULL), '{}') AS names
              FROM events
              WHERE app_id = p_app AND received_at >= chunk_from AND received_at < chunk_to AND user_id IS NOT NULL
              GROUP BY 1, 2) AS u;
        ANALYZE analytics_digest_chunk;
        EXECUTE format(previous_sql, 'analytics_hour_users', 'user_id') USING p_app, chunk_from;
        INSERT INTO analytics_hour_users (app_id, user_id, hour, events, last_at, names, rank, previous_hour)
        SELECT p_app, subject, hour, events, last_at, names, rank, previous_hour FROM analytics_digest_chunk;
        INSERT INTO analytics_hour_returns (app_id, hour, subject, previous_hour, count)
        SELECT p_app, hour, 'u', previous_hour, count(*) FROM analytics_digest_chunk GROUP BY hour, previous_hour;

        TRUNCATE analytics_digest_chunk;
        INSERT INTO analytics_digest_chunk (subject, hour)
        SELECT DISTINCT session_id, date_trunc('hour', received_at, 'UTC')
        FROM events
        WHERE app_id = p_app AND received_at >= chunk_from AND received_at < chunk_to AND session_id IS NOT NULL;
        ANALYZE analytics_digest_chunk;
        EXECUTE format(previous_sql, 'analytics_hour_sessions', 'session_id') USING p_app, chunk_from;
        INSERT INTO analytics_hour_sessions (app_id, session_id, hour, previous_hour)
        SELECT p_app, subject, hour, previous_hour FROM analytics_digest_chunk;
        INSERT INTO analytics_hour_returns (app_id, hour, subject, previous_hour, count)
        SELECT p_app, hour, 's', previous_hour, count(*) FROM analytics_digest_chunk GROUP BY hour, previous_hour;

        hours := hours + CAST(extract(epoch FROM chunk_to - chunk_from) / 3600 AS integer);
        chunk_from := chunk_to;
        UPDATE analytics_digest_state SET built_until = chunk_to, tracked_until = greatest(tracked_until, chunk_to)
        WHERE app_id = p_app;
    END LOOP;

    DELETE FROM analytics_live_subjects WHERE app_id = p_app AND hour < chunk_from;
    RETURN hours;
END
$$;

-- Tracks the users and sessions of the app's hours not digested yet, from where tracking stopped to p_until (the
-- caller leaves the same grace as for digests), each with the hour it was last seen before: in this stretch, in the
-- subjects tracked before, or else in the digests. Returns how many (subject, hour) pairs it added.
CREATE FUNCTION analytics_digest_track(p_app bigint, p_until timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    track_from timestamptz;
    tracked integer;
BEGIN
    SELECT greatest(tracked_until, built_until) INTO track_from FROM analytics_digest_state WHERE app_id = p_app FOR UPDATE;
    IF NOT FOUND OR track_from >= p_until THEN
        RETURN 0;
    END IF;

    CREATE TEMP TABLE IF NOT EXISTS analytics_digest_seen (subject "char", id text, hour timestamptz, previous_hour timestamptz) ON COMMIT DROP;
    TRUNCATE analytics_digest_seen;
    INSERT INTO analytics_digest_seen (subject, id, hour)
    SELECT DISTINCT 'u', user_id, date_trunc('hour', received_at, 'UTC')
    FROM events
    WHERE app_id = p_app AND received_at >= track_from AND received_at < p_until AND user_id IS NOT NULL
    UNION ALL
    SELECT DISTINCT 's', session_id, date_trunc('hour', received_at, 'UTC')
    FROM events
    WHERE app_id = p_app AND received_at >= track_from AND received_at < p_until AND session_id IS NOT NULL;
    ANALYZE analytics_digest_seen;
    -- Planned afresh, as in analytics_digest_build: the tables looked up may have been empty when a plan was cached.
    EXECUTE $sql$
        UPDATE analytics_digest_seen s
        SET previous_hour = coalesce(
            x.previous_in_stretch,
            (SELECT max(l.hour) FROM analytics_live_subjects l WHERE l.app_id = $1 AND l.subject = s.subject AND l.id = s.id AND l.hour < s.hour),
            CASE s.subject
                WHEN 'u' THEN (SELECT max(p.hour) FROM analytics_hour_users p WHERE p.app_id = $1 AND p.user_id = s.id AND p.hour < s.hour)
                ELSE (SELECT max(p.hour) FROM analytics_hour_sessions p WHERE p.app_id = $1 AND p.session_id = s.id AND p.hour < s.hour)
            END)
        FROM (SELECT subject, id, hour, lag(hour) OVER (PARTITION BY subject, id ORDER BY hour) AS previous_in_stretch
              FROM analytics_digest_seen) AS x
        WHERE x.subject = s.subject AND x.id = s.id AND x.hour = s.hour
        $sql$ USING p_app;
    INSERT INTO analytics_live_subjects (app_id, subject, id, hour, previous_hour)
    SELECT p_app, subject, id, hour, previous_hour FROM analytics_digest_seen
    ON CONFLICT (app_id, subject, id, hour) DO NOTHING;
    GET DIAGNOSTICS tracked = ROW_COUNT;
    UPDATE analytics_digest_state SET tracked_until = p_until WHERE app_id = p_app;
    RETURN tracked;
END
$$;

-- Forgets an app's digests before p_cutoff (a whole hour), as retention deletes its events: the hours from the
-- cut-off on stay exact, since a user last seen before it counts as never seen by any window that starts after it.
CREATE FUNCTION analytics_digest_trim(p_app bigint, p_cutoff timestamptz) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM analytics_hour_names WHERE hour < p_cutoff AND (p_app IS NULL OR app_id = p_app);
    DELETE FROM analytics_hour_users WHERE hour < p_cutoff AND (p_app IS NULL OR app_id = p_app);
    DELETE FROM analytics_hour_sessions WHERE hour < p_cutoff AND (p_app IS NULL OR app_id = p_app);
    DELETE FROM analytics_hour_returns WHERE hour < p_cutoff AND (p_app IS NULL OR app_id = p_app);
    UPDATE analytics_digest_state
    SET built_from = least(greatest(built_from, p_cutoff), built_until)
    WHERE (p_app IS NULL OR app_id = p_app) AND built_from < p_cutoff;
$$;
