-- When a resolved group last came back: set by the ingest upsert that turns it unresolved, so the anomaly
-- detector records each regression once, by (group, regressed_at).
ALTER TABLE error_groups ADD COLUMN regressed_at timestamptz;
CREATE INDEX error_groups_regressed_at_idx ON error_groups (regressed_at) WHERE regressed_at IS NOT NULL;
