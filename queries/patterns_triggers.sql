-- Triggers on no-contact days with a tracking day in [$since, $until], compared trimmed and
-- lower-cased: how often each one led to a break (a contact I started), and how often an urge
-- with that trigger was resisted or ended in a peek. One row per trigger, the most frequent
-- first (then by name); entries without a trigger are left out.
with

nc as (
    select day from nc_days_in($since, $until)
),

breaks as (
    select lower(trim(c.trigger)) as trigger, count(*) as breaks
    from contacts as c
    join nc on nc.day = tracking_day(c."at", $day_start_hour)
    where c.initiator = 'me' and trim(c.trigger) <> ''
    group by 1
),

urges as (
    select
        lower(trim(u.trigger)) as trigger,
        count(*) filter (where u.outcome = 'resisted') as resisted,
        count(*) filter (where u.outcome = 'peeked') as peeked
    from urges as u
    join nc on nc.day = tracking_day(u."at", $day_start_hour)
    where trim(u.trigger) <> ''
    group by 1
),

joined as (
    select
        trigger,
        coalesce(breaks.breaks, 0) as breaks,
        coalesce(urges.resisted, 0) as resisted,
        coalesce(urges.peeked, 0) as peeked
    from breaks
    full outer join urges using (trigger)
)

select trigger, breaks, resisted, peeked
from joined
order by breaks + resisted + peeked desc, trigger
