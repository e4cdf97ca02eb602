-- AI gateway: answer cache (keyed by model + messages + the commits the context came from) and usage accounting.
CREATE TABLE ai_cache (
    cache_key  text PRIMARY KEY,
    model      text        NOT NULL,
    response   jsonb       NOT NULL,
    hits       integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX ai_cache_expires_idx ON ai_cache (expires_at);

CREATE TABLE ai_usage (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           uuid REFERENCES users (id) ON DELETE SET NULL,
    query_id          text,
    provider          text        NOT NULL,
    model             text        NOT NULL,
    type              text        NOT NULL,
    prompt_tokens     bigint      NOT NULL DEFAULT 0,
    completion_tokens bigint      NOT NULL DEFAULT 0,
    cost_usd          numeric(14, 6) NOT NULL DEFAULT 0,
    cached            boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_usage_created_idx ON ai_usage (created_at);
CREATE INDEX ai_usage_user_idx ON ai_usage (user_id, created_at);
