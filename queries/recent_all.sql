-- The $limit latest entries of every kind, newest first: kind (mood, contact, urge, milestone),
-- id, "at" (a milestone's date at midnight) and a short plain-words summary.
with

mood_rows as (
    select 'mood' as kind, id, "at", 'Mood ' || mood || '/10' as summary
    from mood
),

contact_rows as (
    select
        'contact' as kind,
        id,
        "at",
        case initiator when 'me' then 'You reached out' else 'They reached out' end
        || ' (' || replace(channel, '_', ' ') || ')' as summary
    from contacts
),

urge_rows as (
    select
        'urge' as kind,
        id,
        "at",
        'Urge ' || intensity || '/10, '
        || case outcome when 'resisted' then 'resisted' else 'peeked' end as summary
    from urges
),

milestone_rows as (
    select
        'milestone' as kind,
        id,
        cast("on" as timestamp) as "at",
        replace(kind, '_', ' ') || case when title = '' then '' else ': ' || title end
        as summary
    from milestones
),

unioned as (
    select * from mood_rows
    union all select * from contact_rows
    union all select * from urge_rows
    union all select * from milestone_rows
)

select kind, id, "at", summary
from unioned
order by "at" desc, id desc
limit $limit
