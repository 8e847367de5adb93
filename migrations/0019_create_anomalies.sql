-- Anomalies the detector found, each with the baseline it was measured against. group_id is null for an
-- app as a whole (and names an error group once groups are kept).
CREATE TABLE anomalies (
    id              bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_id          bigint           NOT NULL,
    group_id        bigint,
    kind            text             NOT NULL CHECK (kind IN ('spike', 'error_rate', 'new_group', 'regression')),
    severity        text             NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    observed        double precision NOT NULL,
    baseline_mean   double precision NOT NULL,
    baseline_stddev double precision NOT NULL,
    ratio           double precision NOT NULL,
    window_start    timestamptz      NOT NULL,
    window_end      timestamptz      NOT NULL,
    detected_at     timestamptz      NOT NULL
);

-- An app's anomalies, newest first; also the detector's check for one already recorded.
CREATE INDEX anomalies_app_window_idx ON anomalies (app_id, window_end DESC, id DESC);
