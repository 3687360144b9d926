"""A learner's page costs at most three queries once the outline is cached: the user (with the
content revision), the learner's state, and the lesson's text."""

import pytest
from sqlalchemy import event

from lms.extensions import db as _db
from tests.conftest import csrf_token

LESSON = "/learn/introductory/understanding-trafficking/what-is-trafficking"
PAGES = ["/dashboard", "/learn/introductory", LESSON, "/"]


def statements(app, client, url) -> list[str]:
    with app.app_context():
        engine = _db.engine
    seen: list[str] = []

    def count(_connection, _cursor, statement, *args):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            seen.append(" ".join(statement.split())[:90])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen


@pytest.mark.parametrize("url", PAGES)
def test_a_learner_page_costs_at_most_three_queries(app, client, db, real_content, make_user,
                                                     login, url):  # fmt: skip
    login(make_user())
    client.post(f"{LESSON}/complete", data={"csrf_token": csrf_token(client, LESSON)})
    client.get(url)  # the first request after an import builds the outline
    assert len(statements(app, client, url)) <= 3, statements(app, client, url)


def test_a_publish_is_seen_at_the_next_request(app, client, db, real_content, make_user, login):
    from lms.models import Course
    from lms.store import outline

    login(make_user())
    assert "A renamed course" not in client.get("/").get_data(as_text=True)
    course = db.session.query(Course).filter_by(slug="introductory").one()
    course.title = "A renamed course"
    with app.test_request_context():
        outline.bump()
    db.session.commit()
    assert "A renamed course" in client.get("/").get_data(as_text=True)
