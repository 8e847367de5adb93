-- Hourly digests of each app's events, so that the product analytics summary (and the Event Processor API's
-- metrics) over a long window read a few rows per hour instead of every event, and stay exact
-- (docs/decisions/0037-exact-hourly-analytics-digests.md). Hours are digested once they are over, in order,
-- by analytics_digest_build below; what lies outside the digested hours is read from the events as before.

-- Each app's digested hours: [built_from, built_until), whole UTC hours.
CREATE TABLE analytics_digest_state (
    app_id      bigint PRIMARY KEY,
    built_from  timestamptz NOT NULL,
    built_until timestamptz NOT NULL
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

-- Each user's events in an hour, the latest of them, the names they carried, and the user's rank in that hour
-- (most events first). A window's top users are found among each hour's first ranks, which bound everyone else's
-- count; a user's hours tell whether the user was seen in a run of hours.
CREATE TABLE analytics_hour_users (
    app_id  bigint      NOT NULL,
    user_id text        NOT NULL,
    hour    timestamptz NOT NULL,
    events  bigint      NOT NULL,
    last_at timestamptz NOT NULL,
    names   text[]      NOT NULL,
    rank    integer     NOT NULL,
    PRIMARY KEY (app_id, user_id, hour)
);
CREATE INDEX analytics_hour_users_top_idx ON analytics_hour_users (app_id, hour, rank) WHERE rank <= 50;
-- Rows arrive hour by hour, so a block-range index finds an hour's rows for retention at little cost.
CREATE INDEX analytics_hour_users_hour_idx ON analytics_hour_users USING brin (hour);

-- The sessions seen in each hour.
CREATE TABLE analytics_hour_sessions (
    app_id     bigint      NOT NULL,
    session_id text        NOT NULL,
    hour       timestamptz NOT NULL,
    PRIMARY KEY (app_id, session_id, hour)
);
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
    subjects text[];
    subject_hours timestamptz[];
    -- %1$I: the table of users or sessions per hour, %2$I its subject column; $1 the app, $2 'u' or 's', $3 the
    -- chunk's first hour, $4 and $5 the subjects and hours just written.
    returns_sql constant text := $sql$
        INSERT INTO analytics_hour_returns (app_id, hour, subject, previous_hour, count)
        SELECT $1, hour, $2, previous_hour, count(*)
        FROM (SELECT w.hour, coalesce(lag(w.hour) OVER (PARTITION BY w.subject ORDER BY w.hour),
                                      (SELECT max(p.hour) FROM %1$I p WHERE p.app_id = $1 AND p.%2$I = w.subject AND p.hour < $3)) AS previous_hour
              FROM unnest($4, $5) AS w (subject, hour)) AS r
        GROUP BY hour, previous_hour
        $sql$;
BEGIN
    INSERT INTO analytics_digest_state (app_id, built_from, built_until)
    SELECT p_app, coalesce(first_hour, target), coalesce(first_hour, target)
    FROM (SELECT least(date_trunc('hour', min(received_at), 'UTC'), target) AS first_hour FROM events WHERE app_id = p_app) AS f
    ON CONFLICT (app_id) DO NOTHING;
    -- Builders of the same app take turns here.
    SELECT built_until INTO chunk_from FROM analytics_digest_state WHERE app_id = p_app FOR UPDATE;

    WHILE chunk_from < target LOOP
        chunk_to := least(chunk_from + interval '1 day', target);

        INSERT INTO analytics_hour_names (app_id, hour, kind, name, events, first_at, last_at)
        SELECT p_app, date_trunc('hour', received_at, 'UTC'), kind, name, count(*), min(received_at), max(received_at)
        FROM events
        WHERE app_id = p_app AND received_at >= chunk_from AND received_at < chunk_to
        GROUP BY 2, 3, 4;

        -- Each user's and session's hour before this one: the one before it in this chunk, or else the last one
        -- before the chunk, looked up once per user (or session) in the rows digested before. The rows just written are
        -- handed over as arrays, and the look-ups planned afresh (EXECUTE) once they are there: a statement planned
        -- while the table was still empty reads the whole table for every look-up.
        WITH written AS (
            INSERT INTO analytics_hour_users (app_id, user_id, hour, events, last_at, names, rank)
            SELECT p_app, user_id, hour, events, last_at, names,
                   row_number() OVER (PARTITION BY hour ORDER BY events DESC, last_at DESC, user_id COLLATE "C")
            FROM (SELECT user_id, date_trunc('hour', received_at, 'UTC') AS hour, count(*) AS events, max(received_at) AS last_at,
                         coalesce(array_agg(DISTINCT name) FILTER (WHERE name IS NOT NULL), '{}') AS names
                  FROM events
                  WHERE app_id = p_app AND received_at >= chunk_from AND received_at < chunk_to AND user_id IS NOT NULL
                  GROUP BY 1, 2) AS u
            RETURNING user_id, hour
        )
        SELECT coalesce(array_agg(user_id), '{}'), coalesce(array_agg(hour), '{}') INTO subjects, subject_hours FROM written;
        EXECUTE format(returns_sql, 'analytics_hour_users', 'user_id') USING p_app, 'u', chunk_from, subjects, subject_hours;

        WITH written AS (
            INSERT INTO analytics_hour_sessions (app_id, session_id, hour)
            SELECT DISTINCT p_app, session_id, date_trunc('hour', received_at, 'UTC')
            FROM events
            WHERE app_id = p_app AND received_at >= chunk_from AND received_at < chunk_to AND session_id IS NOT NULL
            RETURNING session_id, hour
        )
        SELECT coalesce(array_agg(session_id), '{}'), coalesce(array_agg(hour), '{}') INTO subjects, subject_hours FROM written;
        EXECUTE format(returns_sql, 'analytics_hour_sessions', 'session_id') USING p_app, 's', chunk_from, subjects, subject_hours;

        hours := hours + CAST(extract(epoch FROM chunk_to - chunk_from) / 3600 AS integer);
        chunk_from := chunk_to;
        UPDATE analytics_digest_state SET built_until = chunk_to WHERE app_id = p_app;
    END LOOP;

    RETURN hours;
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
