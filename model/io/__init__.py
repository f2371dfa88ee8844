"""Reading and writing files: every importer, the importer registry, exports."""
