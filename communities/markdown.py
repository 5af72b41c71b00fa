"""Markdown written by teachers, rendered to HTML that is safe to show: the
sanitiser keeps a small set of tags and drops scripts, styles, event handlers
and any link that is not http(s) or mailto."""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "h5", "hr", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def escaped_text(html: str) -> str:
    """The text of sanitised HTML with its paragraphs, still HTML-escaped, as
    ReportLab's paragraphs expect it."""
    return nh3.clean(html.replace("</p>", "</p>\n\n").replace("<br>", "\n").replace("</li>", "</li>\n"), tags=set())
