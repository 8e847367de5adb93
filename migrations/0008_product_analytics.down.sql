DROP INDEX events_id_idx;
DROP TABLE app_ingestion;
ALTER TABLE events DROP COLUMN priority, DROP COLUMN metadata;
ALTER TABLE apps DROP COLUMN updated_at, DROP COLUMN description;
