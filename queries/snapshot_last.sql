-- The last day covered by the most recent therapist snapshot (kind 'snapshot_pdf' or
-- 'snapshot_html'), as one row: period_to (null when no snapshot was ever exported).
with

snapshots as (
    select period_to, created_at, id
    from exports
    where kind in ('snapshot_pdf', 'snapshot_html')
)

select (
    select period_to from snapshots order by created_at desc, id desc limit 1
) as period_to
