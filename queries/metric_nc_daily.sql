-- One row per calendar day from $since (or the first day with any data) through $as_of:
-- whether it is a no-contact day, the contacts I started, breaks, resisted urges and peeks.
select day, in_nc, my_contacts, breaks, urges_resisted, peeks
from nc_calendar($since, $as_of, $day_start_hour)
order by day
