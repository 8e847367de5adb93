DROP TABLE error_group_users;
DROP TABLE error_group_counts_hour;
DROP TABLE error_groups;
