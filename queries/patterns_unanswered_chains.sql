-- How many runs of unanswered contacts of mine there were, by length: one row per run length
-- (`chain_length`, `chains`). A run is consecutive contacts I started marked got_response =
-- false, in time order over every contact whose tracking day is in [$since, $until] (no-contact
-- or not); any other contact (answered, unknown, or one from them) closes it. Runs of two or
-- more are double-texting chains.
select chain_length, count(*) as chains
from unanswered_chains($since, $until, $day_start_hour)
group by chain_length
order by chain_length
