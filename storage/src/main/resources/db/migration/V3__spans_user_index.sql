-- One user's activity: trace lists, span search and usage filtered or grouped by user touch a small
-- share of the spans in a window.
CREATE INDEX spans_user_idx ON spans (project_id, user_id, start_time) WHERE user_id IS NOT NULL;
