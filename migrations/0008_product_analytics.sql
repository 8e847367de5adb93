-- Product analytics for every app (the Frontend Monitoring API's projects, the Event Processor API's events):
-- an app's description and last change; an event's metadata object and priority, kept as sent; and per-app
-- ingestion totals that outlive retention (events stored, duplicates refused), counted in the same commit
-- as the events themselves.
ALTER TABLE apps
    ADD COLUMN description text CHECK (char_length(description) <= 1000),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE events
    ADD COLUMN metadata jsonb,
    ADD COLUMN priority smallint CHECK (priority BETWEEN 1 AND 10);

CREATE TABLE app_ingestion (
    app_id     bigint PRIMARY KEY,
    ingested   bigint NOT NULL DEFAULT 0,
    duplicates bigint NOT NULL DEFAULT 0
);

-- One event by id (GET /api/v1/apps/{app_id}/events/{id}): ids grow with time, so the index is appended to.
CREATE INDEX events_id_idx ON events (id);
