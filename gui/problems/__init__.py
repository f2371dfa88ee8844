"""The Problems panel: what must be fixed before publishing, each a jump to its cell."""
