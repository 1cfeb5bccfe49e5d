-- A per-user version, bumped by every write that changes what the user's dashboard shows. Caches on every
-- node key their entries by it, so one primary-key read tells whether a cached overview is still current.
ALTER TABLE users ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;
