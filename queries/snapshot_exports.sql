-- What has been shared, newest first (at most $limit rows): created_at, kind, period_from,
-- period_to, options (JSON text). The record holds the period and the options, never content.
select created_at, kind, period_from, period_to, options
from exports
order by created_at desc, id desc
limit $limit
