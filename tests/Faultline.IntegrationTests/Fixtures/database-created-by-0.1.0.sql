-- A database created and filled by Faultline 0.1.0 (main at 525d358, before FluentMigrator): its home-made
-- runner's journal schema_migrations, one app "legacy-shop" with ingest key
-- fl_ingest_7cbcf39fe624cf568767607508fc56adbc2f56b17d7c12ea, four events (one single, a batch of three),
-- 30-day retention and a read-scoped operator key "grafana"
-- (fl_operator_a30fe8230403d6b8fea3d44349ac5abf4f8c13780e47f8ca). pg_dump --inserts, comments stripped.

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.apps (
    id bigint NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    retention_days integer,
    CONSTRAINT apps_name_check CHECK (((char_length(name) >= 1) AND (char_length(name) <= 100))),
    CONSTRAINT apps_retention_days_check CHECK ((retention_days > 0))
);

ALTER TABLE public.apps ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.apps_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.event_counts_hour (
    app_id bigint NOT NULL,
    hour timestamp with time zone NOT NULL,
    level text NOT NULL,
    kind text NOT NULL,
    count bigint NOT NULL
);

CREATE TABLE public.event_counts_minute (
    app_id bigint NOT NULL,
    minute timestamp with time zone NOT NULL,
    level text NOT NULL,
    kind text NOT NULL,
    count bigint NOT NULL
);

CREATE TABLE public.event_ids (
    app_id bigint NOT NULL,
    event_id text NOT NULL,
    id bigint NOT NULL,
    received_at timestamp with time zone NOT NULL
);

CREATE TABLE public.events (
    id bigint NOT NULL,
    app_id bigint NOT NULL,
    kind text NOT NULL,
    level text NOT NULL,
    name text,
    message text NOT NULL,
    fingerprint text NOT NULL,
    event_id text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    user_id text,
    session_id text,
    release text,
    environment text,
    page_url text,
    user_agent text,
    http_method text,
    http_path text,
    status_code integer,
    duration_ms double precision,
    stack jsonb,
    tags jsonb,
    payload jsonb,
    CONSTRAINT events_kind_check CHECK ((kind = ANY (ARRAY['error'::text, 'log'::text, 'performance'::text, 'interaction'::text, 'custom'::text, 'request'::text]))),
    CONSTRAINT events_level_check CHECK ((level = ANY (ARRAY['DEBUG'::text, 'INFO'::text, 'WARNING'::text, 'ERROR'::text, 'CRITICAL'::text])))
)
PARTITION BY RANGE (received_at);

CREATE SEQUENCE public.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;

CREATE TABLE public.events_p20261128 (
    id bigint DEFAULT nextval('public.events_id_seq'::regclass) NOT NULL,
    app_id bigint NOT NULL,
    kind text NOT NULL,
    level text NOT NULL,
    name text,
    message text NOT NULL,
    fingerprint text NOT NULL,
    event_id text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    user_id text,
    session_id text,
    release text,
    environment text,
    page_url text,
    user_agent text,
    http_method text,
    http_path text,
    status_code integer,
    duration_ms double precision,
    stack jsonb,
    tags jsonb,
    payload jsonb,
    CONSTRAINT events_kind_check CHECK ((kind = ANY (ARRAY['error'::text, 'log'::text, 'performance'::text, 'interaction'::text, 'custom'::text, 'request'::text]))),
    CONSTRAINT events_level_check CHECK ((level = ANY (ARRAY['DEBUG'::text, 'INFO'::text, 'WARNING'::text, 'ERROR'::text, 'CRITICAL'::text])))
);

CREATE TABLE public.events_p20261129 (
    id bigint DEFAULT nextval('public.events_id_seq'::regclass) NOT NULL,
    app_id bigint NOT NULL,
    kind text NOT NULL,
    level text NOT NULL,
    name text,
    message text NOT NULL,
    fingerprint text NOT NULL,
    event_id text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    user_id text,
    session_id text,
    release text,
    environment text,
    page_url text,
    user_agent text,
    http_method text,
    http_path text,
    status_code integer,
    duration_ms double precision,
    stack jsonb,
    tags jsonb,
    payload jsonb,
    CONSTRAINT events_kind_check CHECK ((kind = ANY (ARRAY['error'::text, 'log'::text, 'performance'::text, 'interaction'::text, 'custom'::text, 'request'::text]))),
    CONSTRAINT events_level_check CHECK ((level = ANY (ARRAY['DEBUG'::text, 'INFO'::text, 'WARNING'::text, 'ERROR'::text, 'CRITICAL'::text])))
);

