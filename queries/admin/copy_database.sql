-- Copy every table, sequence and macro of the attached database src into the attached dst.
copy from database src to dst
