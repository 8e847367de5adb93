ALTER TABLE apps DROP COLUMN retention_days;
