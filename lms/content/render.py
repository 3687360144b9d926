"""The one Markdown renderer: fixed extensions, lesson links rewritten, nh3 sanitising last."""

import hashlib
import multiprocessing
import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

LinkRewriter = Callable[[str], str]

# Bounds that keep any text, from a file or the editor, quick to render: past them the
# Markdown library recurses too deep or backtracks for minutes.
MAX_NESTING = 12  # list and quotation levels
MAX_BRACKETS = 300  # "[" in one paragraph
RENDER_SECONDS = 5
_LEADING = re.compile(r"^((?:[ \t]*>)*)([ \t]*)")


class TextTooComplex(ValueError):  # noqa: N818 - reads as a reason
    """The text is past a bound; `line` says where, the message says which."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def check_bounds(text: str) -> None:
    """Raise TextTooComplex at the first line past a bound."""
    brackets, first = 0, 1
    for number, line in enumerate(text.splitlines(), 1):
        quotes, indent = _LEADING.match(line).groups()
        depth = quotes.count(">") + len(indent.expandtabs(4)) // 2
        if depth > MAX_NESTING:
            raise TextTooComplex(number, f"too deeply nested (more than {MAX_NESTING} levels)")
        if not line.strip():
            brackets, first = 0, number + 1
            continue
        brackets += line.count("[")
        if brackets > MAX_BRACKETS:
            raise TextTooComplex(first, f"too many '[' in one paragraph (more than {MAX_BRACKETS})")


class _RewriteLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, rewrite: LinkRewriter):
        super().__init__(md)
        self.rewrite = rewrite

    def run(self, root: Element) -> None:
        for anchor in root.iter("a"):
            anchor.set("href", self.rewrite(anchor.get("href", "")))


class _LinkExtension(Extension):
    def __init__(self, rewrite: LinkRewriter):
        super().__init__()
        self.rewrite = rewrite

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_RewriteLinks(md, self.rewrite), "lms_links", 5)


def render_markdown(
    text: str, rewrite_link: LinkRewriter = lambda href: href, time_limit: bool = False
) -> str:
    """Markdown to safe HTML. Called at import or save time only, never per request. The text
    must be within the bounds (else TextTooComplex). With `time_limit` (text from the browser,
    rendered inside a web worker) it is rendered in a child process that is stopped after
    RENDER_SECONDS, so no text can hold a worker; that costs a fork (tens of milliseconds)."""
    check_bounds(text)
    if not time_limit:
        return _render(text, rewrite_link)
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_render_into, args=(writer, text, rewrite_link), daemon=True)
    child.start()
    writer.close()
    try:
        if reader.poll(RENDER_SECONDS):
            return reader.recv()
        raise TextTooComplex(1, f"takes more than {RENDER_SECONDS} seconds to render")
    finally:
        child.kill()
        child.join()
        reader.close()


def _render_into(pipe, text: str, rewrite_link: LinkRewriter) -> None:
    pipe.send(_render(text, rewrite_link))
    pipe.close()


def _render(text: str, rewrite_link: LinkRewriter) -> str:
    html = markdown.markdown(
        text, extensions=[*EXTENSIONS, _LinkExtension(rewrite_link)], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def content_hash(text: str) -> str:
    """Stable hash of a file's text; line endings normalised so checkouts agree."""
    normalised = text.replace("\r\n", "\n").strip() + "\n"
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def paragraphs(text: str) -> list[str]:
    """A case text as paragraphs: a blank line starts one, single line breaks (kept from the
    YAML's wrapping) join words, so the text reflows on any screen."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
