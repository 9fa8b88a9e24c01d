-- Tideline schema, version 1. Timestamps are local wall-clock time (no zone).
CREATE SEQUENCE IF NOT EXISTS row_id START 1;

CREATE TABLE IF NOT EXISTS mood (
    id BIGINT PRIMARY KEY DEFAULT nextval('row_id'),
    "at" TIMESTAMP NOT NULL,
    mood INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 10),
    urge INTEGER CHECK (urge BETWEEN 0 AND 10),
    emotions VARCHAR[] NOT NULL DEFAULT [],
    activities VARCHAR[] NOT NULL DEFAULT [],
    note VARCHAR NOT NULL DEFAULT '',
    private BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
);

CREATE TABLE IF NOT EXISTS contacts (
    id BIGINT PRIMARY KEY DEFAULT nextval('row_id'),
    "at" TIMESTAMP NOT NULL,
    initiator VARCHAR NOT NULL CHECK (initiator IN ('me', 'them')),
    channel VARCHAR NOT NULL
        CHECK (channel IN ('text', 'call', 'video', 'social', 'in_person', 'email', 'other')),
    got_response BOOLEAN,
    under_influence BOOLEAN NOT NULL DEFAULT FALSE,
    trigger VARCHAR NOT NULL DEFAULT '',
    note VARCHAR NOT NULL DEFAULT '',
    private BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
);

CREATE TABLE IF NOT EXISTS urges (
    id BIGINT PRIMARY KEY DEFAULT nextval('row_id'),
    "at" TIMESTAMP NOT NULL,
    intensity INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 10),
    outcome VARCHAR NOT NULL CHECK (outcome IN ('resisted', 'peeked')),
    trigger VARCHAR NOT NULL DEFAULT '',
    note VARCHAR NOT NULL DEFAULT '',
    private BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
);

CREATE TABLE IF NOT EXISTS milestones (
    id BIGINT PRIMARY KEY DEFAULT nextval('row_id'),
    "on" DATE NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('breakup', 'no_contact_start', 'reconnected',
        'first_meetup', 'the_talk', 'back_together', 'therapy_session',
        'decided_to_move_on', 'custom')),
    title VARCHAR NOT NULL DEFAULT '',
    note VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
);

-- One row per setting; values are JSON so new settings need no migration.
CREATE TABLE IF NOT EXISTS settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
);

-- What was shared, never its content.
CREATE TABLE IF NOT EXISTS exports (
    id BIGINT PRIMARY KEY DEFAULT nextval('row_id'),
    kind VARCHAR NOT NULL,
    period_from DATE,
    period_to DATE,
    options VARCHAR NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
);

-- The macros the queries use (tracking_day, nc_periods, nc_days, ...) live in queries/macros/,
-- one file each, and are re-created every time a journal is opened. Journals made before they
-- moved there still carry copies from this file; those copies are replaced on open.
