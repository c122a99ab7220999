"""Bar charts as plain geometry for server-rendered, accessible SVG.

``html(chart)`` draws what these functions compute (a figure with the SVG,
its phone form, the legend and the data table): no JavaScript, no inline
style (CSP), every series with its own pattern (never colour alone), the
values written on the bars and the same numbers in a data table below the
chart. It is built here with every value escaped rather than by the template
engine for each of a chart's hundreds of attributes (issue 32: a statistics
page draws six of them).
"""

import html as _html
import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

#: Per series: the CSS class (colour) and the SVG pattern drawn on the bar.
SERIES_STYLES = ("solid", "stripes", "dots", "cross")

WIDTH = 720
PLOT_TOP = 20
AXIS_LEFT = 56


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    text: str  # the value as written on and next to the bar
    series: int
    label_x: float = 0
    label_y: float = 0

    @property
    def style(self):
        return SERIES_STYLES[self.series % len(SERIES_STYLES)]


@dataclass
class Tick:
    position: float
    text: str


@dataclass
class Category:
    position: float
    text: str


@dataclass
class Series:
    name: str
    index: int

    @property
    def style(self):
        return SERIES_STYLES[self.index % len(SERIES_STYLES)]


@dataclass
class Chart:
    id: str
    title: str
    description: str
    x_label: str
    y_label: str
    width: int
    height: int
    horizontal: bool
    bars: list
    ticks: list
    categories: list
    series: list
    #: the data table alternative: header row and one row per category
    table_head: list = field(default_factory=list)
    table_rows: list = field(default_factory=list)
    plot_left: float = AXIS_LEFT
    plot_right: float = WIDTH - 10
    plot_top: float = PLOT_TOP
    plot_bottom: float = 0
    #: what the numbers count ("n = …"), shown with the chart
    base: str = ""
    #: the same numbers as horizontal bars for a phone (drawn by ``html``)
    narrow: "Chart | None" = None

    @property
    def is_empty(self):
        return not self.table_rows


def _fmt(value, decimals):
    if decimals == 0 and type(value) is int and -1000 < value < 1000:
        return str(value)  # what number_format gives: no separator below 1000
    return number_format(value, decimal_pos=decimals, use_l10n=True)


