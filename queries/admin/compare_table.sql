-- One table in two attached databases, $source and $target (qualified names such as
-- 'src.main.mood'): its rows before and after, and how many rows of the source the target lacks
-- (EXCEPT ALL also catches a row that changed on the way, not only a missing one).
select
    (select count(*) from query_table($source)) as before,
    (select count(*) from query_table($target)) as after,
    (
        select count(*)
        from (from query_table($source) except all from query_table($target))
    ) as changed
