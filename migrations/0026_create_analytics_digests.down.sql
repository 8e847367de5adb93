DROP FUNCTION analytics_digest_trim(bigint, timestamptz);
DROP FUNCTION analytics_digest_track(bigint, timestamptz);
DROP FUNCTION analytics_digest_build(bigint, timestamptz);
DROP TABLE analytics_live_subjects;
DROP TABLE analytics_hour_returns;
DROP TABLE analytics_hour_sessions;
DROP TABLE analytics_hour_users;
DROP TABLE analytics_hour_names;
DROP TABLE analytics_digest_state;
