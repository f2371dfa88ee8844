"""The standings panel and its item model."""
