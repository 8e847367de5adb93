-- Apps and their ingest keys. Keys are stored only as SHA-256 hashes, with a short prefix for display.
CREATE TABLE apps (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Names are unique without regard to case; CreateApp uses this index as its ON CONFLICT arbiter.
CREATE UNIQUE INDEX apps_name_lower_key ON apps (lower(name));

CREATE TABLE ingest_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_id       bigint      NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    key_hash     bytea       NOT NULL UNIQUE,
    prefix       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX ingest_keys_app_id_idx ON ingest_keys (app_id);
