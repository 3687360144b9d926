"""The two floors the learner's pages are measured against, as small apps of their own.

FLOOR=bare:  a bare Flask route rendering a 6 KB lesson template.
FLOOR=stack: the same template behind the extensions the project uses: Flask-Login loading
             the user through Flask-SQLAlchemy from SQLite, one more query for the lesson body,
             Flask-Babel with a locale selector, and a Flask-WTF CSRF token in the page.

Run under gunicorn like the app: FLOOR=stack FLOOR_DB=/tmp/f.db gunicorn -c gunicorn.conf.py
bench.floor_app:app. bench/http_load.py does all of this for you.
"""

import os

from flask import Flask, request
from flask_babel import Babel
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

PARAGRAPH = (
    "<p>Trafficking in persons has three elements: an act, a means and a purpose of "
    "exploitation. A responder who meets a possible victim listens first, explains "
    "their rights in a language they understand, and refers them with consent.</p>\n"
)
BODY = PARAGRAPH * 22  # about 6 KB, like a lesson's text
TEMPLATE = """<!doctype html>
<html lang="{{ locale }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/css/site.css"></head>
<body><header><nav><a href="/">Courses</a> <a href="/dashboard">My learning</a>
<span>{{ name }}</span></nav></header>
<main><article><h1>{{ title }}</h1>{{ body|safe }}</article>
<form method="post" action="/complete"><input type="hidden" name="csrf_token"
 value="{{ token }}"><button>Mark as complete</button></form></main></body></html>"""

db = SQLAlchemy()


class Person(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Page(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)


def bare() -> Flask:
    app = Flask(__name__)
    template = app.jinja_env.from_string(TEMPLATE)  # compiled once, as a template file would be

    @app.get("/lesson")
    def lesson():
        return template.render(locale="en", title="What is trafficking", name="", body=BODY,
                               token="")  # fmt: skip

    return app


def stack() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="floor-only", SQLALCHEMY_DATABASE_URI=os.environ["FLOOR_DB"])
    db.init_app(app)
    CSRFProtect(app)
    Babel(app, locale_selector=lambda: request.accept_languages.best_match(["en", "th"]) or "en")
    login = LoginManager(app)
    login.user_loader(lambda user_id: db.session.get(Person, int(user_id)))
    template = app.jinja_env.from_string(TEMPLATE)

    @app.get("/login")
    def sign_in():
        login_user(db.session.get(Person, 1))
        return "signed in"

    @app.get("/lesson")
    @login_required
    def lesson():
        from flask_babel import get_locale
        from flask_wtf.csrf import generate_csrf

        page = db.session.get(Page, 1)
        return template.render(locale=str(get_locale()), title=page.title, body=page.body,
                               name=current_user.name, token=generate_csrf())  # fmt: skip

    return app


def seed(path: str) -> None:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = path
    db.init_app(app)
    with app.app_context():
        db.create_all()
        db.session.add_all([Person(id=1, name="Floor Learner"),
                            Page(id=1, title="What is trafficking", body=BODY)])  # fmt: skip
        db.session.commit()


app = stack() if os.environ.get("FLOOR") == "stack" else bare()
