"""Course and module titles translated in the browser: draft, review by a second person,
publication to learners, and an import that keeps them."""

import re

import pytest
from sqlalchemy import func, select

from lms.content.files import load_tree
from lms.models import Module, TitleVersion
from lms.store.importer import import_tree
from tests.conftest import translated
from tests.trainer.steps import post, queue_counts, sign_out, trainer


@pytest.fixture
def basics(db, tree):
    return db.session.scalar(select(Module).where(Module.slug == "basics"))


def titles_url(module, code="th-TH") -> str:
    return f"/trainer/titles/module/{module.id}/{code}"


def save(client, module, title, summary="", objectives="ทำความเข้าใจพื้นฐาน"):
    url = titles_url(module)
    data = {"title": title, "summary": summary, "objectives": objectives}
    return post(client, f"{url}/save", url, **data)


def translate_and_publish(client, login, make_user, module, title="พื้นฐาน (ประเทศไทย)"):
    login(trainer(make_user, "TH", email="author@example.org"))
    assert save(client, module, title).status_code == 302
    post(client, f"{titles_url(module)}/submit", titles_url(module))
    sign_out(client)
    login(trainer(make_user, "TH", email="reviewer@example.org"))
    page = client.get(titles_url(module)).get_data(as_text=True)
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', page).group(1)
    url = titles_url(module)
    response = post(client, f"{url}/review", url, version_id=version, decision="approve")
    assert response.status_code == 302
    sign_out(client)


def test_a_module_title_goes_from_draft_through_review_to_thai_learners(
    client, db, make_user, login, basics
):
    translate_and_publish(client, login, make_user, basics)
    db.session.expire_all()
    saved = db.session.get(Module, basics.id).translations["th-TH"]
    assert saved["title"] == "พื้นฐาน (ประเทศไทย)" and saved["objectives"] == ["ทำความเข้าใจพื้นฐาน"]
    login(make_user(locale="th", country="TH"))
    assert "1. พื้นฐาน (ประเทศไทย)" in client.get("/learn/introductory").get_data(as_text=True)


def test_an_empty_title_is_refused_and_what_was_typed_stays(client, db, make_user, login, basics):
    login(trainer(make_user, "TH"))
    response = save(client, basics, "  ", summary="สรุปที่พิมพ์ไว้")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please write the title." in page and "สรุปที่พิมพ์ไว้" in page
    assert db.session.scalar(select(func.count(TitleVersion.id))) == 0


def test_only_a_second_person_of_the_country_reviews(client, db, make_user, login, basics):
    login(trainer(make_user, "VN"))
    assert client.get(titles_url(basics)).status_code == 403
    sign_out(client)
    login(trainer(make_user, "TH"))
    save(client, basics, "พื้นฐาน")
    post(client, f"{titles_url(basics)}/submit", titles_url(basics))
    page = client.get(titles_url(basics)).get_data(as_text=True)
    assert "Waiting for another trainer of this country" in page and "Send decision" not in page


def test_an_import_keeps_browser_titles_and_reports_a_differing_file(
    client, db, make_user, login, basics, tree
):
    translate_and_publish(client, login, make_user, basics)
    (tree / "modules/introductory/01-basics/module.th-TH.yaml").write_text('title: "อื่น"\n')
    report = import_tree(db.session, load_tree(tree))
    db.session.commit()
    assert [c.path for c in report.conflicts] == [
        "modules/introductory/01-basics/module.th-TH.yaml"
    ]
    assert "by " in report.conflicts[0].message
    db.session.expire_all()
    assert db.session.get(Module, basics.id).translations["th-TH"]["title"] == "พื้นฐาน (ประเทศไทย)"


def test_trainers_who_asked_are_emailed_after_the_commit_in_their_language(
    app, client, db, make_user, login, basics, caplog
):
    """Without an SMTP server the message goes to the log, which shows what would be sent."""
    reviewer = trainer(make_user, "TH", locale="th", email="reviewer@example.org")
    trainer(make_user, "TH", email="quiet@example.org")  # did not ask: never emailed
    app.config["MAIL_SERVER"] = "smtp.invalid"  # the setting is offered with a server
    login(reviewer)
    page = client.get("/trainer").get_data(as_text=True)
    offer = "Email me when a translation waits for my review or comes back to me"
    assert translated(app, "th", offer) in page
    post(client, "/trainer/notifications", "/trainer", notify="on")
    sign_out(client)
    app.config["MAIL_SERVER"] = None  # messages are logged, not sent
    author = trainer(make_user, "TH", email="author@example.org")
    login(author)
    save(client, basics, "พื้นฐาน")
    with caplog.at_level("WARNING", logger="lms.mail"):
        post(client, f"{titles_url(basics)}/submit", titles_url(basics))
    sent = [r.getMessage() for r in caplog.records if r.name == "lms.mail"]
    assert len(sent) == 1 and f"account {reviewer.id}," in sent[0]
    subject = translated(app, "th", "A translation waits for your review: %(title)s", title="x")
    assert subject != "A translation waits for your review: x"  # Thai, and the queue's address
    assert subject.replace("x", "พื้นฐาน") in sent[0] and "/trainer#queue" in sent[0]


def test_titles_and_quizzes_in_review_join_the_reviewers_queue(
    client, db, make_user, login, basics
):
    author = trainer(make_user, "TH", email="author@example.org")
    login(author)
    save(client, basics, "พื้นฐาน")
    post(client, f"{titles_url(basics)}/submit", titles_url(basics))
    sign_out(client)
    login(trainer(make_user, "TH", email="reviewer@example.org"))
    page = client.get("/trainer").get_data(as_text=True)
    assert f'href="{titles_url(basics)}"' in page
    assert queue_counts(client)["waiting"] == 1
    url = titles_url(basics)
    version = db.session.scalar(select(TitleVersion.id))
    post(client, f"{url}/review", url, version_id=version, decision="return", comment="สั้นลง")
    sign_out(client)
    login(author)
    assert queue_counts(client)["returned"] == 1


def test_a_published_title_is_outdated_once_the_english_changes(
    client, db, make_user, login, basics, tree
):
    translate_and_publish(client, login, make_user, basics)
    english = tree / "modules/introductory/01-basics/module.yaml"
    english.write_text(english.read_text().replace("title: Basics", "title: The basics"))
    import_tree(db.session, load_tree(tree))
    db.session.commit()
    login(trainer(make_user, "TH"))
    page = client.get(titles_url(basics)).get_data(as_text=True)
    assert 'class="status outdated"' in page and "The basics" in page
