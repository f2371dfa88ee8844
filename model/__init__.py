"""Pitboard's domain layer: storage, rules, services and standings. Never imports Qt."""
