"""The History panel, its item models and the past-moment dialog."""
