-- The table of applied migrations (created before the first one runs).
create table if not exists schema_version (
    version integer not null,
    applied_at timestamp not null default localtimestamp
)
