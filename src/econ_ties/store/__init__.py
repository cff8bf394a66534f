"""Published revisions: immutable, content-hashed revisions of a Dataset in SQLite or PostgreSQL, with an audit log."""
