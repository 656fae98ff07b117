"""Capture: the election, its candidacies and their two questionnaires."""
