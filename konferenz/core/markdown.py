"""Minutes text is plain Markdown; rendered with raw HTML switched off and the
result sanitised with nh3, so a typed ``<script>`` is shown, never run."""

import functools

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "hr",
}  # fmt: skip


def render_markdown(text):
    """Safe HTML for ``text``; links keep only http(s)/mailto and get rel."""
    # Sanitised by nh3 in _clean_html.
    return mark_safe(_clean_html(text or ""))  # noqa: S308  # nosec B308 B703


@functools.lru_cache(maxsize=4096)
def _clean_html(text):
    """A pure function of the text, so each worker keeps recent results: the
    minutes page shows the same entries again and again."""
    html = _md.render(text)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return cleaned
