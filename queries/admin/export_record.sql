-- Remember that something was shared: $kind, the period $period_from..$period_to (either may be
-- null) and the $options chosen as JSON text; never its content.
insert into exports (kind, period_from, period_to, options)
values ($kind, $period_from, $period_to, $options)
