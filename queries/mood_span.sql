-- How long a mood chart over [$since, $until] would be: days_logged (tracking days with mood
-- entries in the range), so a page can ask for days or weeks before fetching either.
select count(distinct tracking_day("at", $day_start_hour)) as days_logged
from mood
where tracking_day("at", $day_start_hour) <= cast($until as date)
  and tracking_day("at", $day_start_hour)
      >= coalesce(cast($since as date), tracking_day("at", $day_start_hour))
