"""The File menu: documents, backups and exports, with their dialogs."""
