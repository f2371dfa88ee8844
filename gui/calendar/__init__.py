"""The calendar panel's item model."""
