-- Apps may belong to a user; names are unique per owner, and apps made by operators (no owner) keep
-- their rule: unique among themselves without regard to case. (Descriptions and updated_at came with 0008.)
ALTER TABLE apps
    ADD COLUMN owner_user_id bigint REFERENCES users (id),
    ADD COLUMN project_key   text UNIQUE,
    ADD COLUMN is_active     boolean     NOT NULL DEFAULT true;

DROP INDEX apps_name_lower_key;
CREATE UNIQUE INDEX apps_name_lower_key ON apps (lower(name)) WHERE owner_user_id IS NULL;
-- Also serves "the apps this user owns", read on every signed-in request.
CREATE UNIQUE INDEX apps_owner_name_lower_key ON apps (owner_user_id, lower(name)) WHERE owner_user_id IS NOT NULL;
