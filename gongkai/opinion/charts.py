"""Trend charts as server-side inline SVG: items per day (bars) and the negative share (a line).

No JavaScript and no chart library: the SVG is built here with escaped text, so the dashboard works
offline and under the admin's CSP. Each chart carries a <title> and a <desc>, and a table of the same
numbers sits next to it for screen readers.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from gongkai.opinion.selectors import Day

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 44, 16, 30


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    return ((value + step - 1) // step) * step


def trend_svg(days: list[Day], *, title: str = "每日舆情信息量与负面占比") -> SafeString:
    if not days:
        return mark_safe("")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_max(max(d.items for d in days))
    slot = plot_w / len(days)
    bar_w = max(slot * 0.7, 1)
    bars = []
    points = []
    for i, day in enumerate(days):
        x = LEFT + i * slot
        h = plot_h * day.items / top
        bars.append(
            (
                f"{x + (slot - bar_w) / 2:.1f}",
                f"{TOP + plot_h - h:.1f}",
                f"{bar_w:.1f}",
                f"{h:.1f}",
                f"{day.day:%m-%d}：{day.items}条，负面{day.negative}条（{day.negative_share:.0%}）",
            )
        )
        points.append(f"{x + slot / 2:.1f},{TOP + plot_h * (1 - day.negative_share):.1f}")
    ticks = []
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        ticks.append((f"{y:.1f}", f"{LEFT - 4}", str(int(top * fraction)), f"{WIDTH - RIGHT + 4}", f"{fraction:.0%}"))
    labels = [
        (f"{LEFT + i * slot + slot / 2:.1f}", f"{day.day:%m-%d}")
        for i, day in enumerate(days)
        if i % max(len(days) // 6, 1) == 0 or i == len(days) - 1
    ]
    total = sum(d.items for d in days)
    negative = sum(d.negative for d in days)
    description = f"共{len(days)}天，{total}条信息，其中负面{negative}条。柱：每日条数；折线：负面占比。"
    return format_html(
        '<svg class="opinion-chart" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="opinion-chart-title opinion-chart-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="opinion-chart-title">{title}</title><desc id="opinion-chart-desc">{desc}</desc>'
        '<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="#888" stroke-width="1"/>'
        "{ticks}{bars}"
        '<polyline points="{points}" fill="none" stroke="#cd4444" stroke-width="2"/>'
        "{labels}</svg>",
        w=WIDTH,
        h=HEIGHT,
        title=title,
        desc=description,
        left=LEFT,
        right=WIDTH - RIGHT,
        base=f"{TOP + plot_h:.1f}",
        ticks=format_html_join(
            "",
            '<text x="{1}" y="{0}" font-size="10" text-anchor="end" fill="#555">{2}</text>'
            '<text x="{3}" y="{0}" font-size="10" fill="#cd4444">{4}</text>',
            ticks,
        ),
        bars=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#2e6fbb"><title>{}</title></rect>',
            bars,
        ),
        points=" ".join(points),
        labels=format_html_join(
            "",
            '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#555">{}</text>',
            ((x, HEIGHT - 10, label) for x, label in labels),
        ),
    )
