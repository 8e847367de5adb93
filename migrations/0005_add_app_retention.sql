-- An optional per-app maximum age of events, below the global one (Faultline:Retention:MaxAgeDays).
ALTER TABLE apps ADD COLUMN retention_days integer CHECK (retention_days > 0);
