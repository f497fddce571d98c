"""Persistence and workflow rules (later issues)."""
