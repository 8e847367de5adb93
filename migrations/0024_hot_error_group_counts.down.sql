ALTER TABLE error_groups RESET (fillfactor);
CREATE INDEX error_groups_app_last_seen_idx ON error_groups (app_id, last_seen DESC, id DESC);
CREATE INDEX error_groups_app_count_idx ON error_groups (app_id, count DESC, id DESC);
