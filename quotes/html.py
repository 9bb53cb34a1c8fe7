"""ArticleResults out as one self-contained HTML page: the article with its quotes highlighted.

Each quote is a `<mark>` in its source's colour, in the article text as written; cues and speaker
mentions are marked inside it or beside it; a quote from an anonymous source is hatched and flagged,
a quote that came through a conduit says "via ...". The sources table is the colours' legend.
Hovering, focusing or clicking a quote shows its attribution (source, type, speaker, cue, via).

The page needs nothing else: its CSS and JavaScript are inline, and its Content-Security-Policy
lets it load nothing at all and run only its own script (by hash). Article text, titles and names
are untrusted: every one of them goes through `html.escape`, and the script only ever sets
`textContent`. `quotes.runreport` builds a batch run's report.html from the same parts.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from quotes.model import ArticleResult, Quote, Source
from quotes.report import verdict

PALETTE = (
    ("#fde68a", "#b45309"),
    ("#bfdbfe", "#1d4ed8"),
    ("#bbf7d0", "#15803d"),
    ("#fbcfe8", "#be185d"),
    ("#ddd6fe", "#6d28d9"),
    ("#fed7aa", "#c2410c"),
    ("#a5f3fc", "#0e7490"),
    ("#d9f99d", "#4d7c0f"),
    ("#fecaca", "#b91c1c"),
    ("#e9d5ff", "#7e22ce"),
    ("#99f6e4", "#0f766e"),
    ("#fef08a", "#a16207"),
)
"""(background, border) per source, in order of first appearance; the 13th source reuses the 1st."""
UNATTRIBUTED = ("#e5e7eb", "#4b5563")

CSS = (
    """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem 6rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2.5rem;border-top:1px solid #ccc;padding-top:1rem}
