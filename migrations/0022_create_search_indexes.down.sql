DROP INDEX events_occurred_brin_idx;
DROP INDEX events_search_trgm_idx;
-- pg_trgm stays: it may have been there before, and other databases' objects may use it.
