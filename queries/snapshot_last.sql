-- The last day any therapist snapshot (kind 'snapshot_pdf' or 'snapshot_html') has covered, as
-- one row: period_to (null when no snapshot was ever exported). The latest end, not the end of
-- the latest export: an older period exported again afterwards must not pull "since the last
-- snapshot" back over days the therapist has already seen.
with

snapshots as (
    select period_to
    from exports
    where kind in ('snapshot_pdf', 'snapshot_html')
)

select max(period_to) as period_to
from snapshots
