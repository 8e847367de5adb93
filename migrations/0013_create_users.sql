-- People who sign in (with a password, or with a code sent by email). Emails are unique without regard
-- to case; the password hash is an Argon2id PHC string, NULL for people who only sign in by email code.
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    password_hash text,
    full_name     text        CHECK (char_length(full_name) <= 200),
    role          text        NOT NULL DEFAULT 'USER' CHECK (role IN ('USER', 'ADMIN')),
    is_active     boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- The key that signs users' tokens when Faultline:Jwt:SigningKey is not configured: generated once, so
-- that every instance and every restart accepts the same tokens. At most one row.
CREATE TABLE jwt_signing_key (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    key        bytea       NOT NULL CHECK (length(key) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Sign-in codes sent by email: six digits, single use, valid ten minutes, kept only as a keyed hash.
-- Requests per email are counted from these rows (at most 3 per 15 minutes), wrong tries per code in attempts.
CREATE TABLE sign_in_codes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text        NOT NULL,
    code_hash  bytea       NOT NULL,
    attempts   integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

-- The latest codes of one email; emails are stored lower-cased.
CREATE INDEX sign_in_codes_email_created_idx ON sign_in_codes (email, created_at DESC);
