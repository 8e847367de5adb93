-- Operator keys with scopes ('admin', 'read'), optionally limited to some apps (NULL: every app).
-- Stored as SHA-256 hashes like ingest keys; names are unique without regard to case.
CREATE TABLE operator_keys (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    key_hash   bytea       NOT NULL UNIQUE,
    prefix     text        NOT NULL,
    scopes     text[]      NOT NULL CHECK (scopes <@ ARRAY['admin', 'read'] AND cardinality(scopes) > 0),
    app_ids    bigint[],
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE UNIQUE INDEX operator_keys_name_lower_key ON operator_keys (lower(name));
