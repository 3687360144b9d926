"""The LMS application factory. Flask is imported inside it, so that importing a subpackage
(the pure `lms.content`) does not pull in Flask."""

import logging
from typing import TYPE_CHECKING

from lms.config import ROOT, Config

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: type[Config] | dict | None = None) -> "Flask":
    """Build an app: configuration, extensions, blueprints, CLI and error pages. No queries."""
    from flask import Flask

    app = Flask(
        __name__,
        static_folder=str(Config.STATIC_FOLDER),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    if not app.config.get("SECRET_KEY"):
        _say_when_serving_without_a_key(app)
    if app.config["PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    _init_extensions(app)
    _register_blueprints(app)
    return app


def _say_when_serving_without_a_key(app: "Flask") -> None:
    """Commands need no key, and `make run` runs some before `lms init` has written it: a
    message then would look like a failure where there is none. Pages with forms do need it,
    so the first request without one says so, once."""
    said = []

    @app.before_request
    def no_secret_key() -> None:
        if not said:
            said.append(True)
            logging.getLogger(__name__).error(
                "No secret key, so sign-in and every form will fail: run "
                "`flask --app wsgi lms init` (or set LMS_SECRET_KEY), then restart the server."
            )


def _init_extensions(app: "Flask") -> None:
    from lms import database, delivery, security
    from lms.certificates.services import display_code
    from lms.content.render import paragraphs
    from lms.extensions import babel, csrf, db, limiter, login, migrate
    from lms.i18n import (
        LOCALES,
        country_name,
        current_locale,
        format_day,
        format_when,
        install_template_gettext,
        localised,
        select_locale,
        select_timezone,
    )
    from lms.store import outline

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.config["MIGRATIONS_DIR"]))
    security.register(app)  # first: its body check must run before CSRF reads the form
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    install_template_gettext(app)
    app.jinja_env.globals.update(current_locale=current_locale, LOCALES=LOCALES)
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["when"] = format_when
    app.jinja_env.filters["display_code"] = display_code
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["localised"] = localised
    login.init_app(app)
    login.login_view = "auth.login"
    login.login_message = None

    @login.user_loader
    def load_user(session_id: str):
        user_id, _, fingerprint = session_id.partition(".")
        user = outline.load_user_and_revision(int(user_id)) if user_id.isdigit() else None
        return user if user and user.active and user.matches_session(fingerprint) else None

    database.register(app)
    delivery.register(app)


def _register_blueprints(app: "Flask") -> None:
    from lms import cli, errors
    from lms.admin.routes import bp as admin_bp
    from lms.auth.routes import bp as auth_bp
    from lms.certificates.routes import bp as certificates_bp
    from lms.learn.routes import bp as learn_bp
    from lms.quiz.routes import bp as quiz_bp
    from lms.trainer.routes import bp as trainer_bp
    from lms.workshops.routes import bp as workshops_bp
    from lms.workshops.routes import manage as facilitation_bp

    for blueprint in (auth_bp, learn_bp, quiz_bp, certificates_bp, trainer_bp, admin_bp,
                      workshops_bp, facilitation_bp):  # fmt: skip
        app.register_blueprint(blueprint)
    errors.register(app)
    cli.register(app)
