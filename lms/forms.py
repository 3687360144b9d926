"""Small forms shared by every area."""

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """A POST button: carries only the CSRF token."""
