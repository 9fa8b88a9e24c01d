-- Every mood entry, contact and urge whose tracking day is in the list $days, in time order,
-- for the key days of a snapshot: day, "at", kind ('mood' | 'contact' | 'urge'), value (mood or
-- urge intensity), emotions (comma-separated), initiator, channel, got_response, outcome,
-- trigger, private, and note: the entry's note when it is not private or $include_private is
-- true, else '' — so a private note never leaves the database unless the user opted in.
with

mood_rows as (
    select
        tracking_day("at", $day_start_hour) as day,
        "at",
        'mood' as kind,
        mood as value,
        array_to_string(emotions, ', ') as emotions,
        null as initiator,
        null as channel,
        cast(null as boolean) as got_response,
        null as outcome,
        '' as trigger,
        note,
        private,
        id
    from mood
),

contact_rows as (
    select
        tracking_day("at", $day_start_hour) as day,
        "at",
        'contact' as kind,
        cast(null as integer) as value,
        '' as emotions,
        initiator,
        channel,
        got_response,
        null as outcome,
        trim(trigger) as trigger,
        note,
        private,
        id
    from contacts
),

urge_rows as (
    select
        tracking_day("at", $day_start_hour) as day,
        "at",
        'urge' as kind,
        intensity as value,
        '' as emotions,
        null as initiator,
        null as channel,
        cast(null as boolean) as got_response,
        outcome,
        trim(trigger) as trigger,
        note,
        private,
        id
    from urges
),

entries as (
    select * from mood_rows
    union all by name
    select * from contact_rows
    union all by name
    select * from urge_rows
)

select
    day,
    "at",
    kind,
    value,
    emotions,
    initiator,
    channel,
    got_response,
    outcome,
    trigger,
    private,
    case when private and not cast($include_private as boolean) then '' else note end as note
from entries
where list_contains(cast($days as date[]), day)
order by "at", id
