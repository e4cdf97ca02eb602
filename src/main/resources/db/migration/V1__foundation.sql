-- Accounts, chat, durable queries and the event log. Later migrations only add (expand, then contract).

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text        NOT NULL,
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('user', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Logged-out tokens stay refused until they would have expired anyway.
CREATE TABLE revoked_tokens (
    jti        text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);

CREATE TABLE conversations (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user_idx ON conversations (user_id, updated_at DESC);

CREATE TABLE messages (
    id              uuid PRIMARY KEY,
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    conversation_id uuid        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            text        NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content         text        NOT NULL,
    agent_type      text,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, seq);

CREATE TABLE queries (
    id               text PRIMARY KEY,
    conversation_id  uuid        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message_id       uuid        REFERENCES messages (id) ON DELETE SET NULL,
    query_text       text        NOT NULL,
    status           text        NOT NULL DEFAULT 'processing'
                                 CHECK (status IN ('processing', 'completed', 'failed', 'cancelled')),
    progress         integer     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    result           jsonb,
    error            text,
    attempts         integer     NOT NULL DEFAULT 0,
    lease_owner      text,
    lease_expires_at timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz
);
-- Workers look only at unfinished queries whose lease is free or expired.
CREATE INDEX queries_claimable_idx ON queries (created_at) WHERE status = 'processing';
CREATE INDEX queries_conversation_idx ON queries (conversation_id, created_at);

-- Events a client may need to replay after a reconnect (streamed tokens are not stored).
CREATE TABLE agent_activity (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id uuid REFERENCES conversations (id) ON DELETE CASCADE,
    query_id        text,
    type            text        NOT NULL,
    data            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_activity_conversation_idx ON agent_activity (conversation_id, id);
CREATE INDEX agent_activity_created_idx ON agent_activity (created_at);

-- Repositories of the fleet (filled by ingestion).
CREATE TABLE repositories (
    id                  uuid PRIMARY KEY,
    url                 text        NOT NULL UNIQUE,
    owner               text,
    name                text        NOT NULL,
    full_name           text        NOT NULL,
    branch              text,
    last_indexed_commit text,
    status              text        NOT NULL DEFAULT 'pending',
    error               text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    last_synced_at      timestamptz,
    sync_duration_ms    bigint
);

-- Admin actions (users, repositories), for accountability.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id   uuid,
    action     text        NOT NULL,
    target     text,
    details    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Bucket4j state: replicas share rate limits and AI quotas.
CREATE TABLE rate_limit_buckets (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
