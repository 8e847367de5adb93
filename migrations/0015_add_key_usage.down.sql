ALTER TABLE ingest_keys DROP COLUMN total_requests;
