-- Top messages over long windows: the hourly message rollup summed per day, so a 30-day question reads
-- about 30 rows per message and level instead of 720.
CREATE TABLE message_counts_day (
    app_id       bigint      NOT NULL,
    day          timestamptz NOT NULL,
    level        text        NOT NULL,
    message_hash bytea       NOT NULL,
    message      text        NOT NULL,
    count        bigint      NOT NULL,
    last_seen    timestamptz NOT NULL,
    PRIMARY KEY (app_id, day, level, message_hash)
);
