from django import template

from konferenz.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render minutes Markdown as sanitised HTML."""
    return render_markdown(text)
