"""Forms of the learning area."""

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """A POST button: carries only the CSRF token."""