CREATE TABLE public.events_p20261130 (
    id bigint DEFAULT nextval('public.events_id_seq'::regclass) NOT NULL,
    app_id bigint NOT NULL,
    kind text NOT NULL,
    level text NOT NULL,
    name text,
    message text NOT NULL,
    fingerprint text NOT NULL,
    event_id text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    user_id text,
    session_id text,
    release text,
    environment text,
    page_url text,
    user_agent text,
    http_method text,
    http_path text,
    status_code integer,
    duration_ms double precision,
    stack jsonb,
    tags jsonb,
    payload jsonb,
    CONSTRAINT events_kind_check CHECK ((kind = ANY (ARRAY['error'::text, 'log'::text, 'performance'::text, 'interaction'::text, 'custom'::text, 'request'::text]))),
    CONSTRAINT events_level_check CHECK ((level = ANY (ARRAY['DEBUG'::text, 'INFO'::text, 'WARNING'::text, 'ERROR'::text, 'CRITICAL'::text])))
);

CREATE TABLE public.events_p20261201 (
    id bigint DEFAULT nextval('public.events_id_seq'::regclass) NOT NULL,
    app_id bigint NOT NULL,
    kind text NOT NULL,
    level text NOT NULL,
    name text,
    message text NOT NULL,
    fingerprint text NOT NULL,
    event_id text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    user_id text,
    session_id text,
    release text,
    environment text,
    page_url text,
    user_agent text,
    http_method text,
    http_path text,
    status_code integer,
    duration_ms double precision,
    stack jsonb,
    tags jsonb,
    payload jsonb,
    CONSTRAINT events_kind_check CHECK ((kind = ANY (ARRAY['error'::text, 'log'::text, 'performance'::text, 'interaction'::text, 'custom'::text, 'request'::text]))),
    CONSTRAINT events_level_check CHECK ((level = ANY (ARRAY['DEBUG'::text, 'INFO'::text, 'WARNING'::text, 'ERROR'::text, 'CRITICAL'::text])))
);

CREATE TABLE public.events_p20261202 (
    id bigint DEFAULT nextval('public.events_id_seq'::regclass) NOT NULL,
    app_id bigint NOT NULL,
    kind text NOT NULL,
    level text NOT NULL,
    name text,
    message text NOT NULL,
    fingerprint text NOT NULL,
    event_id text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    user_id text,
    session_id text,
    release text,
    environment text,
    page_url text,
    user_agent text,
    http_method text,
    http_path text,
    status_code integer,
    duration_ms double precision,
    stack jsonb,
    tags jsonb,
    payload jsonb,
    CONSTRAINT events_kind_check CHECK ((kind = ANY (ARRAY['error'::text, 'log'::text, 'performance'::text, 'interaction'::text, 'custom'::text, 'request'::text]))),
    CONSTRAINT events_level_check CHECK ((level = ANY (ARRAY['DEBUG'::text, 'INFO'::text, 'WARNING'::text, 'ERROR'::text, 'CRITICAL'::text])))
);

CREATE TABLE public.ingest_keys (
    id bigint NOT NULL,
    app_id bigint NOT NULL,
    name text NOT NULL,
    key_hash bytea NOT NULL,
    prefix text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone
);

ALTER TABLE public.ingest_keys ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ingest_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.message_counts_day (
    app_id bigint NOT NULL,
    day timestamp with time zone NOT NULL,
    level text NOT NULL,
    message_hash bytea NOT NULL,
    message text NOT NULL,
    count bigint NOT NULL,
    last_seen timestamp with time zone NOT NULL
);

CREATE TABLE public.message_counts_hour (
    app_id bigint NOT NULL,
    hour timestamp with time zone NOT NULL,
    level text NOT NULL,
    message_hash bytea NOT NULL,
    message text NOT NULL,
    count bigint NOT NULL,
    last_seen timestamp with time zone NOT NULL
);

CREATE TABLE public.operator_bootstrap_token (
    singleton boolean DEFAULT true NOT NULL,
    token_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT operator_bootstrap_token_singleton_check CHECK (singleton)
);

CREATE TABLE public.operator_keys (
    id bigint NOT NULL,
    name text NOT NULL,
    key_hash bytea NOT NULL,
    prefix text NOT NULL,
    scopes text[] NOT NULL,
    app_ids bigint[],
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT operator_keys_name_check CHECK (((char_length(name) >= 1) AND (char_length(name) <= 100))),
    CONSTRAINT operator_keys_scopes_check CHECK (((scopes <@ ARRAY['admin'::text, 'read'::text]) AND (cardinality(scopes) > 0)))
);

