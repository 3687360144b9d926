"""Trainers' pages cost the same number of queries for 3 modules as for 12, with as much
work queued in each module."""

from sqlalchemy import event, select

from lms.content.files import load_tree
from lms.extensions import db as _db
from lms.models import LessonVersion, Module, Origin, VersionStatus
from lms.store.importer import import_tree
from tests.trainer.steps import queue_counts, trainer

LESSON = "---\ntitle: Lesson {n}\n---\n\n## Part\n\nText of lesson {n}.\n"


def write_curriculum(root, modules: int) -> None:
    course = root / "modules" / "introductory"
    course.mkdir(parents=True, exist_ok=True)
    (course / "course.yaml").write_text("title: Generated course\norder: 1\n")
    for m in range(1, modules + 1):
        folder = course / f"{m:02d}-module-{m}"
        folder.mkdir(exist_ok=True)
        (folder / "module.yaml").write_text(f"title: Module {m}\nestimated_minutes: 10\n")
        for n in range(1, 4):
            (folder / f"{n:02d}-lesson-{n}.md").write_text(LESSON.format(n=n))
            (folder / f"{n:02d}-lesson-{n}.th-TH.md").write_text(LESSON.format(n=f"{n} TH"))


def queue_work(db, me, other) -> None:
    """In each module not done yet: a lesson in review by `other`, one returned to `me`, and
    one whose Thai variant was made from an earlier source."""
    for module in db.session.scalars(select(Module)):
        first, second, third = module.lessons
        if any(v.author_id for v in first.versions):
            continue
        thai = next(v for v in third.versions if v.country == "TH")
        thai.source_hash = "0" * 64
        work(db, first, author_id=other.id, status=VersionStatus.IN_REVIEW)
        work(db, second, author_id=me.id, status=VersionStatus.DRAFT, reviewed_by_id=other.id)
    db.session.commit()


def work(db, lesson, **fields) -> None:
    """A newer browser version of the lesson's Thai (Thailand) variant."""
    thai = next(v for v in lesson.versions if v.country == "TH")
    db.session.add(LessonVersion(
        lesson=lesson, locale="th", country="TH", title=thai.title, markdown=thai.markdown,
        html=thai.html, meta={}, content_hash=thai.content_hash, source_hash=thai.source_hash,
        origin=Origin.BROWSER, **fields,
    ))  # fmt: skip


def counted(app, client, url) -> int:
    with app.app_context():
        engine = _db.engine
    seen = []

    def count(_connection, _cursor, statement, *args):
        if statement.startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_matrix_and_module_pages_do_not_grow_with_the_curriculum(
    app, client, db, tmp_path, make_user, login
):
    me, other = trainer(make_user, "TH"), trainer(make_user, "TH")
    login(me)
    costs = []
    for modules in (3, 12):
        write_curriculum(tmp_path, modules)
        import_tree(db.session, load_tree(tmp_path))
        db.session.commit()
        queue_work(db, me, other)
        assert queue_counts(client) == {"waiting": modules, "returned": modules,
                                        "outdated": modules}  # fmt: skip
        first = db.session.scalar(select(Module.id).order_by(Module.position))
        costs.append((counted(app, client, "/trainer"),
                      counted(app, client, f"/trainer/modules/{first}/th-TH")))  # fmt: skip
    assert costs[0] == costs[1], costs
    assert max(costs[1]) <= 9, costs  # the matrix: 7, and the quiz and title work queues
