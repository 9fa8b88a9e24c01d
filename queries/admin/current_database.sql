-- The name of the database unqualified names refer to (name).
select current_database() as name
