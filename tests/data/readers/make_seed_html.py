"""Render the seed article as a web page would serve it, for the HTML reader's tests.

Run from the project root: ``python tests/data/readers/make_seed_html.py``.  Reads the gold body
(``tests/data/seed/<lang>.txt``) and chrome (``tests/data/seed/chrome_<lang>.tsv``) — never the reader under
test — and writes ``tests/data/readers/sino-russian-entente.<lang>.html`` with a site header and menu, the
article (rubric, tags, language link, title, byline, lede, body), an aside of top reads, a donation box,
related teasers and a footer with a search form.  Source lines are wrapped and indented, and a few
characters are written as entities, so the reader's white-space and entity handling is exercised.
"""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SITE = {
    "en": dict(home="Home", topics="Topics", about="About us", other="ru", copyright="© 2026 bitext demo site. All rights reserved.",
               search_label="Search", share="Share"),
    "ru": dict(home="Главная", topics="Темы", about="О проекте", other="en", copyright="© 2026 демонстрационный сайт bitext. Все права защищены.",
               search_label="Поиск", share="Поделиться"),
}


def esc(text: str) -> str:
    # Escape markup, then spell no-break spaces and one dash as entities, as CMSs often do.
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;").replace("—", "&mdash;")


def wrapped(tag: str, text: str, indent: str, attrs: str = "") -> str:
    lines = textwrap.wrap(esc(text), 100, break_long_words=False, break_on_hyphens=False)
    inner = ("\n" + indent + "  ").join(lines)
    return f"{indent}<{tag}{attrs}>\n{indent}  {inner}\n{indent}</{tag}>"


def page(lang: str) -> str:
    site = SITE[lang]
    blocks = [b for b in (ROOT / "tests/data/seed" / f"{lang}.txt").read_text(encoding="utf-8").split("\n\n") if b.strip()]
    chrome = [line.split("\t", 1) for line in
              (ROOT / "tests/data/seed" / f"chrome_{lang}.tsv").read_text(encoding="utf-8").splitlines() if line]
    by_kind: dict[str, list[str]] = {}
    for kind, text in chrome:
        by_kind.setdefault(kind, []).append(text)
    title, lede, *body = [b.strip("\n") for b in blocks]
    related = by_kind["related"]
    top_heading, top_items = related[0], [r for r in related[1:] if r[:2].rstrip(".").isdigit()]
    rest = related[1 + len(top_items):]
    also_heading, teasers = rest[0], rest[1:]
    other = site["other"]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '  <meta charset="utf-8">',
        f"  <title>{esc(title)} | bitext demo</title>",
        "  <style>body { font-family: serif; } .lede { font-style: italic; }</style>",
        "  <script>window.analytics = {page: 'article'}; document.write('<p>tracking</p>');</script>",
        "</head>",
        "<body>",
        '  <header class="site-header">',
        '    <div class="logo"><a href="/">bitext demo</a></div>',
        '    <nav class="main-menu">',
        f'      <ul><li><a href="/">{site["home"]}</a></li><li><a href="/topics">{site["topics"]}</a></li>'
        f'<li><a href="/about">{site["about"]}</a></li></ul>',
        "    </nav>",
        "  </header>",
        "  <main>",
        "    <article>",
        f'      <div class="rubric"><a href="/topics/foreign-policy">{esc(by_kind["rubric"][0])}</a></div>',
        f'      <div class="tags">{esc(by_kind["tagline"][0])}</div>',
        f'      <div class="translation"><a href="sino-russian-entente.{other}.html" hreflang="{other}" lang="{other}">'
        f'{esc(by_kind["language_switch"][0])}</a></div>',
        f"      <h1>{esc(title)}</h1>",
        f'      <p class="byline">{esc(by_kind["byline"][0])}</p>',
        wrapped("p", lede, "      ", ' class="lede"'),
        *[wrapped("p", paragraph, "      ") for paragraph in body],
        f'      <div class="share-buttons"><a href="#">{site["share"]}</a></div>',
        "    </article>",
        '    <aside class="most-read">',
        f"      <h2>{esc(top_heading)}</h2>",
        "      <ol>",
        *[f'        <li><a href="/a/{i}">{esc(item)}</a></li>' for i, item in enumerate(top_items, 1)],
        "      </ol>",
        "    </aside>",
        '    <div class="donate-box">',
        wrapped("p", by_kind["appeal"][0], "      "),
        "    </div>",
        '    <section class="related">',
        f"      <h2>{esc(also_heading)}</h2>",
        *[f"      <{'h3' if i % 2 == 0 else 'p'}>{esc(t)}</{'h3' if i % 2 == 0 else 'p'}>" for i, t in enumerate(teasers)],
        "    </section>",
        "  </main>",
        "  <footer>",
        f'    <form class="search" action="/search"><label>{esc(by_kind["navigation"][0])}</label>'
        '<input type="text" name="q"></form>',
        f"    <p>{esc(site['copyright'])}</p>",
        "  </footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    for lang in ("en", "ru"):
        target = ROOT / "tests/data/readers" / f"sino-russian-entente.{lang}.html"
        target.write_text(page(lang), encoding="utf-8")
        print(target)
