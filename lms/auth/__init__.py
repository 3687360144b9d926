"""Accounts: registration, sign-in, profile and passwords."""
