-- An event's stack, payload and metadata are stored as the JSON text they came in (json), not parsed into
-- jsonb. Nothing queries inside them: every reader takes them back whole as text. jsonb parsed and rebuilt
-- each one on every insert, the largest part of what a Sentry SDK's event cost PostgreSQL beyond a canonical
-- one (its frames and contexts, about 750 bytes: 7.5 to 8.3 µs per row as jsonb, 3.7 to 4.0 µs as json), and
-- then gave back its own normalized text with the keys reordered. json still refuses text that is not JSON.
-- tags stay jsonb: the error groups' tag breakdowns expand them with jsonb_each_text
-- (docs/decisions/0036-event-json-stored-as-sent.md).
ALTER TABLE events
    ALTER COLUMN stack TYPE json USING stack::json,
    ALTER COLUMN payload TYPE json USING payload::json,
    ALTER COLUMN metadata TYPE json USING metadata::json;
