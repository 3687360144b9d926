"""The one Markdown renderer: fixed extensions, lesson links rewritten, nh3 sanitising last."""

import hashlib
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


def render_markdown(text: str, rewrite_link: LinkRewriter = lambda href: href) -> str:
    """Markdown to safe HTML. Called at import or save time only, never per request."""
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
