-- Dropping the partitioned table drops its daily partitions and the sequence it owns.
DROP TABLE event_ids;
DROP TABLE message_counts_hour;
DROP TABLE event_counts_hour;
DROP TABLE event_counts_minute;
DROP TABLE events;
