"""Error pages in the site's layout. A 500 rolls back the session so nothing half-done is saved."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from lms.extensions import db
from lms.learn.services import CourseLocked


def register(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(error):
        return render_template("errors/400.html", error=error), 400

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(CourseLocked)
    def course_locked(error: CourseLocked):
        return render_template("errors/locked.html", locked=error), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(error):
        return render_template("errors/405.html"), 405

    @app.errorhandler(413)
    def too_large(error):
        return render_template("errors/413.html"), 413

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("errors/500.html"), 500
