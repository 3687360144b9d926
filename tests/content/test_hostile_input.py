"""The hostile-input corpus: script in every disguise, and texts built to stall or crash the
renderer. Through the renderer directly (files) and through the trainers' editor."""

import re
import time

import pytest

from lms.content.render import TextTooComplex, check_bounds, render_markdown

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "<base href=javascript:alert(1)//>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '[x](https://example.org "title" onclick=alert(1))',
    "<p onclick=alert(1)>x</p>",
    "`<script>alert(1)</script>`",
    "<<script>script>alert(1)<</script>/script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
DANGER = re.compile(r"<script|<iframe|<object|<embed|<form|<svg|<style|\son\w+\s*=|javascript:|"
                    r"vbscript:|data:text", re.IGNORECASE)  # fmt: skip


@pytest.mark.parametrize("payload", XSS)
def test_nothing_executable_survives_rendering(payload):
    assert not DANGER.search(render_markdown(f"Text before.\n\n{payload}\n\nText after."))


PATHOLOGICAL = {
    "deep list": ("".join("  " * i + "- x\n" for i in range(1000)), "too deeply nested"),
    "deep quote": (">" * 200 + " x\n", "too deeply nested"),
    "brackets": ("[" * 20_000 + "\n", "too many '['"),
    "brackets over lines": (("[" * 100 + "\n") * 50, "too many '['"),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_texts_are_refused_quickly_with_a_line(name):
    text, message = PATHOLOGICAL[name]
    started = time.perf_counter()
    with pytest.raises(TextTooComplex, match=re.escape(message)) as refused:
        check_bounds(text)
    assert refused.value.line >= 1 and time.perf_counter() - started < 1


def test_a_render_that_runs_too_long_is_stopped(monkeypatch):
    from lms.content import render

    monkeypatch.setattr(render, "RENDER_SECONDS", 0.01)
    slow = "[" * 290 + "\n"  # inside the bounds, but slower than 10 ms
    with pytest.raises(TextTooComplex, match="seconds to render"):
        render_markdown(slow * 1, time_limit=True)
