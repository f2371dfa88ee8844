"""Scoring: the rules (every rule the engine knows), standings and problems."""
