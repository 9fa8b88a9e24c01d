-- Contacts I started and urges per tracking day, computed once per write to contacts or urges
-- (dashboard/derived.py) into tideline_derived.urges_contacts_by_day, which the macro
-- day_activity reads instead of grouping every contact and urge again on every query: one row
-- per day with at least one of them, for the hour a day starts: day_start_hour, day,
-- my_contacts, urges_resisted and peeks.
-- With $first_at and $after_at (not null) only the days whose times lie in [$first_at,
-- $after_at) are computed: those of rows just added (dashboard/derived.fill).
insert into tideline_derived.urges_contacts_by_day
select
    cast($day_start_hour as integer) as day_start_hour,
    day,
    count(*) filter (where what = 'me') as my_contacts,
    count(*) filter (where what = 'resisted') as urges_resisted,
    count(*) filter (where what = 'peeked') as peeks
from (
    select tracking_day("at", $day_start_hour) as day, initiator as what
    from contacts
    where initiator = 'me'
      and ("at" >= $first_at or $first_at is null)
      and ("at" < $after_at or $after_at is null)
    union all
    select tracking_day("at", $day_start_hour), outcome
    from urges
    where ("at" >= $first_at or $first_at is null) and ("at" < $after_at or $after_at is null)
)
group by day
