"""Accounts: who may do what, for which candidacies."""
