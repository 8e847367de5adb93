DROP TABLE request_stats_hour;
DROP TABLE request_stats_minute;
