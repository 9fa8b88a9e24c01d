-- Delete the mood entry $id; returns its id, no row when there is none.
delete from mood where id = $id returning id
