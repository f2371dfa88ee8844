"""Charts drawn from the standings."""
