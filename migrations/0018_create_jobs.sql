-- Analyses and summaries run as jobs: any instance's worker claims a pending one (FOR UPDATE SKIP LOCKED)
-- and holds it under a lease it renews; a job whose lease ran out (its instance died) is claimed again.
-- request_hash + data_hash let the same request over unchanged data be answered from a completed job.
CREATE TABLE jobs (
    id            uuid        PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind IN ('analysis', 'summary')),
    app_id        bigint      NOT NULL,
    tenant        text        NOT NULL,
    request       jsonb       NOT NULL,
    request_hash  bytea       NOT NULL,
    data_hash     bytea       NOT NULL,
    status        text        NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    result        jsonb,
    error_code    text,
    error_message text,
    attempts      integer     NOT NULL DEFAULT 0,
    claimed_by    text,
    lease_until   timestamptz,
    created_at    timestamptz NOT NULL,
    completed_at  timestamptz
);

-- The workers' claim: the oldest pending job, or a running one whose lease expired.
CREATE INDEX jobs_open_idx ON jobs (created_at) WHERE status IN ('pending', 'running');
-- Reuse: a completed (or still open) job for the same request over the same data.
CREATE INDEX jobs_reuse_idx ON jobs (request_hash, data_hash, created_at DESC);
-- Retention trims by age.
CREATE INDEX jobs_created_idx ON jobs (created_at);
