"""Moderation: what verifiers may keep from publication, and why."""
