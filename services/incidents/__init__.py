"""Incidents: the bitácora of technical failures."""
