-- No-contact periods as of a date (PRODUCT.md s.4): a period starts on a no_contact_start and
-- runs to the day before the next reconnected/back_together, or through as_of. Starts that
-- share the same next end belong to one period, so a start inside an active period changes
-- nothing. One row per period: start_day, end_day, open (true when it runs through as_of).
create or replace macro nc_periods(as_of) as table
    with starts as (
        select "on" as start_day from milestones
        where kind = 'no_contact_start' and "on" <= as_of
    ),
    ends as (
        select "on" as end_day from milestones
        where kind in ('reconnected', 'back_together') and "on" <= as_of
    ),
    paired as (
        select start_day, (select min(end_day) from ends where end_day > start_day) as next_end
        from starts
    )
    select
        min(start_day) as start_day,
        coalesce(cast(next_end - 1 as date), any_value(cast(as_of as date))) as end_day,
        next_end is null as open
    from paired
    group by next_end;
