"""The calendar panel: its item model, its actions, and the round dialog."""
