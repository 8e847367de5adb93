-- Request statistics (API calls reported as request events with a duration): per app, minute or hour,
-- method, path and latency bucket (LatencyHistogram: logarithmic, 1% relative error), maintained in the
-- ingest transaction like the event counts. Summaries, series and per-endpoint figures with percentiles
-- read these for whole minutes and hours and the raw events only at the window's edges.
CREATE TABLE request_stats_minute (
    app_id  bigint           NOT NULL,
    minute  timestamptz      NOT NULL,
    method  text             NOT NULL,
    path    text             NOT NULL,
    bucket  smallint         NOT NULL,
    count   bigint           NOT NULL,
    errors  bigint           NOT NULL,
    sum_ms  double precision NOT NULL,
    min_ms  double precision NOT NULL,
    max_ms  double precision NOT NULL,
    PRIMARY KEY (app_id, minute, method, path, bucket)
);

CREATE TABLE request_stats_hour (
    app_id  bigint           NOT NULL,
    hour    timestamptz      NOT NULL,
    method  text             NOT NULL,
    path    text             NOT NULL,
    bucket  smallint         NOT NULL,
    count   bigint           NOT NULL,
    errors  bigint           NOT NULL,
    sum_ms  double precision NOT NULL,
    min_ms  double precision NOT NULL,
    max_ms  double precision NOT NULL,
    PRIMARY KEY (app_id, hour, method, path, bucket)
);
