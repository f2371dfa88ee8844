"""Pitboard's Qt user interface. Everything true without a screen lives in model/."""
