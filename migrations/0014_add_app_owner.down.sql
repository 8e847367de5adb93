DROP INDEX apps_owner_name_lower_key;
DROP INDEX apps_name_lower_key;
DELETE FROM ingest_keys WHERE app_id IN (SELECT id FROM apps WHERE owner_user_id IS NOT NULL);
DELETE FROM apps WHERE owner_user_id IS NOT NULL;
CREATE UNIQUE INDEX apps_name_lower_key ON apps (lower(name));
ALTER TABLE apps
    DROP COLUMN is_active,
    DROP COLUMN project_key,
    DROP COLUMN owner_user_id;
