-- Every commit that carries a group's events rewrites the group's row (count, last_seen, ...). With count and
-- last_seen indexed, each of those updates wrote a new entry into all six of the table's indexes and left the
-- old row version for vacuum: a busy group's row piled up thousands of dead versions a minute, and every lookup
-- of a group by (app_id, fingerprint) walked them. Without those two indexes the updates change no indexed
-- column and stay heap-only (HOT), in the same page, which the free space left here makes room for.
-- The group list sorts an app's groups by count or last_seen in memory instead: an app has hundreds to
-- thousands of groups, not millions (docs/decisions/0030-error-group-writes.md).
DROP INDEX error_groups_app_last_seen_idx;
DROP INDEX error_groups_app_count_idx;
ALTER TABLE error_groups SET (fillfactor = 50);
