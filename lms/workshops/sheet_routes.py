"""The attendance sheet: a CSV import with a dry run (routes on the facilitation blueprint)."""
