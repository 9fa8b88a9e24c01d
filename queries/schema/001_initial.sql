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


-- The tracking day of a timestamp: a text at 01:30 belongs to the day before (PRODUCT.md s.4).
CREATE OR REPLACE MACRO tracking_day(ts, day_start_hour) AS
    CAST(ts - to_hours(CAST(day_start_hour AS BIGINT)) AS DATE);

-- No-contact periods as of a date (PRODUCT.md s.4): a period starts on a no_contact_start and
-- runs to the day before the next reconnected/back_together, or through as_of. Starts that
-- share the same next end belong to one period, so a start inside an active period changes
-- nothing.
CREATE OR REPLACE MACRO nc_periods(as_of) AS TABLE
    WITH starts AS (
        SELECT "on" AS start_day FROM milestones
        WHERE kind = 'no_contact_start' AND "on" <= as_of
    ),
    ends AS (
        SELECT "on" AS end_day FROM milestones
        WHERE kind IN ('reconnected', 'back_together') AND "on" <= as_of
    ),
    paired AS (
        SELECT start_day, (SELECT min(end_day) FROM ends WHERE end_day > start_day) AS next_end
        FROM starts
    )
    SELECT
        min(start_day) AS start_day,
        coalesce(CAST(next_end - 1 AS DATE), any_value(CAST(as_of AS DATE))) AS end_day,
        next_end IS NULL AS open
    FROM paired
    GROUP BY next_end;

-- Every no-contact day up to as_of, one row each.
CREATE OR REPLACE MACRO nc_days(as_of) AS TABLE
    SELECT DISTINCT CAST(unnest(generate_series(start_day, end_day, INTERVAL 1 DAY)) AS DATE) AS day
    FROM nc_periods(as_of)
    WHERE end_day >= start_day;
