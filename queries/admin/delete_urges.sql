-- Delete the urges entry $id; returns its id, no row when there is none.
delete from urges where id = $id returning id
