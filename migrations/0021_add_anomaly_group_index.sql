-- A group's anomalies: the detector's check for one already recorded (a spike's episode, a new group once,
-- a regression once per regressed_at) and the group's own list.
CREATE INDEX anomalies_group_idx ON anomalies (group_id, kind, window_end DESC) WHERE group_id IS NOT NULL;
