"""Storage: the document file, its tables, schema, lock, backups and history."""
