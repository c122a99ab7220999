"""Charts drawn in Python (konferenz/statistics/charts.py::html, issue 32)."""

from django.utils import translation

from konferenz.statistics import charts


def _chart(labels, values):
    return charts.bar_chart(
        id="chart-test",
        title='Themen <b>"2025"</b>',
        description="Beschreibung & mehr",
        labels=labels,
        values=values,
        x_label="Thema",
        y_label="Anzahl",
        base="n = 3",
    )


def test_every_text_is_escaped_in_drawing_and_table():
    chart = _chart(["<script>alert(1)</script>", "Clan & Co"], [2, 1])

    with translation.override("de"):
        page = charts.html(chart, "/export.xlsx?a=1&b=2")

    assert "<script>" not in page and "<b>" not in page
    # the wide drawing and the table; the phone's drawing shortens the label
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert page.count("&lt;script&gt;alert(") == 3
    assert '<th scope="row">Clan &amp; Co</th><td>1</td>' in page
    assert "Themen &lt;b&gt;&quot;2025&quot;&lt;/b&gt;" in page
    assert '<desc id="chart-test-desc">Beschreibung &amp; mehr n = 3</desc>' in page
    assert '<a href="/export.xlsx?a=1&amp;b=2">' in page
    assert page.count('<svg class="chart-svg') == 2


def test_an_empty_chart_says_so_and_draws_nothing():
    with translation.override("de"):
        page = charts.html(_chart([], []))

    assert "Noch keine Daten." in page
    assert "<svg" not in page and "<table" not in page
