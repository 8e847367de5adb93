-- Error groups kept at ingest, in the same commit as their events: every event of kind error or at WARNING
-- or above belongs to the group of its app and fingerprint (the grouping key, decision record 0018).
CREATE TABLE error_groups (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_id         bigint      NOT NULL,
    fingerprint    text        NOT NULL,
    title          text        NOT NULL,
    kind           text        NOT NULL,
    level          text        NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')),
    count          bigint      NOT NULL,
    users_affected bigint      NOT NULL DEFAULT 0,
    first_seen     timestamptz NOT NULL,
    last_seen      timestamptz NOT NULL,
    sample_message text        NOT NULL,
    status         text        NOT NULL DEFAULT 'unresolved' CHECK (status IN ('unresolved', 'resolved', 'ignored')),
    regressed      boolean     NOT NULL DEFAULT false,
    UNIQUE (app_id, fingerprint)
);

-- The group list: one app, by last_seen, count or first_seen, then id.
CREATE INDEX error_groups_app_last_seen_idx ON error_groups (app_id, last_seen DESC, id DESC);
CREATE INDEX error_groups_app_count_idx ON error_groups (app_id, count DESC, id DESC);
CREATE INDEX error_groups_app_first_seen_idx ON error_groups (app_id, first_seen DESC, id DESC);

-- A group's events per hour (charts, baselines).
CREATE TABLE error_group_counts_hour (
    group_id bigint      NOT NULL,
    hour     timestamptz NOT NULL,
    count    bigint      NOT NULL,
    PRIMARY KEY (group_id, hour)
);

-- The distinct users a group has affected; its count is users_affected.
CREATE TABLE error_group_users (
    group_id bigint NOT NULL,
    user_id  text   NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
