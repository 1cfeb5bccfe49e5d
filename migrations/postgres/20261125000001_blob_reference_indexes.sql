-- Lookups by blob key, so "is this blob still referenced?" (asked before an unreferenced avatar is deleted)
-- is an index probe instead of a scan of every user and every image.
CREATE INDEX users_by_avatar_key ON users (avatar_key) WHERE avatar_key IS NOT NULL;
CREATE INDEX images_by_image_key ON images (image_key);
CREATE INDEX images_by_thumbnail_key ON images (thumbnail_key) WHERE thumbnail_key IS NOT NULL;