ALTER TABLE public.operator_keys ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.operator_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.schema_migrations (
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_p20261128 FOR VALUES FROM ('2026-11-28 00:00:00+00') TO ('2026-11-29 00:00:00+00');

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_p20261129 FOR VALUES FROM ('2026-11-29 00:00:00+00') TO ('2026-11-30 00:00:00+00');

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_p20261130 FOR VALUES FROM ('2026-11-30 00:00:00+00') TO ('2026-12-01 00:00:00+00');

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_p20261201 FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2026-12-02 00:00:00+00');

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_p20261202 FOR VALUES FROM ('2026-12-02 00:00:00+00') TO ('2026-12-03 00:00:00+00');

ALTER TABLE ONLY public.events ALTER COLUMN id SET DEFAULT nextval('public.events_id_seq'::regclass);

INSERT INTO public.apps OVERRIDING SYSTEM VALUE VALUES (1, 'legacy-shop', '2026-11-29 12:01:10.639072+00', 30);

INSERT INTO public.event_counts_hour VALUES (1, '2026-11-29 12:00:00+00', 'ERROR', 'error', 1);
INSERT INTO public.event_counts_hour VALUES (1, '2026-11-29 12:00:00+00', 'ERROR', 'request', 1);
INSERT INTO public.event_counts_hour VALUES (1, '2026-11-29 12:00:00+00', 'INFO', 'custom', 1);
INSERT INTO public.event_counts_hour VALUES (1, '2026-11-29 12:00:00+00', 'WARNING', 'error', 1);

INSERT INTO public.event_counts_minute VALUES (1, '2026-11-29 12:01:00+00', 'ERROR', 'error', 1);
INSERT INTO public.event_counts_minute VALUES (1, '2026-11-29 12:01:00+00', 'ERROR', 'request', 1);
INSERT INTO public.event_counts_minute VALUES (1, '2026-11-29 12:01:00+00', 'INFO', 'custom', 1);
INSERT INTO public.event_counts_minute VALUES (1, '2026-11-29 12:01:00+00', 'WARNING', 'error', 1);

INSERT INTO public.event_ids VALUES (1, 'r-1', 2, '2026-11-29 12:01:11.036508+00');

INSERT INTO public.events_p20261129 VALUES (1, 1, 'error', 'ERROR', NULL, 'TimeoutError: request timed out', '9eb8dc480dcf93041151e685b34d13e1', 'fl-1', '2026-11-29 10:00:00+00', '2026-11-29 12:01:10.908016+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{"frames": []}', '{"env": "prod"}', NULL);
INSERT INTO public.events_p20261129 VALUES (2, 1, 'request', 'ERROR', 'GET /orders', 'GET /orders', '89ef09d8d4271d2f94fcb43b251f3141', 'r-1', '2026-11-29 12:01:11.036508+00', '2026-11-29 12:01:11.036508+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 503, 812.5, NULL, NULL, NULL);
INSERT INTO public.events_p20261129 VALUES (3, 1, 'custom', 'INFO', 'user_signup', 'user_signup', '70684463eacc164123822d9b9588d866', 'fl-3', '2026-11-29 12:01:11.036508+00', '2026-11-29 12:01:11.036508+00', 'u-1', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{"referrer": "google.com"}');
INSERT INTO public.events_p20261129 VALUES (4, 1, 'error', 'WARNING', NULL, 'disk almost full', '0a689eb03036b6956329baf231c8799f', 'fl-4', '2026-11-29 09:00:00+00', '2026-11-29 12:01:11.036508+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO public.ingest_keys OVERRIDING SYSTEM VALUE VALUES (1, 1, 'default', '\x6ab352dc07f3899de142ed486560907ce249259fed9e50479228cb2f49cec273', 'fl_ingest_7cbcf3', '2026-11-29 12:01:10.639072+00', '2026-11-29 12:01:10.851482+00', NULL, NULL);

INSERT INTO public.message_counts_day VALUES (1, '2026-11-29 00:00:00+00', 'ERROR', '\x9bad1d486ff37d01c7fecbab9d911fd449b09327110f10456955d91c09708ecb', 'TimeoutError: request timed out', 1, '2026-11-29 12:01:10.908016+00');
INSERT INTO public.message_counts_day VALUES (1, '2026-11-29 00:00:00+00', 'ERROR', '\x60c1988d2d193d9b7d023f956f74ef2723615872722046dd18e7a0b298b36914', 'GET /orders', 1, '2026-11-29 12:01:11.036508+00');
INSERT INTO public.message_counts_day VALUES (1, '2026-11-29 00:00:00+00', 'INFO', '\xc4a3362f522fa384a164e9f9007a9f27b30995c8aa50dd70e6b8cb787eb5f0d8', 'user_signup', 1, '2026-11-29 12:01:11.036508+00');
INSERT INTO public.message_counts_day VALUES (1, '2026-11-29 00:00:00+00', 'WARNING', '\x66acb3c56aacbb35a072785d4055703a3e416026b30315568860b3597b43098e', 'disk almost full', 1, '2026-11-29 12:01:11.036508+00');

INSERT INTO public.message_counts_hour VALUES (1, '2026-11-29 12:00:00+00', 'ERROR', '\x9bad1d486ff37d01c7fecbab9d911fd449b09327110f10456955d91c09708ecb', 'TimeoutError: request timed out', 1, '2026-11-29 12:01:10.908016+00');
INSERT INTO public.message_counts_hour VALUES (1, '2026-11-29 12:00:00+00', 'ERROR', '\x60c1988d2d193d9b7d023f956f74ef2723615872722046dd18e7a0b298b36914', 'GET /orders', 1, '2026-11-29 12:01:11.036508+00');
INSERT INTO public.message_counts_hour VALUES (1, '2026-11-29 12:00:00+00', 'INFO', '\xc4a3362f522fa384a164e9f9007a9f27b30995c8aa50dd70e6b8cb787eb5f0d8', 'user_signup', 1, '2026-11-29 12:01:11.036508+00');
INSERT INTO public.message_counts_hour VALUES (1, '2026-11-29 12:00:00+00', 'WARNING', '\x66acb3c56aacbb35a072785d4055703a3e416026b30315568860b3597b43098e', 'disk almost full', 1, '2026-11-29 12:01:11.036508+00');

INSERT INTO public.operator_keys OVERRIDING SYSTEM VALUE VALUES (1, 'grafana', '\x2a988524d38cce8281d05c3c320f95dcb3efabdf4a5f44c9ab71d0ff6b71bd07', 'fl_operator_a30fe8', '{read}', NULL, '2026-11-29 12:01:11.120279+00', NULL);

INSERT INTO public.schema_migrations VALUES ('0001_create_apps.sql', 'd37fa8d670390bc16a6638e008a339810a5b8dd8d08247fc5e45cc0095a771bf', '2026-11-29 12:01:05.014549+00');
INSERT INTO public.schema_migrations VALUES ('0002_create_events.sql', '6b52f412c0f7dbe7548cbe03d4c72ff0ec5f621416bae1e44f66baf2e6d4cc9d', '2026-11-29 12:01:05.03199+00');
INSERT INTO public.schema_migrations VALUES ('0003_create_operator_token.sql', 'c8a4b235fae17a4f1aee4f8dafb260499a4418dd085c4bb204fdfab8f4979b44', '2026-11-29 12:01:05.042978+00');
INSERT INTO public.schema_migrations VALUES ('0004_create_operator_keys.sql', 'c8dd44de4952be4d900f1d436564d21e22d8f0551cd6ceb52928da3fb511eee2', '2026-11-29 12:01:05.045601+00');
INSERT INTO public.schema_migrations VALUES ('0005_add_app_retention.sql', '293ed0381137dc29e59fba685798f1b0ebacd9e0dd42acd88e8f55bfce38726f', '2026-11-29 12:01:05.049548+00');
INSERT INTO public.schema_migrations VALUES ('0006_create_message_counts_day.sql', '3d534702d6d4f5442291cb55d1cb9ebec80fb315efcde57af71e5944cae85612', '2026-11-29 12:01:05.051714+00');

SELECT pg_catalog.setval('public.apps_id_seq', 1, true);

SELECT pg_catalog.setval('public.events_id_seq', 4, true);

SELECT pg_catalog.setval('public.ingest_keys_id_seq', 1, true);

SELECT pg_catalog.setval('public.operator_keys_id_seq', 1, true);

ALTER TABLE ONLY public.apps
    ADD CONSTRAINT apps_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.event_counts_hour
    ADD CONSTRAINT event_counts_hour_pkey PRIMARY KEY (app_id, hour, level, kind);

ALTER TABLE ONLY public.event_counts_minute
    ADD CONSTRAINT event_counts_minute_pkey PRIMARY KEY (app_id, minute, level, kind);

ALTER TABLE ONLY public.event_ids
    ADD CONSTRAINT event_ids_pkey PRIMARY KEY (app_id, event_id);

ALTER TABLE ONLY public.ingest_keys
    ADD CONSTRAINT ingest_keys_key_hash_key UNIQUE (key_hash);

ALTER TABLE ONLY public.ingest_keys
    ADD CONSTRAINT ingest_keys_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.message_counts_day
    ADD CONSTRAINT message_counts_day_pkey PRIMARY KEY (app_id, day, level, message_hash);

ALTER TABLE ONLY public.message_counts_hour
    ADD CONSTRAINT message_counts_hour_pkey PRIMARY KEY (app_id, hour, level, message_hash);

ALTER TABLE ONLY public.operator_bootstrap_token
    ADD CONSTRAINT operator_bootstrap_token_pkey PRIMARY KEY (singleton);

ALTER TABLE ONLY public.operator_keys
    ADD CONSTRAINT operator_keys_key_hash_key UNIQUE (key_hash);

ALTER TABLE ONLY public.operator_keys
    ADD CONSTRAINT operator_keys_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (name);

CREATE UNIQUE INDEX apps_name_lower_key ON public.apps USING btree (lower(name));

CREATE INDEX event_ids_received_idx ON public.event_ids USING btree (received_at);

CREATE INDEX events_app_level_received_idx ON ONLY public.events USING btree (app_id, level, received_at DESC, id DESC);

CREATE INDEX events_app_received_idx ON ONLY public.events USING btree (app_id, received_at DESC, id DESC);

CREATE INDEX events_p20261128_app_id_level_received_at_id_idx ON public.events_p20261128 USING btree (app_id, level, received_at DESC, id DESC);

CREATE INDEX events_p20261128_app_id_received_at_id_idx ON public.events_p20261128 USING btree (app_id, received_at DESC, id DESC);

CREATE INDEX events_p20261129_app_id_level_received_at_id_idx ON public.events_p20261129 USING btree (app_id, level, received_at DESC, id DESC);

CREATE INDEX events_p20261129_app_id_received_at_id_idx ON public.events_p20261129 USING btree (app_id, received_at DESC, id DESC);

CREATE INDEX events_p20261130_app_id_level_received_at_id_idx ON public.events_p20261130 USING btree (app_id, level, received_at DESC, id DESC);

CREATE INDEX events_p20261130_app_id_received_at_id_idx ON public.events_p20261130 USING btree (app_id, received_at DESC, id DESC);

CREATE INDEX events_p20261201_app_id_level_received_at_id_idx ON public.events_p20261201 USING btree (app_id, level, received_at DESC, id DESC);

CREATE INDEX events_p20261201_app_id_received_at_id_idx ON public.events_p20261201 USING btree (app_id, received_at DESC, id DESC);

CREATE INDEX events_p20261202_app_id_level_received_at_id_idx ON public.events_p20261202 USING btree (app_id, level, received_at DESC, id DESC);

CREATE INDEX events_p20261202_app_id_received_at_id_idx ON public.events_p20261202 USING btree (app_id, received_at DESC, id DESC);

CREATE INDEX ingest_keys_app_id_idx ON public.ingest_keys USING btree (app_id);

CREATE UNIQUE INDEX operator_keys_name_lower_key ON public.operator_keys USING btree (lower(name));

ALTER INDEX public.events_app_level_received_idx ATTACH PARTITION public.events_p20261128_app_id_level_received_at_id_idx;

ALTER INDEX public.events_app_received_idx ATTACH PARTITION public.events_p20261128_app_id_received_at_id_idx;

ALTER INDEX public.events_app_level_received_idx ATTACH PARTITION public.events_p20261129_app_id_level_received_at_id_idx;

ALTER INDEX public.events_app_received_idx ATTACH PARTITION public.events_p20261129_app_id_received_at_id_idx;

ALTER INDEX public.events_app_level_received_idx ATTACH PARTITION public.events_p20261130_app_id_level_received_at_id_idx;

ALTER INDEX public.events_app_received_idx ATTACH PARTITION public.events_p20261130_app_id_received_at_id_idx;

ALTER INDEX public.events_app_level_received_idx ATTACH PARTITION public.events_p20261201_app_id_level_received_at_id_idx;

ALTER INDEX public.events_app_received_idx ATTACH PARTITION public.events_p20261201_app_id_received_at_id_idx;

ALTER INDEX public.events_app_level_received_idx ATTACH PARTITION public.events_p20261202_app_id_level_received_at_id_idx;

ALTER INDEX public.events_app_received_idx ATTACH PARTITION public.events_p20261202_app_id_received_at_id_idx;

ALTER TABLE ONLY public.ingest_keys
    ADD CONSTRAINT ingest_keys_app_id_fkey FOREIGN KEY (app_id) REFERENCES public.apps(id) ON DELETE CASCADE;

