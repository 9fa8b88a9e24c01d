-- Save one setting: $key and its $value as JSON text, replacing an earlier value.
insert into settings (key, value) values ($key, $value)
on conflict (key) do update set value = excluded.value
