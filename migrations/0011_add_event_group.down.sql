DROP INDEX events_app_group_received_idx;
ALTER TABLE events DROP COLUMN group_id;
