DROP TABLE ingest_keys;
DROP TABLE apps;
