ALTER TABLE events
    ALTER COLUMN stack TYPE jsonb USING stack::jsonb,
    ALTER COLUMN payload TYPE jsonb USING payload::jsonb,
    ALTER COLUMN metadata TYPE jsonb USING metadata::jsonb;
