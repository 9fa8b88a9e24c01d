-- Runs of unanswered contacts of mine, one row per run (chain_length): consecutive contacts I
-- started marked got_response = false, in time order over every contact whose tracking day is
-- in [since, until] (no-contact or not); any other contact (answered, unknown, or one from them)
-- closes the run.
create or replace macro unanswered_chains(since, until, day_start_hour) as table
    with ordered as (
        select
            "at",
            id,
            initiator = 'me' and got_response is not distinct from false as unanswered
        from contacts
        where tracking_day("at", day_start_hour) <= cast(until as date)
          and tracking_day("at", day_start_hour)
              >= coalesce(cast(since as date), tracking_day("at", day_start_hour))
    ),
    runs as (
        select
            unanswered,
            sum(case when unanswered then 0 else 1 end) over (order by "at", id) as run_id
        from ordered
    )
    select count(*) as chain_length
    from runs
    where unanswered
    group by run_id;
