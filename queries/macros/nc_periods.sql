-- No-contact periods as of a date (PRODUCT.md s.4): a period starts on a no_contact_start and
-- runs to the day before the next reconnected/back_together, or through as_of. Starts that
-- share the same next end belong to one period, so a start inside an active period changes
-- nothing. One row per period: start_day, end_day, open (true when it runs through as_of).
-- A start's next end is read in one ordered pass over the milestones (an end on the start's
-- own day sorts before it, so it is not the start's end): DuckDB plans that in half the time
-- of a lookup per start, and every page's queries plan this macro.
create or replace macro nc_periods(as_of) as table
    with marks as (
        select "on" as day, kind = 'no_contact_start' as is_start
        from milestones
        where kind in ('no_contact_start', 'reconnected', 'back_together') and "on" <= as_of
    ),
    paired as (
        select
            day as start_day,
            is_start,
            min(case when not is_start then day end) over (
                order by day, is_start rows between 1 following and unbounded following
            ) as next_end
        from marks
    )
    select
        min(start_day) as start_day,
        coalesce(cast(next_end - 1 as date), any_value(cast(as_of as date))) as end_day,
        next_end is null as open
    from paired
    where is_start
    group by next_end;
