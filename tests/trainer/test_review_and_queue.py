"""Review through a diff, previews whose links reach the learner's pages, the work queue, and
the matrix's filters and plain status words."""

import re

from sqlalchemy import select

from lms.models import Lesson, Role
from tests.conftest import sign_in
from tests.trainer.steps import (
    THAI_TEXT,
    change_source,
    decide,
    post,
    publish_in_browser,
    queue_counts,
    save,
    sign_out,
    start,
    submit,
    trainer,
    workspace,
)

EDITED = THAI_TEXT.replace("เนื้อหาภาษาไทย", "ฉบับแก้ไขใหม่")
LEARNER_LINK = 'href="/learn/introductory/care/third"'


def diff_of(page: str) -> str:
    """The review section's diff, or '' when the page shows none."""
    review = page.partition('id="review"')[2]
    found = re.search(r'<pre class="diff">(.*?)</pre>', review, re.S)
    return found.group(1) if found else ""


def test_a_reviewer_sees_the_draft_against_the_published_version(client, lesson, make_user, login):
    publish_in_browser(client, lesson, make_user, login)  # the reviewer stays signed in
    save(client, lesson, text=EDITED)
    submit(client, lesson)
    own = client.get(workspace(lesson)).get_data(as_text=True)
    assert diff_of(own) == ""  # the author is not the reviewer
    sign_out(client)
    login(trainer(make_user, "TH"))
    page = client.get(workspace(lesson)).get_data(as_text=True)
    assert "What changed since the published version" in page
    diff = diff_of(page)
    assert '<span class="removed">-ดู [บทเรียนการดูแล](../02-care/01-third.md) เนื้อหาภาษาไทย' in diff
    assert '<span class="added">+ดู [บทเรียนการดูแล](../02-care/01-third.md) ฉบับแก้ไขใหม่' in diff
    assert '<span class="removed">-## ต่อไป' not in diff  # unchanged lines are context only


