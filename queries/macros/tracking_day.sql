-- The tracking day of a timestamp: a text at 01:30 belongs to the day before (PRODUCT.md s.4).
create or replace macro tracking_day(ts, day_start_hour) as
    cast(ts - to_hours(cast(day_start_hour as bigint)) as date);
