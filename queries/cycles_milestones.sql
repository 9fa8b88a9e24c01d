-- Every milestone dated in [$since, $until] for the cycles timeline, oldest first: on, kind,
-- title (notes stay out of charts).
select "on", kind, title
from milestones
where "on" <= cast($until as date)
  and "on" >= coalesce(cast($since as date), "on")
order by "on", id
