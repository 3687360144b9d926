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
