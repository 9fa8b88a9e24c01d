-- Delete the contacts entry $id; returns its id, no row when there is none.
delete from contacts where id = $id returning id
