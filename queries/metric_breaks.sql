-- One row per break (a contact I started on a no-contact day) in [$since, $as_of], oldest first,
-- with the mood entries logged in the 24 hours before it (their sum and count).
with

nc as (
    select day from nc_days($as_of)
),

breaks as (
    select
        c.id,
        c."at",
        c.under_influence,
        c.got_response,
        nullif(lower(trim(c.trigger)), '') as trigger
    from contacts as c
    join nc on nc.day = tracking_day(c."at", $day_start_hour)
    where c.initiator = 'me'
      and nc.day >= coalesce(cast($since as date), nc.day)
),

mood_before as (
    select b.id, sum(m.mood) as mood_sum, count(m.mood) as mood_n
    from breaks as b
    join mood as m on m."at" >= b."at" - interval 24 hour and m."at" < b."at"
    group by b.id
)

select
    breaks."at",
    hour(breaks."at") as hour,
    breaks.under_influence,
    breaks.got_response,
    breaks.trigger,
    coalesce(mood_before.mood_sum, 0) as mood_sum_before,
    coalesce(mood_before.mood_n, 0) as mood_n_before
from breaks
left join mood_before using (id)
order by breaks."at", breaks.id
