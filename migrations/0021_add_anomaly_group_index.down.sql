DROP INDEX anomalies_group_idx;
