"""``kubeclass progress --html FILE``: the same view as one self-contained page.

No script, font, image or style comes from anywhere else (a Content-Security-Policy
forbids it too): the charts are inline SVG drawn here, so the page works offline. Every
text is escaped (term names are content; lab ids come from the progress file).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from kubeclass.glossary.model import Lang
from kubeclass.progress.model import Counts, Progress
from kubeclass.progress.text import t

_CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--ok:#1a7f37;--bad:#cf222e;
--bar:#2f81f7;--curve:#8250df}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--bg:#0d1117;--ok:#3fb950;--bad:#f85149;--bar:#4493f8;--curve:#ab7df8}}
body{font:15px/1.5 system-ui,"Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif;
color:var(--fg);background:var(--bg);max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .6rem}
.muted{color:var(--muted)}table{border-collapse:collapse;width:100%}
th,td{padding:.3rem .6rem;border-bottom:1px solid var(--line);text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.all td{font-weight:600}.pass{color:var(--ok)}.fail{color:var(--bad)}
a{color:var(--bar)}svg{width:100%;height:auto;display:block}
svg text{fill:var(--muted);font-size:11px}svg .bar{fill:var(--bar)}
svg .curve{fill:none;stroke:var(--curve);stroke-width:2}svg .axis{stroke:var(--line)}
"""

WIDTH, HEIGHT, PAD = 600, 160, 28


