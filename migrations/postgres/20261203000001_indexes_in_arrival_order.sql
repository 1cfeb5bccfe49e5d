-- The per-user lists were indexed newest first (started_at DESC, ...). Rows arrive oldest first, so each new
-- key went to the left end of its user's range: a B-tree page split there leaves a half-empty page behind
-- for good, where a key at the right end fills pages up (both databases split the rightmost page that way).
-- Measured on SQLite with a million calls inserted in time order: the file was 557 MB with these indexes
-- descending and 384 MB ascending. Either database reads an ascending index backwards for the newest-first
-- pages, so the queries are unchanged.
DROP INDEX calls_by_user;
CREATE INDEX calls_by_user ON calls (user_id, started_at, id);
DROP INDEX calls_by_user_status;
CREATE INDEX calls_by_user_status ON calls (user_id, status, started_at, id);
DROP INDEX chat_sessions_by_user;
CREATE INDEX chat_sessions_by_user ON chat_sessions (user_id, created_at, id);
DROP INDEX images_by_user;
CREATE INDEX images_by_user ON images (user_id, created_at, id);
DROP INDEX token_usage_by_user;
CREATE INDEX token_usage_by_user ON token_usage (user_id, occurred_at);
DROP INDEX notifications_by_user;
CREATE INDEX notifications_by_user ON notifications (user_id, created_at, id);
DROP INDEX notifications_unread;
CREATE INDEX notifications_unread ON notifications (user_id, created_at) WHERE read_at IS NULL;
DROP INDEX security_events_by_user;
CREATE INDEX security_events_by_user ON security_events (user_id, created_at, id);
