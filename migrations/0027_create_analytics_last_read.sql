-- When each app's product analytics summary was last read (to the minute). The digests of migration 26 are built and
-- tracked only for apps read within Faultline:AnalyticsDigests:IdleDays: an app nobody reads costs its ingestion no
-- digesting, and one read again picks up where its digests stopped (docs/decisions/0038).
CREATE TABLE analytics_last_read (
    app_id  bigint PRIMARY KEY,
    read_at timestamptz NOT NULL
);

-- Apps digested before this migration stay digested.
INSERT INTO analytics_last_read (app_id, read_at)
SELECT app_id, now() FROM analytics_digest_state;
