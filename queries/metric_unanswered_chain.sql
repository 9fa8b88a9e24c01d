-- The longest run of my contacts marked unanswered (got_response = false) with no contact from
-- them in between, over all contacts in time order whose tracking day is in [$since, $as_of].
with

ordered as (
    select
        "at",
        id,
        initiator = 'me' and got_response is not distinct from false as unanswered
    from contacts
    where tracking_day("at", $day_start_hour) <= cast($as_of as date)
      and tracking_day("at", $day_start_hour)
          >= coalesce(cast($since as date), tracking_day("at", $day_start_hour))
),

-- Every contact that is not an unanswered one of mine closes the current run.
runs as (
    select
        unanswered,
        sum(case when unanswered then 0 else 1 end) over (order by "at", id) as run_id
    from ordered
)

select coalesce(max(n), 0) as max_unanswered_chain
from (
    select run_id, count(*) as n
    from runs
    where unanswered
    group by run_id
)
