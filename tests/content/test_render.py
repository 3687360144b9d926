"""The renderer: sanitised output, lesson links rewritten, nothing executable survives."""

from lms.content.render import content_hash, render_markdown


def test_script_and_event_handlers_are_removed():
    html = render_markdown(
        "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))"
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_allowed_markup_survives():
    html = render_markdown("## Heading\n\n- **bold** and *em*\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    for tag in ("<h2>", "<strong>", "<em>", "<table>", "<td>"):
        assert tag in html


def test_links_are_rewritten_and_external_links_get_rel():
    html = render_markdown(
        "[next](02-next.md) and [web](https://example.org)",
        lambda href: "/rewritten" if href.endswith(".md") else href,
    )
    assert 'href="/rewritten"' in html
    assert 'href="https://example.org" rel="noopener noreferrer"' in html


def test_hash_ignores_line_endings_but_not_text():
    assert content_hash("a\r\nb\n") == content_hash("a\nb")
    assert content_hash("a\nb") != content_hash("a\nc")
