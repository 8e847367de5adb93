DROP TABLE analytics_last_read;
