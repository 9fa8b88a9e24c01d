-- Mark the scalar macro {alias} with {comment}, the digest of its file (both filled in by
-- dashboard.sqlfiles.sql_template: COMMENT ON takes neither as a bound parameter).
comment on macro {alias} is {comment}
