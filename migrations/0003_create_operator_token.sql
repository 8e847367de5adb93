-- The hash of the operator token generated at first start when Faultline:AdminToken is not configured.
-- At most one row: the boolean key can only be true.
CREATE TABLE operator_bootstrap_token (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    token_hash bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
