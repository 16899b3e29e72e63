"""The report as one self-contained HTML page: header (metadata, summary figures, plot), then one table whose
row groups are the source paragraphs and whose rows are the links.  CSS and JavaScript are package data files
(``report.css``, ``report.js``) inlined into the page, so it opens from a file:// URL with no network.

Everything is readable without JavaScript (confidence in ``title`` attributes and a text label, findings
written out in their row); the script only adds navigation, filtering, search and the correction tools.
"""

from __future__ import annotations

import json
import re
from html import escape
from importlib import resources

from aligner.model import AlignedPair
from corpus.document import sentence_separator

from ..corrections import fingerprint
from ..metadata import title_of
from ..rows import fmt_cert
from .view import BUCKETS, ReportView, SentenceView, bucket, is_person

# C0 controls (bar tab/newline), DEL, C1 controls and lone surrogates cannot be shown or encoded as they are:
# controls become their visible Control Pictures symbol, surrogates U+FFFD.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def text(value: str) -> str:
    return escape(_UNSHOWABLE.sub(lambda m: _visible(m.group()), value), quote=True)


def asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _lang_attr(lang: str) -> str:
    from ..ids import language_tag
    return language_tag(lang)


def _language(lang: str) -> str:
    from ..languages import language_name
    return language_name(lang) or lang


# ---------------------------------------------------------------- cells
def sentence_html(sentence: SentenceView, glossary) -> str:
    pieces, at = [], 0
    for span in sentence.terms:
        if span.start < at or span.end > len(sentence.text):
            continue
        entry = glossary.get(span.concept_id)
        if entry is not None:
            gloss = entry.src_label + (f" → {entry.tgt_label}" if entry.tgt_label else "")
        else:
            gloss = span.concept_id
        status = span.status or "term"
        pieces.append(text(sentence.text[at:span.start]))
        pieces.append(f'<mark class="term {escape(status)}" data-concept="{text(span.concept_id)}" '
                      f'title="{text(gloss)} ({escape(status)})">{text(sentence.text[span.start:span.end])}</mark>')
        at = span.end
    pieces.append(text(sentence.text[at:]))
    kind = "" if sentence.kind == "paragraph" else f' data-kind="{escape(sentence.kind)}"'
    return f'<span class="s" id="{sentence.id}"{kind}>{"".join(pieces)}</span>'


def side_cell(sentences: list[SentenceView], glossary, lang: str, side: str, par_start: bool) -> str:
    classes = [side]
    if par_start:
        classes.append("pstart")
    if not sentences:
        classes.append("gap")
        return f'<td class="{" ".join(classes)}"><span class="gap-label">no counterpart</span></td>'
    if len(sentences) > 1:
        classes.append("multi")
    body = sentence_separator(lang).join(sentence_html(s, glossary) for s in sentences)
    return f'<td class="{" ".join(classes)}" lang="{lang}">{body}</td>'


def findings_cell(row) -> str:
    if not row.findings:
        return '<td class="qa"></td>'
    items = "".join(f'<li class="{escape(note.severity)}"><span class="badge" title="{text(note.message)}">'
                    f'{text(note.check)}</span> <span class="msg">{text(note.message)}</span></li>'
                    for note in row.findings)
    return f'<td class="qa"><ul>{items}</ul></td>'


def row_html(row, glossary, src_lang: str, tgt_lang: str) -> str:
    band = bucket(row.confidence)
    cert = fmt_cert(row.confidence)
    who = row.resp if is_person(row.resp) else "bitext"
    classes = ["link", f"c{band}"]
    if len(row.src) > 1 or len(row.tgt) > 1:
        classes.append("nm")
    if not (row.src and row.tgt):
        classes.append("unaligned")
    if is_person(row.resp):
        classes.append("reviewed")
    checks = " ".join(sorted({note.check for note in row.findings}))
    data = (f' data-s="{",".join(map(str, row.src_index))}" data-t="{",".join(map(str, row.tgt_index))}"'
            f' data-c="{cert}"' + (f' data-f="{text(checks)}"' if checks else ""))
    short = row.id.split(".", 1)[-1]
    head = (f'<th scope="row" class="conf" title="confidence {cert} · {row.type} · by {text(who)}">'
            f'<a href="#{row.id}">{short}</a> <span class="type">{row.type}</span> '
            f'<span class="cert">{cert}</span></th>')
    return (f'<tr id="{row.id}" class="{" ".join(classes)}"{data}>{head}'
            f'{side_cell(row.src, glossary, src_lang, "src", row.src_paragraph_starts)}'
            f'{side_cell(row.tgt, glossary, tgt_lang, "tgt", row.tgt_paragraph_starts)}'
            f'{findings_cell(row)}</tr>')


