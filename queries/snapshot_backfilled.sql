-- Mood entries, contacts and urges whose tracking day is in [$since, $until], one row per kind
-- (always the three kinds, in that order): entries, and back_filled = how many of them were
-- saved (created_at) more than 24 hours after the moment they describe ("at").
with

entries as (
    select 'mood' as kind, "at", created_at from mood
    union all
    select 'contacts' as kind, "at", created_at from contacts
    union all
    select 'urges' as kind, "at", created_at from urges
),

in_period as (
    select kind, "at", created_at
    from entries
    where tracking_day("at", $day_start_hour) between cast($since as date) and cast($until as date)
),

kinds as (
    select unnest(['mood', 'contacts', 'urges']) as kind
)

select
    kinds.kind,
    count(in_period.kind) as entries,
    count(in_period.kind) filter (
        where in_period.created_at > in_period."at" + interval 24 hours
    ) as back_filled
from kinds
left join in_period using (kind)
group by kinds.kind
order by list_position(['mood', 'contacts', 'urges'], kinds.kind)
