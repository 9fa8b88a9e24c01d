-- Record that migration $version has run.
insert into schema_version (version) values ($version)
