"""Shared table machinery: the row model base, sort proxy and cell delegates."""
