"""`flask lms ...` commands: set-up, content import and checks, accounts."""

import secrets
import shutil
import sys
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from lms import backup
from lms.admin.services import set_role as give_role
from lms.auth import services as accounts
from lms.config import ROOT, SECRET_KEY_FILE
from lms.content.files import load_tree
from lms.database import writing
from lms.extensions import db
from lms.i18n import BABEL_ALIASES, COUNTRIES, DEFAULT_LOCALE, LOCALES, babel_locale
from lms.models import Role
from lms.models._types import utcnow
from lms.store.files import export_variants as export
from lms.store.importer import import_tree

CONFLICTS_EXIT_STATUS = 3  # imported, but some files were left alone: see the output


def _write_mode() -> None:
    """`lms` commands write: they take SQLite's write lock at BEGIN, as writing requests do."""
    click.get_current_context().with_resource(writing())


lms = AppGroup("lms", help="Manage the LMS.", callback=_write_mode)
translate = AppGroup("translate", help="Interface translations: extract, update, compile.")
POT = ROOT / "translations" / "messages.pot"
# _l: lazy gettext; N_ and NP_: marked in plain-data modules (NP_ a singular/plural pair).
# Only hidden folders are skipped (pybabel skips folders starting with "_" by default, which
# would miss templates/_macros).
EXTRACT = ["-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "N_", "-k", "NP_:1,2",
           "--ignore-dirs", ".*"]  # fmt: skip


def _content_root(root: str | None) -> Path:
    return Path(root) if root else Path(current_app.config["CONTENT_ROOT"])


@lms.command("init")
def init() -> None:
    """Create instance/ and a random secret key there, once (never overwrites)."""
    SECRET_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    if SECRET_KEY_FILE.exists():
        click.echo(f"Secret key already present in {SECRET_KEY_FILE}.")
        return
    SECRET_KEY_FILE.touch(mode=0o600)
    SECRET_KEY_FILE.write_text(secrets.token_hex(32))
    click.echo(f"Wrote a new secret key to {SECRET_KEY_FILE}.")


@lms.command("check-content")
@click.option("--root", help="Folder holding modules/ (default: the project).")
def check_content(root: str | None) -> None:
    """Validate every content file; print problems as path:line: message; exit 1 on any."""
    tree = load_tree(_content_root(root))
    for problem in tree.problems:
        click.echo(str(problem))
    if tree.problems:
        click.echo(f"{len(tree.problems)} problem(s) found.", err=True)
        sys.exit(1)
    lessons = sum(len(m.lessons) for c in tree.courses for m in c.modules)
    click.echo(f"Content is valid: {len(tree.courses)} course(s), {lessons} lesson(s).")


@lms.command("sync-content")
@click.option("--root", help="Folder holding modules/ (default: the project).")
@click.option(
    "--use-file",
    "use_files",
    multiple=True,
    metavar="PATH",
    help="For this file, replace what was published in the browser (it stays in the history).",
)
def sync_content(root: str | None, use_files: tuple[str, ...]) -> None:
    """Import content files as new versions; refuse all of it if any file has a problem.
    Work published in the browser is never replaced: such files are reported as conflicts."""
    tree = load_tree(_content_root(root))
    if tree.problems:
        for problem in tree.problems:
            click.echo(str(problem))
        click.echo(
            "Nothing imported: fix the problems above. The site keeps serving the last "
            "good versions.",
            err=True,
        )
        sys.exit(1)
    report = import_tree(db.session, tree, set(use_files))
    db.session.commit()
    for path in report.created:
        click.echo(f"new version: {path}")
    for path in report.retired:
        click.echo(f"retired: {path}")
    for conflict in report.conflicts:
        click.echo(f"{conflict.message}. Left as it is.")
    click.echo(
        f"{len(report.created)} new, {len(report.retired)} retired, {report.unchanged} unchanged, "
        f"{len(report.conflicts)} conflict(s)."
    )
    if report.conflicts:
        _explain_conflicts(report.conflicts)
        sys.exit(CONFLICTS_EXIT_STATUS)


def _explain_conflicts(conflicts) -> None:
    paths = " ".join(f"--use-file {c.path}" for c in conflicts)
    click.echo(
        "Learners keep reading the browser versions. To keep them, run `flask lms export-variants`"
        " and review the files it writes in version control. To replace them with the files "
        f"instead, run `flask lms sync-content {paths}`.",
        err=True,
    )


@lms.command("export-variants")
@click.option("--root", help="Folder holding modules/ (default: the project).")
def export_variants(root: str | None) -> None:
    """Write variants published in the browser to files, for review in version control."""
    written = export(_content_root(root))
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"{len(written)} variant(s) exported.")


