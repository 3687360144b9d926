"""A first `make run`, as a newcomer sees it: no alarming message from the commands that run
before `lms init` writes the secret key; a server without a key says so, once, when it serves."""

import logging

from lms import create_app
from lms.config import TestConfig


def keyless_app(tmp_path):
    config = type("NoKey", (TestConfig,), {"SECRET_KEY": None,
                  "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}"})  # fmt: skip
    return create_app(config)


def errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_building_the_app_for_a_command_says_nothing_about_the_key(tmp_path, caplog):
    keyless_app(tmp_path)  # as `flask translate compile` and `flask lms init` do
    assert errors(caplog) == []


def test_serving_without_a_key_says_what_to_do_once(tmp_path, caplog):
    client = keyless_app(tmp_path).test_client()
    for _ in range(2):
        client.get("/static/css/site.css")
    assert len(errors(caplog)) == 1
    assert "lms init" in errors(caplog)[0] and "LMS_SECRET_KEY" in errors(caplog)[0]
