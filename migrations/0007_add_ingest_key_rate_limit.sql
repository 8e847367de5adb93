-- An ingest key's own limit on events per minute (a batch counts each event); NULL: the configured
-- default applies (none unless Faultline:RateLimits:Ingest:PermitsPerWindow is set).
ALTER TABLE ingest_keys ADD COLUMN rate_limit_per_minute integer
    CHECK (rate_limit_per_minute BETWEEN 1 AND 100000000);
