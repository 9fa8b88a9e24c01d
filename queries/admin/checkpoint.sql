-- Write the write-ahead log of the current database into its file.
checkpoint
