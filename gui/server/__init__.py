"""Server documents in the editor: the dialog that names one, and the listener that hears
other editors' changes."""
