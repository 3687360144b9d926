"""The shape of the code: the content package stays pure, and packages import downwards only."""

import pkgutil
import subprocess
import sys

import lms.content
from lms.config import ROOT
from tools.import_graph import cycles, package_graph

WEB_AND_DATABASE = ("flask", "flask_babel", "flask_login", "flask_wtf", "sqlalchemy", "werkzeug")


def test_the_content_package_imports_no_flask_and_no_database():
    modules = [m.name for m in pkgutil.walk_packages(lms.content.__path__, "lms.content.")]
    probe = (
        f"import sys\nfor name in {modules!r}: __import__(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB_AND_DATABASE!r}))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(modules) >= 8
    assert result.stdout.strip() == "[]"


def test_packages_import_downwards_only():
    graph = package_graph()
    assert cycles(graph) == []
    assert graph["content"] == set()  # used by all, uses none
    assert not graph["store"] & {"learn", "quiz", "trainer", "certificates", "auth", "completion"}
    assert "completion" not in graph["certificates"]  # completion calls certificates, not back


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
