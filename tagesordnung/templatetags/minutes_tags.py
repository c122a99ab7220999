import functools

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy

from konferenz.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render minutes Markdown as sanitised HTML."""
    return render_markdown(text)


_BADGES = {
    "vs_nfd": ("text-bg-danger", gettext_lazy("VS-NfD")),
    "internal": ("text-bg-secondary", gettext_lazy("internal")),
}
_PUBLIC_BADGE = ("text-bg-success", gettext_lazy("public"))


@functools.lru_cache(maxsize=32)
def _badge(classification, language):
    css, label = _BADGES.get(classification, _PUBLIC_BADGE)
    return format_html('<span class="badge {}">{}</span>', css, str(label))


@register.filter
def classification_badge(classification):
    """The classification's badge: what the include classification_badge.html
    renders, built once per level and language instead of once per row."""
    return _badge(classification, get_language())