def nice_max(value):
    """The smallest 1, 2, 5 × 10^k not below ``value`` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover


def _ticks(maximum, decimals, unit, count=5):
    if decimals == 0 and maximum < count:
        count = int(maximum)  # whole numbers only: 0, 1, 2 rather than 0, 0, 1
    return [
        (maximum * i / count, _fmt(maximum * i / count, decimals) + unit)
        for i in range(count + 1)
    ]


def column_chart(
    *,
    id,
    title,
    description,
    categories,
    series,
    x_label,
    y_label,
    maximum=None,
    decimals=0,
    unit="",
    base="",
):
    """Vertical (grouped) columns: ``series`` is a list of (name, values)."""
    values = [v for _name, vals in series for v in vals]
    top = maximum or nice_max(max(values, default=0))
    height = 300
    plot_bottom = height - 60
    plot_height = plot_bottom - PLOT_TOP
    plot_width = WIDTH - 10 - AXIS_LEFT
    slot = plot_width / max(len(categories), 1)
    bar_width = min(48, slot * 0.8 / max(len(series), 1))
    group_left = (slot - bar_width * len(series)) / 2
    bars = []
    for c, _category in enumerate(categories):
        for s, (_name, vals) in enumerate(series):
            value = vals[c]
            h = plot_height * min(value, top) / top
            x = AXIS_LEFT + c * slot + group_left + s * bar_width
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(plot_bottom - h, 1),
                    width=round(bar_width - 2, 1),
                    height=round(h, 1),
                    value=value,
                    text=_fmt(value, decimals) + unit,
                    series=s,
                    label_x=round(x + (bar_width - 2) / 2, 1),
                    label_y=round(plot_bottom - h - 4, 1),
                )
            )
    return Chart(
        id=id,
        title=title,
        description=description,
        x_label=x_label,
        y_label=y_label,
        width=WIDTH,
        height=height,
        horizontal=False,
        bars=bars,
        ticks=[
            Tick(round(plot_bottom - plot_height * v / top, 1), text)
            for v, text in _ticks(top, 0 if top >= 5 else decimals, unit)
        ],
        categories=[
            Category(round(AXIS_LEFT + c * slot + slot / 2, 1), str(text))
            for c, text in enumerate(categories)
        ],
        series=[Series(str(name), s) for s, (name, _vals) in enumerate(series)],
        table_head=[x_label, *(name for name, _vals in series)],
        table_rows=[
            [str(category), *(_fmt(vals[c], decimals) + unit for _n, vals in series)]
            for c, category in enumerate(categories)
        ],
        plot_bottom=plot_bottom,
        base=base,
        narrow=_horizontal(
            id=f"{id}-narrow",
            labels=[str(c) for c in categories],
            series=series,
            top=top,
            decimals=decimals,
            unit=unit,
            width=NARROW_WIDTH,
            label_width=NARROW_LABEL_WIDTH,
        ),
    )


def bar_chart(
    *,
    id,
    title,
    description,
    labels,
    values,
    x_label,
    y_label,
    maximum=None,
    decimals=0,
    unit="",
    extra_columns=(),
    base="",
):
    """Horizontal bars, one per label (long labels: topics, partners).

    ``extra_columns`` are (header, texts) added to the data table only.
    """
    top = maximum or nice_max(max(values, default=0))
    series = [(y_label, values)]
    layout = {"series": series, "top": top, "decimals": decimals, "unit": unit}
    chart = _horizontal(id=id, labels=labels, width=WIDTH, label_width=300, **layout)
    chart.title, chart.description = title, description
    chart.x_label, chart.y_label = x_label, y_label
    chart.table_head = [
        x_label,
        y_label,
        *(header for header, _texts in extra_columns),
    ]
    chart.table_rows = [
        [
            str(label),
            _fmt(values[i], decimals) + unit,
            *(texts[i] for _header, texts in extra_columns),
        ]
        for i, label in enumerate(labels)
    ]
    chart.base = base
    chart.narrow = _horizontal(
        id=f"{id}-narrow",
        labels=labels,
        width=NARROW_WIDTH,
        label_width=NARROW_LABEL_WIDTH,
        **layout,
    )
    return chart


#: A phone's chart: 360 units wide, so that its 12-unit text stays readable.
NARROW_WIDTH = 360
NARROW_LABEL_WIDTH = 120


def _horizontal(*, id, labels, series, top, decimals, unit, width, label_width):
    """Bars from the left, one group of ``len(series)`` bars per label."""
    row = 26 if len(series) == 1 else 14 * len(series) + 10
    bar_height = (row - 8) if len(series) == 1 else 14
    height = PLOT_TOP + row * max(len(labels), 1) + 50
    plot_width = width - 60 - label_width
    bars = []
    for i, _label in enumerate(labels):
        for s, (_name, values) in enumerate(series):
            value = values[i]
            w = plot_width * min(value, top) / top
            y = PLOT_TOP + i * row + 4 + s * bar_height
            bars.append(
                Bar(
                    x=label_width,
                    y=y,
                    width=round(w, 1),
                    height=bar_height - (0 if len(series) == 1 else 2),
                    value=value,
                    text=_fmt(value, decimals) + unit,
                    series=s,
                    label_x=round(label_width + w + 4, 1),
                    label_y=y + bar_height - 4,
                )
            )
    limit = 44 if width >= WIDTH else 18
    return Chart(
        id=id,
        title="",
        description="",
        x_label="",
        y_label=str(series[0][0]) if len(series) == 1 else "",
        width=width,
        height=height,
        horizontal=True,
        bars=bars,
        ticks=[
            Tick(round(label_width + plot_width * v / top, 1), text)
            for v, text in _ticks(top, 0 if top >= 5 else decimals, unit, count=4)
        ],
        categories=[
            Category(PLOT_TOP + i * row + row / 2 + 4, _shorten(str(text), limit))
            for i, text in enumerate(labels)
        ],
        series=[Series(str(name), s) for s, (name, _values) in enumerate(series)],
        plot_left=label_width,
        plot_right=label_width + plot_width,
        plot_bottom=height - 50,
    )


def _shorten(text, limit=44):
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Drawing ------------------------------------------------------------------


def escape(value):
    """Django's ``escape`` (the same five characters, via ``html.escape``)
    without its lazy-string wrapper and SafeString: called for each of a
    chart's hundreds of values."""
    return _html.escape(str(value))


