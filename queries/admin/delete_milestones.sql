-- Delete the milestones entry $id; returns its id, no row when there is none.
delete from milestones where id = $id returning id