# ---------------------------------------------------------------- header
def _dl(items: list[tuple[str, str]]) -> str:
    return "<dl class=\"meta\">" + "".join(f"<dt>{text(k)}</dt><dd>{v}</dd>" for k, v in items if v) + "</dl>"


def header_html(pair: AlignedPair, view: ReportView, low: float, plot_svg: str | None, matrix: bool) -> str:
    src, tgt = pair.src, pair.tgt
    meta = []
    for label, document in (("Source", src), ("Translation", tgt)):
        bits = [f'<cite lang="{_lang_attr(document.lang)}">{text(title_of(document))}</cite>',
                f"({text(document.lang)})"]
        for key in ("author", "translator", "publisher", "date"):
            if document.meta.get(key):
                bits.append(f"{key} {text(document.meta[key])}")
        if document.meta.get("url"):
            bits.append(f'<a href="{text(document.meta["url"])}">{text(document.meta["url"])}</a>')
        if document.source.path:
            bits.append(f"file <code>{text(document.source.path)}</code>")
        meta.append((label, " · ".join(bits)))
    if pair.run.get("command"):
        meta.append(("Made by", f"<code>{text(pair.run['command'])}</code>"))
    if pair.run.get("date"):
        meta.append(("Date", text(pair.run["date"])))
    signature = pair.alignment.signature
    if signature:
        meta.append(("Signature", "<code>" + text("|".join(f"{k}:{v}" for k, v in signature.items())) + "</code>"))
    history = pair.run.get("revisions") or []
    if history:
        meta.append(("Revisions", "<ol class=\"revisions\">" + "".join(
            f"<li>{text(c.get('when', ''))} {text(c.get('who', ''))} ({text(c.get('status', ''))}): "
            f"{text(c.get('text', ''))}</li>" for c in history) + "</ol>"))

    n_links = len(view.rows)
    n_low = sum(1 for r in view.rows if r.confidence < low)
    n_reviewed = sum(1 for r in view.rows if is_person(r.resp))
    n_findings = sum(len(r.findings) for r in view.rows) + len(view.document_findings)
    figures = (f'<p class="figures"><strong>{n_links}</strong> links · <strong>{len(view.src_paragraph_of)}</strong>'
               f' / <strong>{len(view.tgt_paragraph_of)}</strong> sentences · <strong>{n_low}</strong> below '
               f'confidence {fmt_cert(low)} · <strong>{n_findings}</strong> findings · <strong>{n_reviewed}</strong>'
               f' reviewed</p>')
    types = "".join(f"<tr><th scope=\"row\">{t}</th><td>{c}</td></tr>" for t, c in view.link_types())
    histogram = view.confidence_histogram()
    top = max(histogram) or 1
    bars = "".join(
        f'<tr><th scope="row">{b / BUCKETS:.1f}–{(b + 1) / BUCKETS:.1f}</th><td><span class="bar c{b}" '
        f'style="width:{100 * c / top:.1f}%"></span> {c}</td></tr>' for b, c in enumerate(histogram))
    by_check = view.findings_by_check()
    checks = "".join(f'<tr class="{escape(sev)}"><th scope="row">{text(check)}</th><td>{text(sev)}</td>'
                     f"<td>{n}</td></tr>" for check, sev, n in by_check) or '<tr><td colspan="3">none</td></tr>'
    doc_notes = ""
    if view.document_findings:
        doc_notes = ('<ul class="doc-findings">' + "".join(
            f'<li class="{escape(n.severity)}"><span class="badge">{text(n.check)}</span> {text(n.message)}</li>'
            for n in view.document_findings) + "</ul>")
    summary = (
        '<section class="summary" aria-label="Summary figures">'
        f'<table class="fig"><caption>Links by type</caption><tbody>{types}</tbody></table>'
        f'<table class="fig hist"><caption>Confidence</caption><tbody>{bars}</tbody></table>'
        f'<table class="fig"><caption>Findings by check</caption><thead><tr><th scope="col">check</th>'
        f'<th scope="col">severity</th><th scope="col">n</th></tr></thead><tbody>{checks}</tbody></table>'
        f"{doc_notes}</section>")
    plot = ""
    if plot_svg:
        over = " over the sentence similarity matrix (darker = more similar)" if matrix else ""
        plot = (f'<figure class="plot">{plot_svg}<figcaption>Alignment path{over}: one box per link, coloured by '
                f'confidence; dashed lines at paragraph starts.</figcaption></figure>')
    title = f"{text(title_of(src))} — {text(title_of(tgt))}"
    return (f'<header class="report-head"><h1>{title}</h1>{_dl(meta)}{figures}'
            f'<div class="overview">{summary}{plot}</div></header>')