def test_a_first_translation_is_compared_with_the_english_source(client, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    save(client, lesson)
    submit(client, lesson)
    sign_out(client)
    login(trainer(make_user, "TH"))
    page = client.get(workspace(lesson)).get_data(as_text=True)
    assert "Compared with the English source (nothing is published yet)" in page
    diff = diff_of(page)
    assert '<span class="removed">-title: Second lesson</span>' in diff
    assert '<span class="added">+title: บทเรียนที่สอง</span>' in diff
    assert '<span class="removed">-## Going on</span>' in diff
    assert '<span class="added">+## ต่อไป</span>' in diff


def test_links_in_previews_lead_to_the_learners_pages(client, db, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    started = client.get(workspace(lesson)).get_data(as_text=True)
    preview = save(client, lesson, action="preview").get_data(as_text=True)
    assert LEARNER_LINK in preview.partition('id="preview"')[2]
    assert 'href="../../' not in preview
    save(client, lesson)
    submit(client, lesson)
    sign_out(client)
    login(trainer(make_user, "TH"))
    review = client.get(workspace(lesson)).get_data(as_text=True)
    assert LEARNER_LINK in review.partition('id="review"')[2]
    first = re.search(r'/versions/(\d+)">', started).group(1)  # the copy of the English source
    version = client.get(f"{workspace(lesson)}/versions/{first}").get_data(as_text=True)
    assert 'href="/learn/introductory/care/third#top"' in version
    assert 'href="https://example.org"' in version  # other links are left as written
    assert client.get("/learn/introductory/care/third").status_code == 200


def test_the_queue_counts_change_at_each_step(app, db, tree, lesson, make_user):
    author, reviewer = app.test_client(), app.test_client()
    sign_in(author, trainer(make_user, "TH", full_name="Author"))
    sign_in(reviewer, trainer(make_user, "TH", full_name="Reviewer"))
    nothing = {"waiting": 0, "returned": 0, "outdated": 0}
    assert queue_counts(author) == queue_counts(reviewer) == nothing
    start(author, lesson)
    save(author, lesson)
    submit(author, lesson)
    assert queue_counts(reviewer) == {**nothing, "waiting": 1}
    assert queue_counts(author) == nothing  # nobody reviews their own work
    decide(reviewer, lesson, decision="return", comment="Name the 2008 Act")
    assert queue_counts(author) == {**nothing, "returned": 1}
    assert queue_counts(reviewer) == nothing
    page = author.get("/trainer").get_data(as_text=True).partition('id="queue-returned"')[2]
    assert f'href="{workspace(lesson)}"' in page.partition("</section>")[0]
    save(author, lesson, text=EDITED)  # an edit is not yet a reply to the reviewer
    assert queue_counts(author) == {**nothing, "returned": 1}
    assert "Name the 2008 Act" in author.get(workspace(lesson)).get_data(as_text=True)
    submit(author, lesson)
    assert queue_counts(author) == nothing and queue_counts(reviewer)["waiting"] == 1
    decide(reviewer, lesson)
    assert queue_counts(author) == queue_counts(reviewer) == nothing
    change_source(db, tree)
    assert queue_counts(author) == queue_counts(reviewer) == {**nothing, "outdated": 1}
    post(reviewer, f"{workspace(lesson)}/mark-current", workspace(lesson))
    assert queue_counts(author) == nothing


def test_the_queue_keeps_to_the_users_scope(app, db, tree, lesson, make_user):
    author, other = app.test_client(), app.test_client()
    sign_in(author, trainer(make_user, "TH"))
    start(author, lesson)
    save(author, lesson)
    submit(author, lesson)
    sign_in(other, trainer(make_user, "ID"))
    assert queue_counts(other)["waiting"] == 0
    regional = app.test_client()
    sign_in(regional, trainer(make_user, role=Role.ADMIN))
    assert queue_counts(regional)["waiting"] == 1
    change_source(db, tree, slug="01-first")
    assert queue_counts(regional)["outdated"] == 2  # the Thai and Thai (Thailand) files


def cells(page: str) -> str:
    """The matrix tables (one per course) of the page."""
    return "".join(table.partition("</table>")[0] for table in page.split('class="matrix">')[1:])


def test_the_matrix_filters_by_country_language_and_status(client, lesson, make_user, login):
    login(trainer(make_user, role=Role.ADMIN))  # regional: every country and language
    everything = client.get("/trainer").get_data(as_text=True)
    assert 'title="Indonesia">ID</abbr>' in cells(everything)
    thailand = client.get("/trainer?country=TH").get_data(as_text=True)
    assert 'title="Thailand">TH</abbr>' in cells(thailand)
    assert 'title="Indonesia">ID</abbr>' not in cells(thailand)
    assert '<option value="TH" selected>' in thailand
    thai = cells(client.get("/trainer?language=th").get_data(as_text=True))
    assert thai.count('<th scope="col"><span lang="th">') == 2 * 2  # Thailand and regional,
    assert 'lang="id"' not in thai  # in each course's table
    published = client.get("/trainer?country=TH&status=published").get_data(as_text=True)
    assert "1. Basics" in cells(published) and "2. Care" not in cells(published)
    assert "<small>1/2</small>" in cells(published)  # one of Basics' two lessons
    ignored = client.get("/trainer?country=XX&status=lost").get_data(as_text=True)
    assert cells(ignored) == cells(everything)
    none = client.get("/trainer?country=TH&language=id").get_data(as_text=True)
    assert "No module matches these filters." in none


def test_statuses_read_as_plain_words(client, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    page = client.get("/trainer").get_data(as_text=True)
    assert '<span class="status not_started">not started</span>' in page
    assert "missing" not in page
    assert 'id="country"' not in page  # one country: nothing to choose


def test_a_new_national_lesson_shows_one_plain_status(client, db, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    module_page = f"/trainer/modules/{lesson.module_id}/th-TH"
    post(client, f"{module_page}/national", module_page, slug="thai-hotlines", title="สายด่วน")
    national = db.session.scalar(select(Lesson).where(Lesson.slug == "thai-hotlines"))
    listed = client.get(module_page).get_data(as_text=True).partition("สายด่วน</a>")[2]
    assert listed.startswith(' <span class="status draft">draft</span>')
    page = client.get(workspace(national)).get_data(as_text=True)
    heading = page.partition("</h1>")[2].partition("</p>")[0]
    assert heading.strip() == '<p><span class="status draft">draft</span>'
    assert "missing" not in page and "not started" not in page
