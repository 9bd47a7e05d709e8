-- The Synapse 1.155 (schema version 93) shape of the tables synapse-e2ee-exporter reads:
-- column names, types, nullability, defaults, unique constraints and indexes as Synapse
-- creates them on PostgreSQL. Used by the demo and by every database test, so tests run
-- against what a real homeserver has. SchemaShapeTest compares it with information_schema.

CREATE TABLE schema_version (
    lock CHAR(1) NOT NULL DEFAULT 'X' UNIQUE,
    version INTEGER NOT NULL,
    upgraded BOOLEAN NOT NULL,
    CHECK (lock = 'X')
);

CREATE TABLE devices (
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    display_name TEXT,
    last_seen BIGINT,
    ip TEXT,
    user_agent TEXT,
    hidden BOOLEAN DEFAULT FALSE,
    CONSTRAINT device_uniqueness UNIQUE (user_id, device_id)
);

CREATE TABLE e2e_device_keys_json (
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    ts_added_ms BIGINT NOT NULL,
    key_json TEXT NOT NULL,
    CONSTRAINT e2e_device_keys_json_uniqueness UNIQUE (user_id, device_id)
);

CREATE TABLE e2e_one_time_keys_json (
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    key_id TEXT NOT NULL,
    ts_added_ms BIGINT NOT NULL,
    key_json TEXT NOT NULL,
    CONSTRAINT e2e_one_time_keys_json_uniqueness UNIQUE (user_id, device_id, algorithm, key_id)
);
CREATE INDEX e2e_one_time_keys_json_user_id_device_id_algorithm_ts_added_idx
    ON e2e_one_time_keys_json (user_id, device_id, algorithm, ts_added_ms);

CREATE TABLE e2e_fallback_keys_json (
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    key_id TEXT NOT NULL,
    key_json TEXT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT e2e_fallback_keys_json_uniqueness UNIQUE (user_id, device_id, algorithm)
);

CREATE TABLE device_inbox (
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    stream_id BIGINT NOT NULL,
    message_json TEXT NOT NULL,
    instance_name TEXT
);
CREATE INDEX device_inbox_user_stream_id ON device_inbox (user_id, device_id, stream_id);
CREATE INDEX device_inbox_stream_id_user_id ON device_inbox (stream_id, user_id);

CREATE TABLE events (
    topological_ordering BIGINT NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    room_id TEXT NOT NULL,
    content TEXT,
    unrecognized_keys TEXT,
    processed BOOLEAN NOT NULL,
    outlier BOOLEAN NOT NULL,
    depth BIGINT DEFAULT 0 NOT NULL,
    origin_server_ts BIGINT,
    received_ts BIGINT,
    sender TEXT,
    contains_url BOOLEAN,
    instance_name TEXT,
    stream_ordering BIGINT,
    state_key TEXT,
    rejection_reason TEXT,
    CONSTRAINT events_event_id_key UNIQUE (event_id)
);
CREATE UNIQUE INDEX events_stream_ordering ON events (stream_ordering);
CREATE INDEX events_order_room ON events (room_id, topological_ordering, stream_ordering);
CREATE INDEX events_room_stream ON events (room_id, stream_ordering);
CREATE INDEX events_ts ON events (origin_server_ts, stream_ordering);

CREATE TABLE event_json (
    event_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    internal_metadata TEXT NOT NULL,
    json TEXT NOT NULL,
    format_version INTEGER,
    CONSTRAINT event_json_event_id_key UNIQUE (event_id)
);
CREATE INDEX event_json_room_id ON event_json (room_id);

CREATE TABLE redactions (
    event_id TEXT NOT NULL,
    redacts TEXT NOT NULL,
    have_censored BOOLEAN NOT NULL DEFAULT FALSE,
    received_ts BIGINT,
    CONSTRAINT redactions_event_id_key UNIQUE (event_id)
);
CREATE INDEX redactions_redacts ON redactions (redacts);
CREATE INDEX redactions_have_censored_ts ON redactions (received_ts) WHERE NOT have_censored;

-- MSC4140 delayed events (Synapse >= 1.116; content became TEXT in 1.146).
CREATE TABLE delayed_events (
    delay_id TEXT NOT NULL,
    user_localpart TEXT NOT NULL,
    device_id TEXT,
    delay BIGINT NOT NULL,
    send_ts BIGINT NOT NULL,
    room_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    state_key TEXT,
    origin_server_ts BIGINT,
    content TEXT NOT NULL,
    is_processed BOOLEAN NOT NULL DEFAULT FALSE,
    sticky_duration_ms BIGINT,
    PRIMARY KEY (user_localpart, delay_id)
);
CREATE INDEX delayed_events_send_ts ON delayed_events (send_ts);
CREATE INDEX delayed_events_is_processed ON delayed_events (is_processed);
CREATE INDEX delayed_events_room_state_event_idx ON delayed_events (room_id, event_type, state_key)
    WHERE state_key IS NOT NULL;

INSERT INTO schema_version (version, upgraded) VALUES (93, TRUE);
