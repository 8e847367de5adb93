-- Saved search filters, owned by a tenant (the credential that saved them); names unique per tenant.
CREATE TABLE saved_filters (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant     text        NOT NULL,
    name       text        NOT NULL,
    filter     jsonb       NOT NULL,
    created_at timestamptz NOT NULL
);

-- The uniqueness rule, and a tenant's list in name order.
CREATE UNIQUE INDEX saved_filters_tenant_name_idx ON saved_filters (tenant, lower(name));
