DROP INDEX error_groups_regressed_at_idx;
ALTER TABLE error_groups DROP COLUMN regressed_at;
