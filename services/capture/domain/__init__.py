"""Capture's rules: pure functions and small classes, no I/O, no clock, no env."""