.meta,.verdict{color:#444}.text{white-space:pre-wrap;line-height:1.8}
mark.q{border-bottom:3px solid;border-radius:2px;padding:0 1px;cursor:pointer;color:inherit}
mark.q.anon{background-image:repeating-linear-gradient(135deg,transparent 0 6px,rgba(0,0,0,.12) 6px 8px);
border-bottom-style:dashed}mark.q.active{outline:2px solid #111}
.cue{font-weight:600;text-decoration:underline double}.speaker{font-style:italic;border:1px dotted;
border-radius:3px}.event{text-decoration:underline wavy #888}
.flag{font-size:.7em;font-weight:600;padding:0 .3em;border-radius:3px;margin-left:.15em;white-space:nowrap}
.flag.anon{background:#111;color:#fff}.flag.via{background:#fff;border:1px solid #111}
table{border-collapse:collapse;margin:1rem 0}th,td{padding:.2rem .6rem;text-align:left;
border-bottom:1px solid #ddd;vertical-align:top}td.n{text-align:right}
.swatch{display:inline-block;width:1.2em;height:1em;border-bottom:3px solid;vertical-align:middle}
#attribution{position:fixed;right:1rem;bottom:1rem;max-width:24rem;background:#fff;border:1px solid #111;
padding:.5rem .8rem;box-shadow:0 2px 8px rgba(0,0,0,.25);margin:0}
#attribution dt{font-weight:600;float:left;clear:left;width:5.5rem}#attribution dd{margin-left:5.5rem}
.bars td.bar{width:50%}.bars .fill{display:block;height:1em;background:#1d4ed8;min-width:1px}
.bars .fill.anon{background:#111}ol.quotes li{margin:.4rem 0}
"""
    + "".join(
        f".c{i}{{background-color:{light};border-color:{dark}}}" for i, (light, dark) in enumerate(PALETTE)
    )
    + f".cn{{background-color:{UNATTRIBUTED[0]};border-color:{UNATTRIBUTED[1]}}}"
)

SCRIPT = """(function () {
  var panel = document.getElementById("attribution");
  function show(event) {
    var mark = event.target.closest && event.target.closest("mark.q");
    if (!mark) { return; }
    var d = mark.dataset;
    var rows = [["quote", d.kind], ["source", d.source + " (" + d.type + ")"],
      ["speaker", d.speaker || "-"], ["cue", d.cue || "-"], ["via", d.via || "-"]];
    panel.replaceChildren();
    rows.forEach(function (row) {
      var term = document.createElement("dt"), value = document.createElement("dd");
      term.textContent = row[0];
      value.textContent = row[1];
      panel.append(term, value);
    });
    panel.hidden = false;
    document.querySelectorAll("mark.q.active").forEach(function (m) { m.classList.remove("active"); });
    mark.classList.add("active");
  }
  ["click", "mouseover", "focusin"].forEach(function (name) { document.addEventListener(name, show); });
})();
"""


def escape(text: str) -> str:
    """Text as HTML: `&`, `<`, `>` and both quotes escaped, so it is safe in content and attributes."""
    return html.escape(text, quote=True)


def page(title: str, body: str) -> str:
    """A whole HTML document around `body` (already escaped), loading nothing from anywhere."""
    return page_head(title) + body + "\n" + page_tail()


def page_head(title: str) -> str:
    """The document up to the body's content: for writing a long page as a stream."""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
    )


def page_tail() -> str:
    """The attribution panel, the script and the end of the document."""
    return f'<dl id="attribution" hidden></dl>\n<script>{SCRIPT}</script>\n</body>\n</html>\n'


def to_html(results: Sequence[ArticleResult], texts: Mapping[str, str]) -> str:
    """One page for `results`; `texts` maps an article id to its text (an article without one lists
    its quotes instead of showing them in place)."""
    title = results[0].title or results[0].id if len(results) == 1 else f"{len(results)} articles"
    parts = [f"<h1>{escape(title or 'quotes')}</h1>"]
    if len(results) > 1:
        links = "".join(
            f'<li><a href="#a{number}">{escape(result.title or result.id)}</a></li>'
            for number, result in enumerate(results, start=1)
        )
        parts.append(f"<ol>{links}</ol>")
    for number, result in enumerate(results, start=1):
        parts.append(article_section(result, texts.get(result.id), anchor=f"a{number}"))
    return page(title or "quotes", "\n".join(parts))


@dataclass(frozen=True, slots=True)
class _Look:
    """How one article's quotes look: a colour class per source id, and the source records."""

    sources: dict[str, Source]
    colours: dict[str, str]
    anchor: str

    @classmethod
    def of(cls, result: ArticleResult, anchor: str) -> _Look:
        colours = {source.id: f"c{index % len(PALETTE)}" for index, source in enumerate(result.sources)}
        return cls({source.id: source for source in result.sources}, colours, anchor)

    def colour(self, source: str | None) -> str:
        return self.colours.get(source or "", "cn")

    def via(self, names: Iterable[str]) -> str:
        return ", ".join(self.sources[name].name if name in self.sources else name for name in names)


def article_section(result: ArticleResult, text: str | None, *, anchor: str) -> str:
    """One article: heading, metadata, verdict, the text (or the quotes), the legend, the events."""
    look = _Look.of(result, anchor)
    heading = escape(result.title or result.id)
    parts = [f'<section id="{anchor}">', f"<h2>{heading}</h2>", _meta(result)]
    parts.append(f'<p class="verdict">{escape(verdict(result))}</p>')
    if text is not None:
        parts.append(f'<div class="text">{marked_text(text, result, look)}</div>')
    elif result.quotes:
        items = "".join(f"<li>{_quote_item(quote, look)}</li>" for quote in result.quotes)
        parts.append(f'<ol class="quotes">{items}</ol>')
    if result.sources:
        parts.append(legend(result, look))
    if result.events:
        events = "".join(
            f"<li>{escape(event.type.replace('_', ' '))}: {escape(look.via([event.source or '']))} "
            f"&ldquo;{escape(event.text)}&rdquo;</li>"
            for event in result.events
        )
        parts.append(f"<h3>Events</h3><ul>{events}</ul>")
    if result.diagnostics:
        notes = ", ".join(escape(diagnostic.code) for diagnostic in result.diagnostics)
        parts.append(f'<p class="meta">diagnostics: {notes}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _meta(result: ArticleResult) -> str:
    bits = [escape(part) for part in (result.outlet, result.date) if part]
    if result.author:
        bits.append(f"by {escape(result.author)}")
    if result.url:
        if result.url.startswith(("https://", "http://")):  # never a javascript: or data: link
            bits.append(f'<a href="{escape(result.url)}" rel="noopener noreferrer">{escape(result.url)}</a>')
        else:
            bits.append(escape(result.url))
    bits.append(f"id {escape(result.id)}")
    return f'<p class="meta">{" · ".join(bits)}</p>'


def _mark_open(quote: Quote, look: _Look) -> str:
    """The opening `<mark>` of a quote, carrying its attribution for the hover and the panel."""
    source = look.sources.get(quote.source or "")
    name = (source.name or source.descriptor or source.id) if source else "(unattributed)"
    kind = source.type if source else "unattributed"
    via = look.via(quote.via or (source.via if source else ()))
    cue = quote.cue.text if quote.cue else ""
    speaker = quote.speaker.text if quote.speaker else ""
    tip = f"{name} ({kind})" + (f", cue: {cue}" if cue else "") + (f", via {via}" if via else "")
    classes = f"q {look.colour(quote.source)}" + (" anon" if kind == "anonymous" else "")
    data = {"kind": quote.kind, "source": name, "type": kind, "speaker": speaker, "cue": cue, "via": via}
    attributes = " ".join(f'data-{key}="{escape(value)}"' for key, value in data.items())
    return (
        f'<mark class="{classes}" id="{look.anchor}-{escape(quote.id)}" tabindex="0" '
        f'data-sid="{escape(quote.source or "")}" {attributes} title="{escape(tip)}">'
    )


def _flags(quote: Quote, look: _Look) -> str:
    source = look.sources.get(quote.source or "")
    flags = ""
    if source is not None and source.type == "anonymous":
        flags += '<span class="flag anon">anonymous</span>'
    via = look.via(quote.via or (source.via if source else ()))
    if via:
        flags += f'<span class="flag via">via {escape(via)}</span>'
    return flags


def _quote_item(quote: Quote, look: _Look) -> str:
    """A quote on its own, for a section without the article text."""
    return f"{_mark_open(quote, look)}{escape(quote.text)}</mark>{_flags(quote, look)}"


def marked_text(text: str, result: ArticleResult, look: _Look) -> str:
    """The article text, escaped, with a `<mark>` per quote and spans for cues, speakers and events.

    The text is cut at every span boundary, so the pieces nest whatever the spans do: a cue inside a
    quote ("Many of the closures, he said, have involved ...") or across its edge becomes a span
    inside the quote's mark and another beside it. A quote that overlaps an earlier one (never in
    the engine's output) is left unmarked rather than breaking the page.
    """
    quotes = _non_overlapping(result.quotes, len(text))
    inner = _inner_spans(result, look, len(text))
    cuts = sorted({0, len(text), *(q.start for q in quotes), *(q.end for q in quotes)} | _edges(inner))
    pieces: list[str] = []
    open_quote: Quote | None = None
    upcoming = iter(quotes)
    following = next(upcoming, None)
    for start, end in pairwise(cuts):
        if open_quote is not None and start >= open_quote.end:
            pieces.append("</mark>" + _flags(open_quote, look))
            open_quote = None
        if following is not None and start == following.start:
            pieces.append(_mark_open(following, look))
            open_quote, following = following, next(upcoming, None)
        piece = escape(text[start:end])
        for _, _, classes in [span for span in inner if span[0] <= start and end <= span[1]]:
            piece = f'<span class="{classes}">{piece}</span>'
        pieces.append(piece)
    if open_quote is not None:
        pieces.append("</mark>" + _flags(open_quote, look))
    return "".join(pieces)


def _non_overlapping(quotes: Iterable[Quote], length: int) -> list[Quote]:
    kept: list[Quote] = []
    for quote in sorted(quotes, key=lambda q: (q.start, q.end)):
        if 0 <= quote.start < quote.end <= length and (not kept or quote.start >= kept[-1].end):
            kept.append(quote)
    return kept


def _inner_spans(result: ArticleResult, look: _Look, length: int) -> list[tuple[int, int, str]]:
    """(start, end, classes) of every cue, speaker mention (in its source's colour) and event."""
    spans: set[tuple[int, int, str]] = set()
    for quote in result.quotes:
        if quote.cue is not None:
            spans.add((quote.cue.start, quote.cue.end, "cue"))
        if quote.speaker is not None:
            spans.add((quote.speaker.start, quote.speaker.end, f"speaker {look.colour(quote.source)}"))
    for event in result.events:
        spans.add((event.start, event.end, "event"))
    return sorted(span for span in spans if 0 <= span[0] < span[1] <= length)


def _edges(spans: Iterable[tuple[int, int, str]]) -> set[int]:
    return {edge for start, end, _ in spans for edge in (start, end)}


def legend(result: ArticleResult, look: _Look) -> str:
    """The sources table: each source's colour, name, type, description, conduits and quote counts."""
    counts: dict[str, Counter[str]] = {}
    for quote in result.quotes:
        counts.setdefault(quote.source or "", Counter())[quote.kind] += 1
    rows = []
    for source in result.sources:
        count = counts.get(source.id, Counter())
        described = " / ".join(
            part for part in (source.title, source.descriptor) if part and part != source.name
        )
        # an anonymous source's type is its flag
        kind = (
            '<span class="flag anon">anonymous</span>' if source.type == "anonymous" else escape(source.type)
        )
        numbers = "".join(f'<td class="n">{count[kind]}</td>' for kind in ("direct", "mixed", "indirect"))
        rows.append(
            f'<tr id="{look.anchor}-{escape(source.id)}" data-sid="{escape(source.id)}">'
            f'<td><span class="swatch {look.colour(source.id)}"></span></td>'
            f"<td>{escape(source.name or source.id)}</td><td>{kind}</td>"
            f"<td>{escape(described)}</td><td>{escape(look.via(source.via))}</td>{numbers}</tr>"
        )
    names = ("", "source", "type", "title / descriptor", "via", "direct", "mixed", "reported")
    header = "".join(f"<th>{name}</th>" for name in names)
    return f'<table class="legend"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
