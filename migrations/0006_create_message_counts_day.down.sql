DROP TABLE message_counts_day;
