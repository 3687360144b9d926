"""Course and module titles translated in the browser, in the same cycle as lessons: a draft,
review by a second person, publication. A published version's texts become its course's or
module's `translations[code]`, marked as browser work so that an import keeps them."""

import json
from dataclasses import dataclass

from flask import abort
from sqlalchemy import select

from lms.content.render import content_hash
from lms.content.variants import Variant
from lms.extensions import db
from lms.models import Course, Module, Origin, TitleVersion, User, VersionStatus
from lms.store import outline
from lms.store.importer import BROWSER_TITLES
from lms.trainer import services

DRAFT, IN_REVIEW = VersionStatus.DRAFT, VersionStatus.IN_REVIEW
PUBLISHED, RETIRED = VersionStatus.PUBLISHED, VersionStatus.RETIRED
KINDS = {"course": Course, "module": Module}
FIELDS = {"course": ("title", "summary"), "module": ("title", "summary", "objectives")}


@dataclass
class TitleWork:
    kind: str
    owner: Course | Module
    variant: Variant
    versions: list[TitleVersion]

    @property
    def draft(self) -> TitleVersion | None:
        return next((v for v in self.versions if v.status in (DRAFT, IN_REVIEW)), None)

    @property
    def published(self) -> TitleVersion | None:
        return next((v for v in self.versions if v.status == PUBLISHED), None)

    @property
    def source(self) -> dict:
        """The English texts, as the import left them on the course or module."""
        return {key: getattr(self.owner, key) for key in FIELDS[self.kind]}

    def current(self) -> dict:
        """What the form starts from: the draft, else what learners read in this variant."""
        if self.draft is not None:
            return self.draft.texts
        return self.owner.translations.get(self.variant.code, {})


def work(kind: str, owner_id: int, variant: Variant) -> TitleWork:
    model = KINDS.get(kind) or abort(404)
    owner = db.session.get(model, owner_id) or abort(404)
    column = TitleVersion.course_id if kind == "course" else TitleVersion.module_id
    same = (column == owner.id, TitleVersion.locale == variant.locale,
            TitleVersion.country == variant.country)  # None compares as IS NULL # fmt: skip
    newest_first = select(TitleVersion).where(*same).order_by(TitleVersion.id.desc())
    return TitleWork(kind, owner, variant, list(db.session.scalars(newest_first)))


def status(work: TitleWork) -> str:
    """One plain word: draft or in review while one is worked on; outdated when the English
    changed since the published translation was made from it; else published or not."""
    if work.draft is not None:
        return work.draft.status.value
    if work.published is not None and work.published.source_hash != _hash(work.source):
        return "outdated"
    return "published" if work.variant.code in work.owner.translations else "not_started"


def save_draft(user: User, work: TitleWork, texts: dict) -> TitleVersion:
    """A new immutable draft; an older unpublished one stays as history."""
    if work.draft is not None:
        work.draft.status = RETIRED
    draft = TitleVersion(
        locale=work.variant.locale, country=work.variant.country, title=texts["title"],
        texts=texts, status=DRAFT, origin=Origin.BROWSER, author_id=user.id,
        content_hash=_hash(texts), source_hash=_hash(work.source),
        **{f"{work.kind}_id": work.owner.id},
    )  # fmt: skip
    db.session.add(draft)
    db.session.flush()
    return draft


def _hash(texts: dict) -> str:
    return content_hash(json.dumps(texts, ensure_ascii=False, sort_keys=True))


def review(user: User, work: TitleWork, approve: bool, comment: str) -> None:
    """Publish the version in review (learners see it at their next page), or return it."""
    version = work.draft
    services.record_decision(user, version, approve, comment)
    if not approve:
        return
    if work.published is not None:
        work.published.status = RETIRED
    version.status = PUBLISHED
    texts = {**version.texts, "origin": BROWSER_TITLES}
    work.owner.translations = {**work.owner.translations, work.variant.code: texts}
    outline.bump()


def read_form(kind: str, form) -> tuple[dict, dict]:
    """(texts, problems by field) from the posted form; only this kind's fields are read."""
    texts = {"title": form.get("title", "").strip(), "summary": form.get("summary", "").strip()}
    if kind == "module":
        texts["objectives"] = [line.strip() for line in form.get("objectives", "").splitlines()
                               if line.strip()]  # fmt: skip
    problems = {}
    if not texts["title"]:
        problems["title"] = "empty"
    elif len(texts["title"]) > 200:
        problems["title"] = "long"
    if len(texts["summary"]) > 2000:
        problems["summary"] = "long"
    return texts, problems