def _groups(title: str, first: str, rows: Sequence[Counts], lang: Lang) -> str:
    e = html.escape
    head = "".join(f'<th class="num">{e(t(k, lang))}</th>'
                   for k in ("total", "seen", "mature", "due"))
    body = "".join(
        f'<tr class="{"all" if r.id == "all" else "group"}" data-id="{e(r.id)}">'
        f"<td>{e(r.name.get(lang))}</td><td class=\"num\">{r.total}</td>"
        f'<td class="num">{r.seen}</td><td class="num">{r.mature}</td>'
        f'<td class="num">{r.due}</td></tr>'
        for r in rows)
    return (f"<h2>{e(title)}</h2><table><thead><tr><th>{e(first)}</th>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def bars_svg(values: Sequence[int], labels: Sequence[str], title: str) -> str:
    """A bar chart as inline SVG (one bar per value, each with a tooltip)."""
    top = max(values, default=0) or 1
    step = (WIDTH - 2 * PAD) / max(1, len(values))
    parts = [f'<svg id="reviews-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{html.escape(title)}">',
             f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" '
             f'y2="{HEIGHT - PAD}"/>',
             f'<text x="2" y="{PAD}">{top}</text><text x="2" y="{HEIGHT - PAD}">0</text>']
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        height = (HEIGHT - 2 * PAD) * value / top
        x = PAD + index * step
        parts.append(f'<rect class="bar" x="{x + 1:.1f}" y="{HEIGHT - PAD - height:.1f}" '
                     f'width="{max(1.0, step - 2):.1f}" height="{height:.1f}" '
                     f'data-value="{value}"><title>{html.escape(label)}: {value}</title></rect>')
    if labels:
        parts.append(f'<text x="{PAD}" y="{HEIGHT - 8}">{html.escape(labels[0])}</text>'
                     f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" text-anchor="end">'
                     f"{html.escape(labels[-1])}</text>")
    parts.append("</svg>")
    return "".join(parts)


def curve_svg(values: Sequence[float | None], labels: Sequence[str], title: str) -> str:
    """A line of shares (0–1) as inline SVG, 0 % at the bottom and 100 % at the top."""
    step = (WIDTH - 2 * PAD) / max(1, len(values) - 1)
    points = [f"{PAD + i * step:.1f},{HEIGHT - PAD - (HEIGHT - 2 * PAD) * v:.1f}"
              for i, v in enumerate(values) if v is not None]
    parts = [f'<svg id="retention-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{html.escape(title)}">',
             f'<line class="axis" x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" '
             f'y2="{HEIGHT - PAD}"/>',
             f'<text x="2" y="{PAD}">100%</text><text x="2" y="{HEIGHT - PAD}">0%</text>']
    if points:
        parts.append(f'<polyline class="curve" points="{" ".join(points)}"/>')
    if labels:
        parts.append(f'<text x="{PAD}" y="{HEIGHT - 8}">{html.escape(labels[0])}</text>'
                     f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" text-anchor="end">'
                     f"{html.escape(labels[-1])}</text>")
    parts.append("</svg>")
    return "".join(parts)


def to_html(progress: Progress, lang: Lang) -> str:
    """The progress view as a single self-contained HTML page."""
    e = html.escape
    when = progress.generated.strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>kubeclass — {e(t('title', lang))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(t('title', lang))}</h1>",
        f'<p class="muted">{e(t("generated", lang))} {e(when)} · {e(t("reviews", lang))} '
        f'<span id="review-count">{progress.reviews}</span> · {e(t("mature-note", lang))}</p>',
        _groups(t("terms", lang), t("group", lang), [progress.overall, *progress.categories],
                lang),
    ]
    if progress.paths:
        parts.append(_groups(t("path", lang), t("path", lang), progress.paths, lang))

    parts.append(f"<h2>{e(t('labs', lang))}</h2>")
    if progress.labs:
        parts.append(f'<table id="labs"><thead><tr><th>{e(t("lab", lang))}</th>'
                     f'<th>{e(t("passed", lang))}</th><th class="num">{e(t("best", lang))}</th>'
                     f'<th class="num">{e(t("last", lang))}</th>'
                     f'<th class="num">{e(t("runs", lang))}</th></tr></thead><tbody>')
        for lab in progress.labs:
            mark = (f'<span class="pass">✓ {e(t("passed", lang))}</span>' if lab.passed
                    else f'<span class="fail">{e(t("not-passed", lang))}</span>')
            parts.append(f'<tr data-lab="{e(lab.lab_id)}"><td><code>{e(lab.lab_id)}</code></td>'
                         f'<td>{mark}</td><td class="num">{lab.best}/{lab.max_score}</td>'
                         f'<td class="num">{lab.last}/{lab.max_score}</td>'
                         f'<td class="num">{lab.runs}</td></tr>')
        parts.append("</tbody></table>")
    else:
        parts.append(f'<p class="muted">{e(t("no-labs", lang))}</p>')

    parts.append(f"<h2>{e(t('weakest', lang))}</h2>")
    if progress.weakest:
        parts.append(f'<table id="weakest"><thead><tr><th>{e(t("terms", lang))}</th>'
                     f'<th class="num">{e(t("recall", lang))}</th>'
                     f'<th class="num">{e(t("lapses", lang))}</th></tr></thead><tbody>')
        for weak in progress.weakest:
            name = weak.name.get(lang) if weak.name else weak.term_id
            parts.append(f'<tr data-term="{e(weak.term_id)}"><td><a href="{e(weak.url)}">'
                         f'{e(name)}</a></td><td class="num">{weak.recall * 100:.0f}%</td>'
                         f'<td class="num">{weak.lapses}</td></tr>')
        parts.append("</tbody></table>")
    else:
        parts.append(f'<p class="muted">{e(t("no-terms", lang))}</p>')

    days = [d.strftime("%m-%d") for d, _ in progress.reviews_per_day]
    parts.append(f"<h2>{e(t('per-day', lang))}</h2>")
    parts.append(bars_svg([n for _, n in progress.reviews_per_day], days, t("per-day", lang)))
    ahead = [d.strftime("%m-%d") for d, _ in progress.retention_ahead]
    parts.append(f"<h2>{e(t('ahead', lang))}</h2>")
    parts.append(curve_svg([r for _, r in progress.retention_ahead], ahead, t("ahead", lang)))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
