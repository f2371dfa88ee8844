"""Exporters: standings workbooks built from the standings engine's output (never Qt models)."""
