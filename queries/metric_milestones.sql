-- Milestones dated in [$since, $as_of], oldest first.
select "on", kind, title, note
from milestones
where "on" <= cast($as_of as date)
  and "on" >= coalesce(cast($since as date), "on")
order by "on", id
