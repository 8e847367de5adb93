-- The event store for every seed: errors, logs, performance and interaction events, custom events and
-- API request metrics. Partitioned by day of received_at so that retention drops whole partitions.
-- Partitions are created ahead by the maintenance service and on demand by the ingest writer.
-- There is no foreign key to apps: apps are never deleted, and the check would cost every insert.
CREATE SEQUENCE events_id_seq AS bigint;

CREATE TABLE events (
    id          bigint           NOT NULL DEFAULT nextval('events_id_seq'),
    app_id      bigint           NOT NULL,
    kind        text             NOT NULL CHECK (kind IN ('error', 'log', 'performance', 'interaction', 'custom', 'request')),
    level       text             NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')),
    name        text,
    message     text             NOT NULL,
    fingerprint text             NOT NULL,
    event_id    text             NOT NULL,
    occurred_at timestamptz      NOT NULL,
    received_at timestamptz      NOT NULL,
    user_id     text,
    session_id  text,
    release     text,
    environment text,
    page_url    text,
    user_agent  text,
    http_method text,
    http_path   text,
    status_code integer,
    duration_ms double precision,
    stack       jsonb,
    tags        jsonb,
    payload     jsonb
) PARTITION BY RANGE (received_at);

ALTER SEQUENCE events_id_seq OWNED BY events.id;

-- The event list: one app, newest first, optionally from a cursor (received_at, id).
CREATE INDEX events_app_received_idx ON events (app_id, received_at DESC, id DESC);
-- The event list filtered by level.
CREATE INDEX events_app_level_received_idx ON events (app_id, level, received_at DESC, id DESC);

-- Rollups maintained in the ingest transaction. Statistics read these for whole minutes and hours
-- and the raw events only for the partial minutes or hours at the edges of a window.
CREATE TABLE event_counts_minute (
    app_id bigint      NOT NULL,
    minute timestamptz NOT NULL,
    level  text        NOT NULL,
    kind   text        NOT NULL,
    count  bigint      NOT NULL,
    PRIMARY KEY (app_id, minute, level, kind)
);

CREATE TABLE event_counts_hour (
    app_id bigint      NOT NULL,
    hour   timestamptz NOT NULL,
    level  text        NOT NULL,
    kind   text        NOT NULL,
    count  bigint      NOT NULL,
    PRIMARY KEY (app_id, hour, level, kind)
);

-- Top messages: exact message text per app, hour and level, keyed by the SHA-256 of the text.
CREATE TABLE message_counts_hour (
    app_id       bigint      NOT NULL,
    hour         timestamptz NOT NULL,
    level        text        NOT NULL,
    message_hash bytea       NOT NULL,
    message      text        NOT NULL,
    count        bigint      NOT NULL,
    last_seen    timestamptz NOT NULL,
    PRIMARY KEY (app_id, hour, level, message_hash)
);

-- Idempotency: client event ids seen within the dedup window, with the id of the stored event.
CREATE TABLE event_ids (
    app_id      bigint      NOT NULL,
    event_id    text        NOT NULL,
    id          bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (app_id, event_id)
);

CREATE INDEX event_ids_received_idx ON event_ids (received_at);
