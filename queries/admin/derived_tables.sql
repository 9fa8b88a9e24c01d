-- The derived tables (queries/derived/), created empty once per connection; each holds its
-- rows for every hour a tracking day has been asked to start at (day_start_hour).
create table if not exists tideline_derived.mood_by_day (
    day_start_hour integer,
    day date,
    entries bigint,
    mood_sum bigint,
    mood_min integer,
    mood_max integer
);

create table if not exists tideline_derived.emotions_by_day (
    day_start_hour integer,
    day date,
    emotion varchar,
    entries bigint,
    mood_sum bigint
);

create table if not exists tideline_derived.activities_by_day (
    day_start_hour integer,
    day date,
    activity varchar
);

create table if not exists tideline_derived.urges_contacts_by_day (
    day_start_hour integer,
    day date,
    my_contacts bigint,
    urges_resisted bigint,
    peeks bigint
);

create table if not exists tideline_derived.mood_around_contact_by_day (
    day_start_hour integer,
    day date,
    initiator varchar,
    side varchar,
    entry_day date,
    n bigint,
    mood_sum bigint
);
