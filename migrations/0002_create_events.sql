-- Events as seed 000 describes them. received_at is stamped by the server; every list and statistic
-- filters one app on received_at, which is what the index serves.
CREATE TABLE events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_id      bigint      NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    level       text        NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL')),
    message     text        NOT NULL,
    stack       jsonb,
    tags        jsonb
);

CREATE INDEX events_app_received_idx ON events (app_id, received_at DESC, id DESC);
