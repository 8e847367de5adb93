-- Free text over name, message and page_url (docs/decisions/0025-search-and-analytics-speed.md).
-- pg_trgm ships with PostgreSQL (and the postgres image) and is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One trigram index over the three fields joined, so that a search probes one index, not three. The joined text
-- only narrows the candidates: EventFilterSql matches each field again, so a text spanning two fields never counts.
-- The expression must stay character for character the one in EventFilterSql.Conditions, or the planner cannot use it.
CREATE INDEX events_search_trgm_idx ON events
    USING gin ((coalesce(name, '') || ' ' || message || ' ' || coalesce(page_url, '')) gin_trgm_ops);

-- occurred_at windows (the Frontend Monitoring API's occurred_from) without a received_at bound: events are
-- stored roughly in the order they happen, so a block-range index is small, nearly free to keep up, and skips
-- the days outside the window; a late or early event only widens its range, it is never missed.
CREATE INDEX events_occurred_brin_idx ON events USING brin (occurred_at);
