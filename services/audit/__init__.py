"""Audit: the activity log that no one can rewrite unnoticed."""