TOOLBAR = """<nav class="toolbar" id="toolbar" aria-label="Navigation and corrections" hidden>
<div class="group"><span class="label">Jump</span>
<button type="button" id="prev-finding" title="previous finding (p)">◀</button><button type="button" id="next-finding" title="next finding (n)">next finding ▶</button>
<button type="button" id="prev-low" title="previous low-confidence link (P)">◀</button><button type="button" id="next-low" title="next low-confidence link (N)">next low ▶</button></div>
<div class="group"><label for="filter">Show</label> <select id="filter"></select>
<label for="search" class="label">Search</label> <input type="search" id="search" placeholder="words in either text" size="18"></div>
<div class="group edit"><span class="label" id="selected">no row selected</span>
<button type="button" id="mark-ok" disabled title="the link is right (c)">✓ right</button><button type="button" id="mark-wrong" disabled title="the link is wrong (w)">✗ wrong</button><button type="button" id="merge-next" disabled title="merge with the next row (m)">⤓ merge</button><button type="button" id="split" disabled title="split this row (s)">✂ split</button><span id="split-controls" hidden><label>source <select id="split-src"></select></label><label>target <select id="split-tgt"></select></label><button type="button" id="split-apply">apply split</button></span><button type="button" id="undo" disabled title="undo corrections on this row (u)">↺ undo</button>
<button type="button" id="save" title="save the corrections as JSON">Save corrections (<span id="n-corrections">0</span>)</button><a id="download" hidden></a></div>
<div class="status" id="status" role="status" aria-live="polite"></div>
<p class="keys">keys: <kbd>n</kbd>/<kbd>p</kbd> next/previous finding (or low-confidence link, after using those buttons), <kbd>N</kbd>/<kbd>P</kbd> the other kind, <kbd>j</kbd>/<kbd>k</kbd> next/previous row, <kbd>c</kbd> right, <kbd>w</kbd> wrong, <kbd>m</kbd> merge, <kbd>s</kbd> split, <kbd>u</kbd> undo, <kbd>/</kbd> search</p>
<textarea id="corrections-json" hidden readonly aria-label="corrections as JSON"></textarea>
</nav>"""


def render(pair: AlignedPair, view: ReportView, *, low: float = 0.5, plot_svg: str | None = None,
           name: str = "pair", matrix: bool = False) -> str:
    src_lang, tgt_lang = _lang_attr(pair.src.lang), _lang_attr(pair.tgt.lang)
    glossary = view.glossary
    out = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<meta name="generator" content="bitext report">'
           f"<title>{text(title_of(pair.src))} — alignment report</title><style>{asset('report.css')}</style>"
           f"</head><body>", header_html(pair, view, low, plot_svg, matrix), TOOLBAR]
    config = json.dumps({"low": low, "fingerprint": fingerprint(pair.alignment), "name": name,
                         "links": len(view.rows)}, ensure_ascii=True)
    out.append(f'<main><table class="bitext" id="bitext" data-config="{escape(config)}">'
               f'<caption>{len(view.rows)} links, one row each; rows grouped by source paragraph</caption>'
               f'<colgroup><col class="c-conf"><col class="c-src"><col class="c-tgt"><col class="c-qa"></colgroup>'
               f'<thead><tr><th scope="col">link</th><th scope="col" lang="{src_lang}">{text(_language(pair.src.lang))}'
               f'</th><th scope="col" lang="{tgt_lang}">{text(_language(pair.tgt.lang))}</th>'
               f'<th scope="col">findings</th></tr></thead>')
    for n, paragraph in enumerate(view.paragraphs, 1):
        out.append(f'<tbody class="par" id="par{n}">')
        out.extend(row_html(row, glossary, src_lang, tgt_lang) for row in paragraph)
        out.append("</tbody>")
    out.append(f"</table></main><script>{asset('report.js')}</script></body></html>")
    return "".join(out)
