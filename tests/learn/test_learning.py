"""The learning path: reading, progress, continuing, and the prerequisite gate on every route."""

import pytest
from sqlalchemy import func, select

from lms.models import LessonCompletion
from tests.conftest import LESSONS_DONE, csrf_token, pass_quiz, translated

INTRO_LESSONS = ["basics/first", "basics/second", "care/third"]
ADVANCED = {
    "course_slug": "advanced",
    "module_slug": "practice",
    "lesson_slug": "screening",
    "quiz_slug": "practice",
    "attempt_id": 1,
}


@pytest.fixture
def learner(content, make_user, login):
    user = make_user()
    login(user)
    return user


def complete(client, course, path):
    token = csrf_token(client, f"/learn/{course}/{path}") if "complete" not in path else None
    return client.post(f"/learn/{course}/{path}/complete", data={"csrf_token": token})


def completions(db) -> int:
    return db.session.scalar(select(func.count(LessonCompletion.id)))


def finish_intro(client, db):
    for path in INTRO_LESSONS:
        assert complete(client, "introductory", path).status_code == 302
    pass_quiz(client, db, "introductory", "basics")
    pass_quiz(client, db, "introductory", "care")


def advanced_requests(app):
    """Every route of the learning area that takes a course, built for the advanced course."""
    for rule in app.url_map.iter_rules():
        if "course_slug" not in rule.arguments:
            continue
        values = {name: ADVANCED[name] for name in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


def test_a_new_learner_can_read_an_introductory_lesson(client, learner):
    page = client.get("/learn/introductory/basics/first").get_data(as_text=True)
    assert "<h1>First lesson</h1>" in page
    assert "The first lesson body." in page
    assert "About 5 minutes" in page
    assert "Understand the fixture." in page


def test_lesson_html_is_served_sanitised(client, learner):
    page = client.get("/learn/introductory/basics/first").get_data(as_text=True)
    assert "alert('x')" not in page or "<script>alert" not in page
    assert "<script>alert" not in page


def test_links_between_lessons_work(client, learner):
    page = client.get("/learn/introductory/basics/first").get_data(as_text=True)
    assert 'href="../../introductory/basics/second"' in page
    # ../../ from /learn/introductory/basics/first lands on /learn/introductory/basics/second
    assert client.get("/learn/introductory/basics/second").status_code == 200


def test_marking_complete_records_once_and_moves_on(client, db, learner):
    response = complete(client, "introductory", "basics/first")
    assert response.headers["Location"] == "/learn/introductory/basics/second"
    complete(client, "introductory", "basics/first")
    assert completions(db) == 1
    page = client.get("/learn/introductory/basics/first").get_data(as_text=True)
    assert "You have completed this lesson." in page


def test_progress_bars_and_checklist(client, learner):
    complete(client, "introductory", "basics/first")
    page = client.get("/learn/introductory").get_data(as_text=True)
    assert "1 of 3 lessons" in page  # the course
    assert "1 of 2 lessons" in page  # module Basics
    assert "0 of 1 lesson" in page  # module Care
    assert page.count(">Completed<") == 1
    assert page.count(">To do<") == 2


def test_dashboard_continues_where_the_learner_left_off(client, learner):
    assert "Continue where you left off: First lesson" in client.get("/dashboard").get_data(
        as_text=True
    )
    complete(client, "introductory", "basics/first")
    complete(client, "introductory", "basics/second")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Continue where you left off: Third lesson" in page
    assert 'href="/learn/introductory/care/third"' in page


def test_catalogue_shows_the_advanced_course_as_locked(client, learner):
    page = client.get("/").get_data(as_text=True)
    assert "Locked until you complete Fixture introduction." in page
    assert 'href="/learn/advanced"' not in page


def test_every_advanced_route_is_refused_until_the_introduction_is_complete(
    app, client, db, learner
):
    requests = list(advanced_requests(app))
    assert {m for m, _ in requests} == {"GET", "POST"}  # pages and actions are both covered
    complete(client, "introductory", "basics/first")  # partly done is still locked
    token = csrf_token(client, "/dashboard")
    for method, url in requests:
        response = client.open(url, method=method, data={"csrf_token": token})
        page = response.get_data(as_text=True)
        assert response.status_code == 403, (method, url)
        assert "This course is locked" in page
        assert 'href="/learn/introductory"' in page
    assert completions(db) == 1  # the refused POST recorded nothing

    finish_intro(client, db)
    for method, url in requests:
        response = client.open(url, method=method, data={"csrf_token": token})
        # open now: pages load and actions act; an attempt that is not theirs and a
        # certificate not yet earned are simply not found
        expected = (404,) if "attempts" in url or "certificate" in url else (200, 302)
        assert response.status_code in expected, (method, url)
    assert "Locked" not in client.get("/").get_data(as_text=True)


def test_completing_the_introduction_says_so_and_unlocks(client, db, learner):
    finish_intro(client, db)
    page = client.get("/learn/introductory").get_data(as_text=True)
    assert "You have completed this course." in page
    assert client.get("/learn/advanced").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/learn/nosuch",
        "/learn/introductory/basics/nosuch",
        "/learn/introductory/nosuch/first",
        "/learn/introductory/care/first",  # a real lesson under the wrong module
        "/learn/%3Cscript%3E",
        "/learn/" + "x" * 5000,
    ],
)
def test_unknown_slugs_get_a_404_page_in_the_layout(client, learner, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert "<nav" in response.get_data(as_text=True)


def test_unknown_lesson_post_changes_nothing(client, db, learner):
    token = csrf_token(client, "/dashboard")
    response = client.post("/learn/introductory/basics/nosuch/complete", data={"csrf_token": token})
    assert response.status_code == 404
    assert completions(db) == 0


def test_get_cannot_mark_complete(client, db, learner):
    assert client.get("/learn/introductory/basics/first/complete").status_code == 405
    assert completions(db) == 0


def test_learning_pages_need_sign_in(client, content):
    response = client.get("/learn/introductory/basics/first")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_progress_is_per_learner(client, db, content, make_user, login):
    first, second = make_user(), make_user()
    login(first)
    complete(client, "introductory", "basics/first")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    login(second)
    assert "0 of 3 lessons" in client.get("/learn/introductory").get_data(as_text=True)


def test_thai_reader_in_thailand_gets_the_national_variant(client, db, content, make_user, login):
    login(make_user(locale="th", country="TH"))
    page = client.get("/learn/introductory/basics/first").get_data(as_text=True)
    assert "เนื้อหาฉบับประเทศไทย" in page


def test_fallback_to_english_is_announced(app, client, content, make_user, login):
    login(make_user(locale="km", country="KH"))
    page = client.get("/learn/introductory/basics/second").get_data(as_text=True)
    notice = (
        "This lesson is not yet available in your language. "
        "You are reading the %(language)s version."
    )
    assert translated(app, "km", notice, language="English") in page
    assert translated(app, "km", "Also available in:") not in page  # English only


def test_completing_in_one_language_counts_in_another(client, db, content, make_user, login):
    user = make_user(locale="th", country="TH")
    login(user)
    complete(client, "introductory", "basics/first")
    user.locale = "en"
    db.session.commit()
    assert "1 of 3 lessons" in client.get("/learn/introductory").get_data(as_text=True)


def test_a_national_lesson_counts_only_for_its_country(app, client, db, content, make_user, login):
    login(make_user(country="KH", locale="km"))
    page = client.get("/learn/introductory").get_data(as_text=True)
    assert translated(app, "km", LESSONS_DONE, num=4, done=0) in page
    assert "ខ្សែទូរស័ព្ទជំនួយនៅកម្ពុជា" in page
    assert client.get("/learn/introductory/care/hotlines").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    login(make_user(country="TH"))
    assert "0 of 3 lessons" in client.get("/learn/introductory").get_data(as_text=True)
    assert client.get("/learn/introductory/care/hotlines").status_code == 404


def test_other_languages_are_offered_and_switching_keeps_progress(
    app, client, db, content, make_user, login
):
    user = make_user(locale="en", country="TH")
    login(user)
    complete(client, "introductory", "basics/first")
    page = client.get("/learn/introductory/basics/first").get_data(as_text=True)
    assert "Also available in:" in page and 'value="th"' in page
    token = csrf_token(client, "/learn/introductory/basics/first")
    client.post(
        "/language",
        data={"locale": "th", "next": "/learn/introductory/basics/first", "csrf_token": token},
    )
    db.session.refresh(user)
    assert user.locale == "th"
    page = client.get("/learn/introductory/basics/first").get_data(as_text=True)
    assert '<html lang="th">' in page and "เนื้อหาฉบับประเทศไทย" in page
    page = client.get("/learn/introductory").get_data(as_text=True)
    assert translated(app, "th", LESSONS_DONE, num=3, done=1) in page


def test_visitors_choose_a_language_by_cookie_then_accept_language(client):
    assert '<html lang="vi">' in client.get(
        "/", headers={"Accept-Language": "vi,en;q=0.5"}
    ).get_data(as_text=True)
    token = csrf_token(client, "/login")
    response = client.post(
        "/language", data={"locale": "km", "next": "/login", "csrf_token": token}
    )
    assert response.headers["Location"] == "/login"
    assert '<html lang="km">' in client.get("/", headers={"Accept-Language": "vi"}).get_data(
        as_text=True
    )
    bad = client.post(
        "/language", data={"locale": "xx", "csrf_token": token, "next": "https://evil.example"}
    )
    assert bad.headers["Location"] == "/"
