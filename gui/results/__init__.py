"""The results panel: a round's classification, its model, view and entry box."""
