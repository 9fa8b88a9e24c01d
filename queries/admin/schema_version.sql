-- The journal's schema version: the highest migration applied, 0 before any (version).
select coalesce(max(version), 0) as version
from schema_version
