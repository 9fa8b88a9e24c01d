-- How many rows each user table holds (one row).
select
    (select count(*) from mood) as mood,
    (select count(*) from contacts) as contacts,
    (select count(*) from urges) as urges,
    (select count(*) from milestones) as milestones