def html(chart, xlsx_url=""):
    """The chart as an accessible figure: both drawings, the legend of a
    chart with several series, the data table and the XLSX link."""
    cid = escape(chart.id)
    title = escape(chart.title)
    parts = [
        f'<figure class="siko-chart" aria-labelledby="{cid}-caption">\n'
        f'<figcaption id="{cid}-caption" class="h5">{title}</figcaption>\n'
    ]
    if chart.is_empty:
        parts.append(
            f'<p class="text-body-secondary">{escape(gettext("No data yet."))}</p>\n'
        )
    else:
        if chart.base:
            parts.append(f'<p class="chart-base small">{escape(chart.base)}</p>\n')
        parts.append(_svg(chart, chart, "chart-wide"))
        if chart.narrow:
            parts.append(_svg(chart, chart.narrow, "chart-narrow"))
        if len(chart.series) > 1:
            parts.append(_legend(chart))
        parts.append(_table(chart, title))
    if xlsx_url:
        label = escape(gettext("Download the numbers as Excel file (XLSX)"))
        parts.append(f'<p><a href="{escape(xlsx_url)}">{label}</a></p>\n')
    parts.append("</figure>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - every value escaped


def _patterns(id):
    return (
        f'<defs><pattern id="{id}-stripes" width="8" height="8" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect class="chart-pattern-bg" width="8" height="8"/>'
        '<rect class="chart-pattern-fg-2" width="4" height="8"/></pattern>'
        f'<pattern id="{id}-dots" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect class="chart-pattern-bg" width="8" height="8"/>'
        '<circle class="chart-pattern-fg-3" cx="4" cy="4" r="2.5"/></pattern>'
        f'<pattern id="{id}-cross" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect class="chart-pattern-bg" width="8" height="8"/>'
        '<path class="chart-pattern-line" d="M0 0L8 8M8 0L0 8"/></pattern></defs>'
    )


def _svg(chart, svg, form):
    """One drawing: ``svg`` is the chart or its narrow form for a phone."""
    sid = escape(svg.id)
    left, right = svg.plot_left, svg.plot_right
    top, bottom = svg.plot_top, svg.plot_bottom
    description = escape(
        f"{chart.description} {chart.base}" if chart.base else chart.description
    )
    parts = [
        f'<svg class="chart-svg {form}" viewBox="0 0 {svg.width} {svg.height}" '
        f'role="img" aria-labelledby="{sid}-title {sid}-desc" '
        'xmlns="http://www.w3.org/2000/svg">\n'
        f'<title id="{sid}-title">{escape(chart.title)}</title>\n'
        f'<desc id="{sid}-desc">{description}</desc>\n',
        _patterns(sid),
        "\n",
    ]
    for tick in svg.ticks:
        text = escape(tick.text)
        if svg.horizontal:
            parts.append(
                f'<line class="chart-grid" x1="{tick.position}" x2="{tick.position}" '
                f'y1="{top}" y2="{bottom}"/>'
                f'<text class="chart-tick" x="{tick.position}" y="{int(bottom) + 16}" '
                f'text-anchor="middle">{text}</text>\n'
            )
        else:
            parts.append(
                f'<line class="chart-grid" x1="{left}" x2="{right}" '
                f'y1="{tick.position}" y2="{tick.position}"/>'
                f'<text class="chart-tick" x="{int(left) - 6}" y="{tick.position}" '
                f'text-anchor="end" dominant-baseline="middle">{text}</text>\n'
            )
    for category in svg.categories:
        text = escape(category.text)
        if svg.horizontal:
            parts.append(
                f'<text class="chart-label" x="{int(left) - 6}" '
                f'y="{category.position}" text-anchor="end">{text}</text>\n'
            )
        else:
            parts.append(
                f'<text class="chart-label" x="{category.position}" '
                f'y="{int(bottom) + 18}" text-anchor="middle">{text}</text>\n'
            )
    anchor = "" if svg.horizontal else ' text-anchor="middle"'
    for bar in svg.bars:
        style = bar.style
        fill = "" if style == "solid" else f' fill="url(#{sid}-{style})"'
        parts.append(
            f'<rect class="chart-bar chart-bar-{style}"{fill} x="{bar.x}" '
            f'y="{bar.y}" width="{bar.width}" height="{bar.height}"/>'
            f'<text class="chart-value" x="{bar.label_x}" y="{bar.label_y}"{anchor}>'
            f"{escape(bar.text)}</text>\n"
        )
    if svg.horizontal:
        axis = (
            f'<line class="chart-axis" x1="{left}" x2="{left}" y1="{top}" '
            f'y2="{bottom}"/>\n<text class="chart-axis-label" x="{right}" '
            f'y="{int(svg.height) - 8}" text-anchor="end">{escape(chart.y_label)}'
        )
    else:
        axis = (
            f'<line class="chart-axis" x1="{left}" x2="{right}" y1="{bottom}" '
            f'y2="{bottom}"/>\n<text class="chart-axis-label" x="{left}" '
            f'y="{int(svg.height) - 8}" text-anchor="start">'
            f"{escape(chart.x_label)} · {escape(chart.y_label)}"
        )
    parts.append(f"{axis}</text>\n</svg>\n")
    return "".join(parts)


def _legend(chart):
    cid = escape(chart.id)
    items = []
    for series in chart.series:
        style = series.style
        if style == "solid":
            patterns, fill = "", ""
        else:
            patterns = _patterns(f"{cid}-legend-{style}")
            fill = f' fill="url(#{cid}-legend-{style}-{style})"'
        items.append(
            '<li class="list-inline-item"><svg class="chart-swatch" '
            'viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
            f'{patterns}<rect class="chart-bar chart-bar-{style}"{fill} '
            f'width="16" height="16"/></svg> {escape(series.name)}</li>'
        )
    return f'<ul class="chart-legend list-inline small">{"".join(items)}</ul>\n'


def _table(chart, title):
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in chart.table_head)
    body = "".join(
        f'<tr><th scope="row">{escape(row[0])}</th>'
        + "".join(f"<td>{escape(value)}</td>" for value in row[1:])
        + "</tr>"
        for row in chart.table_rows
    )
    summary = escape(gettext("Show the numbers as a table"))
    return (
        f'<details class="chart-data">\n<summary>{summary}</summary>\n'
        f'<div tabindex="0" role="region" aria-label="{title}" '
        'class="table-responsive">\n<table class="table table-sm w-auto">\n'
        f"<caption>{title}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>{body}</tbody>\n</table>\n</div>\n</details>\n"
    )