@lms.command("seed-demo")
@click.option("--learners", type=click.IntRange(1, 1_000_000), default=1000, show_default=True)
@click.option("--force", is_flag=True, help="Add demo learners beside real ones.")
def seed_demo(learners: int, force: bool) -> None:
    """Add synthetic learners with progress, attempts and certificates, marked as demo data."""
    from lms.admin import demo

    if demo.has_real_learners() and not force:
        raise click.ClickException(
            "This database has real learners: demo data would mix with their figures. "
            "Use --force only on a copy made for demonstrations."
        )
    counts = demo.seed(learners)
    db.session.commit()
    click.echo(", ".join(f"{n} {table}" for table, n in sorted(counts.items())) + " added.")


@lms.command("purge-inactive")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(30),
    required=True,
    metavar="DAYS",
    help="Anonymise learners not signed in for this many days (at least 30).",
)
@click.option("--apply", is_flag=True, help="Do it. Without this, only list what would change.")
def purge_inactive(days: int, apply: bool) -> None:
    """Anonymise long-unused learner accounts (a dry run unless --apply)."""
    cutoff = utcnow() - timedelta(days=days)
    people = accounts.inactive_learners(cutoff)
    for person in people:
        if apply:
            accounts.delete_account(person)
        click.echo(f"{'anonymised' if apply else 'would anonymise'}: account {person.id}")
    db.session.commit()
    verb = "anonymised" if apply else "would be anonymised (dry run: add --apply)"
    click.echo(f"{len(people)} account(s) {verb}.")


@lms.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_database(path: Path) -> None:
    """Write a consistent copy of the database to PATH (the site may keep running)."""
    try:
        backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {path} ({path.stat().st_size:,} bytes).")


@lms.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_database(path: Path) -> None:
    """Restore a backup into this (empty) database; refused if it holds any table."""
    db.session.remove()
    if not backup.is_empty(db.engine):
        raise click.ClickException(
            "This database is not empty: restore into a new, empty one (nothing was changed)."
        )
    try:
        backup.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored from {path}.")


@lms.command("create-admin")
@click.argument("email")
@click.option("--country", type=click.Choice(sorted(COUNTRIES)), help="Scope to one country.")
def create_admin(email: str, country: str | None) -> None:
    """Create an administrator and print a one-time password (changed at first sign-in)."""
    created = accounts.create_admin(email, country)
    if created is None:
        raise click.ClickException(f"An account for {email} already exists.")
    db.session.commit()
    _, one_time = created
    click.echo(f"Administrator {email} created. One-time password (shown once): {one_time}")


@lms.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@click.option("--country", "countries", multiple=True, type=click.Choice(sorted(COUNTRIES)))
def set_role(email: str, role: str, countries: tuple[str, ...]) -> None:
    """Make an account a learner, a trainer (with --country, repeatable) or an administrator."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(
            f"No account for {email}. The person registers first at /register; then give them "
            "the role."
        )
    if role == Role.TRAINER and not countries:
        raise click.ClickException("A trainer needs at least one --country.")
    give_role(None, user, Role(role), list(countries), "flask lms set-role, at the server")
    db.session.commit()
    scope = ", ".join(countries) or "regional"
    click.echo(f"{email} is now {role} ({scope}).")


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


@translate.command("extract")
def extract() -> None:
    """Collect every interface string into translations/messages.pot."""
    _pybabel("extract", *EXTRACT, "--no-location", "--sort-output", "-o", str(POT),
             str(ROOT / "lms"))  # fmt: skip


@translate.command("update")
def update() -> None:
    """Extract, then merge new strings into every catalogue (creating missing ones)."""
    extract.callback()
    for code in sorted(set(LOCALES) - {DEFAULT_LOCALE}):
        catalogue = ROOT / "translations" / code / "LC_MESSAGES" / "messages.po"
        if catalogue.exists():
            _pybabel("update", "-i", str(POT), "-d", str(ROOT / "translations"), "-l", code,
                     "--no-fuzzy-matching", "--ignore-obsolete")  # fmt: skip
            _keep_plural_header(catalogue)
        else:
            _pybabel("init", "-i", str(POT), "-d", str(ROOT / "translations"),
                     "-l", babel_locale(code))  # fmt: skip
            if code in BABEL_ALIASES:
                (ROOT / "translations" / BABEL_ALIASES[code]).rename(catalogue.parents[1])


def _keep_plural_header(catalogue: Path) -> None:
    """pybabel update drops Plural-Forms where Babel has no locale data (Tetum): restore it."""
    text = catalogue.read_text(encoding="utf-8")
    if "Plural-Forms:" not in text:
        header = '"MIME-Version: 1.0\\n"'
        plural = '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        catalogue.write_text(text.replace(header, plural + header, 1), encoding="utf-8")


@translate.command("compile")
def compile_catalogues() -> None:
    """Compile the .po catalogues to .mo files (built, never committed)."""
    _pybabel("compile", "-d", str(ROOT / "translations"))
    for code, alias in BABEL_ALIASES.items():
        source = ROOT / "translations" / code / "LC_MESSAGES" / "messages.mo"
        if source.exists():
            target = ROOT / "translations" / alias / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / "messages.mo")


def register(app: Flask) -> None:
    app.cli.add_command(lms)
    app.cli.add_command(translate)
