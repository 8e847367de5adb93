-- The group an event belongs to (null for events that belong to none), and a group's latest events.
ALTER TABLE events ADD COLUMN group_id bigint;
CREATE INDEX events_app_group_received_idx ON events (app_id, group_id, received_at DESC, id DESC) WHERE group_id IS NOT NULL;
