"""The curriculum as files: load and validate, render, import. Pure Python, no request context."""
