-- How many requests each ingest key has made, counted in memory and added here every second (and before
-- any read of the keys), beside last_used_at, which the same flush keeps exact.
ALTER TABLE ingest_keys ADD COLUMN total_requests bigint NOT NULL DEFAULT 0;
