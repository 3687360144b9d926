"""The real curriculum in modules/ imports and every lesson page renders for a learner."""

from sqlalchemy import select

from lms.models import Course, Lesson, LessonVersion, Module


def test_every_real_lesson_renders_with_its_warning_before_the_text(
    client, db, real_content, make_user, login
):
    login(make_user())
    rows = db.session.execute(
        select(Course.slug, Module.slug, Lesson.slug, LessonVersion)
        .join(Module, Module.course_id == Course.id)
        .join(Lesson, Lesson.module_id == Module.id)
        .join(LessonVersion, LessonVersion.lesson_id == Lesson.id)
        .where(LessonVersion.locale == "en", LessonVersion.country.is_(None))
        .order_by(Course.position, Module.position, Lesson.position)
    ).all()
    assert len(rows) >= 8
    for course, module, lesson, version in rows:
        if course != "introductory":
            continue  # the advanced course is locked for a new learner
        page = client.get(f"/learn/{course}/{module}/{lesson}").get_data(as_text=True)
        assert f"<h1>{version.title}</h1>".replace("'", "&#39;") in page, lesson
        if version.meta.get("content_warning"):
            assert page.index("Content warning:") < page.index("<h2")


def test_a_learner_takes_both_real_courses_to_their_certificates(
    client, db, real_content, make_user, login
):
    from lms.models import Certificate
    from tests.conftest import csrf_token, pass_quiz

    login(make_user())
    for course in ("introductory", "advanced"):
        assert client.get(f"/learn/{course}").status_code == 200
        lessons = db.session.execute(
            select(Module.slug, Lesson.slug)
            .join(Lesson, Lesson.module_id == Module.id)
            .join(Course, Module.course_id == Course.id)
            .where(Course.slug == course)
            .order_by(Module.position, Lesson.position)
        ).all()
        for module, lesson in lessons:
            url = f"/learn/{course}/{module}/{lesson}"
            client.post(f"{url}/complete", data={"csrf_token": csrf_token(client, url)})
        for module in dict.fromkeys(module for module, _ in lessons):
            pass_quiz(client, db, course, module)
        pass_quiz(client, db, course, "final")
        assert client.get(f"/learn/{course}/certificate").status_code == 200
    assert len(db.session.scalars(select(Certificate)).all()) == 2
