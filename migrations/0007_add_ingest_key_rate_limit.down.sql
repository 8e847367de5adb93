ALTER TABLE ingest_keys DROP COLUMN rate_limit_per_minute;
