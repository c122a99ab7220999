"""Bar charts as plain geometry for server-rendered, accessible SVG.

The template ``konferenz/statistics/chart.html`` draws what these functions
compute: no JavaScript, no inline style (CSP), every series with its own
pattern (never colour alone), the values written on the bars and the same
numbers in a data table below the chart.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

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
    #: the same numbers as horizontal bars for a phone (``chart.html``)
    narrow: "Chart | None" = None

    @property
    def is_empty(self):
        return not self.table_rows


def _fmt(value, decimals):
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
