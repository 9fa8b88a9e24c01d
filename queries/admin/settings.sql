-- Every saved setting: key and value (JSON text).
select key, value
from settings
