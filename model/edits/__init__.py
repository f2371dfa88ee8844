"""Changes to a document: operations that can be undone, and the services they call."""
