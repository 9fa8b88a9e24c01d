-- The longest run of my contacts marked unanswered (got_response = false) with no contact from
-- them in between, over all contacts in time order whose tracking day is in [$since, $as_of].
select coalesce(max(chain_length), 0) as max_unanswered_chain
from unanswered_chains($since, $as_of, $day_start_hour)
