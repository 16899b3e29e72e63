"""HTML → text and candidate blocks, with lxml: no network, no external entities, scripts and styles dropped.

Block elements (<p>, <li>, <h1>–<h6>, <blockquote>, …) become blocks; inline text loose in a container
becomes a block of its own; a run made only of links (a menu) gives one block per link.  The page's
structure is recorded as a *hint* for the chrome detector: anything inside <nav>, <aside>, a site
<header>/<footer> (not an article's own), or an element whose class/id says "related", "share", "donate",
"menu", … is chrome of that kind.  A link with ``hreflang`` (or ``lang``) or whose text says "Read in
English" is a language switch, with its href.

``Document.text`` is the extracted text: blocks joined by a blank line; offsets refer to it.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .chrome import Candidate
from .patterns import match

SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "head", "button", "input", "select", "textarea", "option", "form-control", "video", "audio", "picture",
        "img", "map"}
BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dt", "dd", "figcaption", "td", "th",
         "pre", "address", "caption", "summary", "legend"}
CONTAINER = {"html", "body", "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul",
             "ol", "dl", "form", "fieldset", "table", "thead", "tbody", "tfoot", "tr", "figure", "details",
             "menu", "hgroup", "center", "search"}
STRUCTURAL = BLOCK | CONTAINER
# class / id words → what the element holds.  Order matters: the first group that matches wins.
CLASS_HINTS = (
    ("language_switch", r"lang(?:uage)?-?(?:switch|select|link|version)s?|translations?|other-lang"),
    ("related", r"related|recommend\w*|popular|most-?read|top-?reads|read-?also|see-?also|teasers?|more-?stories"),
    ("appeal", r"donat\w*|support-?us|subscri\w*|newsletter|paywall|membership|promo|patreon"),
    ("navigation", r"share|sharing|social|search|menu|nav|navbar|navigation|breadcrumbs?|pagination|pager|"
                   r"toolbar|skip-?link"),
    ("tagline", r"tags?|topics?|keywords"),
    ("rubric", r"rubric|kicker|eyebrow|category|section-?name|overline"),
    ("byline", r"byline|author|authors|dateline|pubdate|published|article-?meta|meta-?info"),
    ("lede", r"lede|lead|standfirst|summary|subtitle|subhead|dek|intro|excerpt"),
    ("chrome", r"footer|header|masthead|sidebar|cookies?|copyright|banner|advert\w*|ads?|logo|site-?title"),
)
CLASS_RE = [(kind, re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])")) for kind, pattern in CLASS_HINTS]
TAG_HINTS = {"nav": "navigation", "aside": "related"}
SPACE = re.compile(r"[ \t\n\r\f\v]+")   # HTML white space; a no-break space is content and stays
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A DOCTYPE with an internal subset (entity definitions): HTML has none, and libxml2's HTML parser would
# leak its tail as text; it is dropped before parsing, so no entity it defines is ever expanded.
DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)


def collapse(text: str) -> str:
    return SPACE.sub(" ", text).strip(" ")


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _text(el) -> str:
    """Visible text of *el*, without skipped elements; <br> counts as a space."""
    parts: list[str] = []

    def visit(node, top=False):
        tag = _tag(node)
        if not top and (not tag or tag in SKIP):
            if node.tail:
                parts.append(node.tail)
            return
        if tag == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
        if not top and node.tail:
            parts.append(node.tail)

    visit(el, top=True)
    return collapse("".join(parts))


def _class_hint(el) -> str:
    words = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role")))).lower().replace("_", "-")
    if not words:
        return ""
    for kind, regex in CLASS_RE:
        if regex.search(words):
            return kind
    return ""


def _has_structure(el) -> bool:
    return any(_tag(d) in STRUCTURAL for d in el.iterdescendants() if _tag(d) not in SKIP)


class _Extractor:
    def __init__(self, doc_lang: str):
        self.doc_lang = doc_lang
        self.items: list[tuple[str, str, str, dict[str, str]]] = []   # text, shape, hint, attrs

    def emit(self, text: str, shape: str, hint: str, attrs: dict[str, str] | None = None) -> None:
        if text:
            self.items.append((text, shape, hint, attrs or {}))

    def switch_attrs(self, a) -> dict[str, str] | None:
        """attrs for a language-switch link, or None if *a* is not one."""
        text = _text(a)
        target = (a.get("hreflang") or "").strip()
        wording = match(text, ("full",)) if text else None
        if not target and wording is not None and wording.kind == "language_switch":
            target = wording.lang
        if not target and a.get("lang") and a.get("lang").split("-")[0].lower() != self.doc_lang:
            target = a.get("lang")
        if not target:
            return None
        return {"href": (a.get("href") or "").strip(), "lang": target.split("-")[0].lower()}

    def walk(self, el, hint: str, in_article: bool) -> None:
        tag = _tag(el)
        if not tag or tag in SKIP:
            return
        if tag in ("article", "main") or el.get("role") == "main":
            in_article = True
        own = _class_hint(el) or TAG_HINTS.get(tag, "")
        if tag in ("header", "footer") and not in_article:
            own = own or "chrome"
        if in_article and own == "chrome" and tag not in ("footer",):
            own = ""   # an article's own header holds its title and byline
        hint = own or hint
        if tag == "a":
            attrs = self.switch_attrs(el)
            if attrs is not None:
                self.emit(_text(el), "a", "language_switch", attrs)
                return
        if tag in BLOCK and not _has_structure(el):
            self.block(el, tag, hint)
            return
        self.container(el, hint, in_article)

    def block(self, el, tag: str, hint: str) -> None:
        links = [a for a in el.iter("a")]
        text = _text(el)
        if len(links) == 1 and _text(links[0]) == text:
            attrs = self.switch_attrs(links[0])
            if attrs is not None:
                self.emit(text, tag, "language_switch", attrs)
                return
        self.emit(text, tag, hint)

    def container(self, el, hint: str, in_article: bool) -> None:
        run: list = []   # loose text and inline elements between structural children

        def flush():
            if not run:
                return
            pieces = [p for p in run if not isinstance(p, str) or collapse(p)]
            links = [p for p in pieces if not isinstance(p, str) and _tag(p) == "a"]
            rest = [p for p in pieces if isinstance(p, str) or _tag(p) != "a"]
            if links and all(isinstance(p, str) and not any(ch.isalnum() for ch in p) for p in rest):
                for a in links:   # a menu: one block a link
                    attrs = self.switch_attrs(a)
                    self.emit(_text(a), "a", "language_switch" if attrs else hint, attrs)
            else:
                text = collapse("".join(p if isinstance(p, str) else _text(p) + " " for p in run))
                self.emit(text, "div", hint)
            run.clear()

        if el.text:
            run.append(el.text)
        for child in el:
            tag = _tag(child)
            if tag and tag not in SKIP and (tag in STRUCTURAL or _has_structure(child)):
                flush()
                self.walk(child, hint, in_article)
            elif tag and tag not in SKIP:
                run.append(child)
            if child.tail:
                run.append(child.tail)
        flush()


def html_lang(root) -> str:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    return lang.split("-")[0].lower()


def parse(markup: str):
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    markup = XML_DECLARATION.sub("", markup, count=1)
    markup = DOCTYPE_SUBSET.sub("", markup, count=1)
    try:
        return lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError):
        # Markup with no element libxml2 can recover (an attribute quote never closed swallows the page):
        # an empty page, which the reader then reports as "no text found" under the file's name.
        return lxml.html.document_fromstring("<html><body></body></html>", parser=parser)


# <meta name|property=...> and <link rel=canonical> worth keeping, under the key they get in Document.meta.
META_NAMES = {
    "author": "html.author", "description": "html.description", "date": "html.date",
    "article:published_time": "html.published", "og:title": "html.og_title", "og:url": "html.url",
    "dc.title": "html.title", "dc.creator": "html.author", "dc.date": "html.date",
}


def page_meta(root) -> dict[str, str]:
    """Bibliographic facts a page states about itself (``html.*`` keys; a sidecar .meta.json wins)."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = META_NAMES.get((el.get("name") or el.get("property") or "").strip().lower())
        value = collapse(el.get("content") or "")
        if key and value:
            found.setdefault(key, value)
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            found.setdefault("html.url", el.get("href").strip())
    title = root.find(".//title")
    if title is not None and _text(title):
        found.setdefault("html.title", _text(title))
    return found


def html_candidates(markup: str) -> tuple[str, list[Candidate], dict[str, str]]:
    """``(text, candidates, facts)``: the extracted text, its blocks, and page facts (lang, title)."""
    root = parse(markup)
    lang = html_lang(root)
    extractor = _Extractor(lang)
    body = root.find("body")
    extractor.walk(body if body is not None else root, "", False)
    items = extractor.items
    facts = {"lang": lang, **page_meta(root)}
    title_el = root.find(".//title")
    if title_el is not None and _text(title_el):
        facts["title"] = _text(title_el)
        if not any(shape == "h1" for _, shape, _, _ in items):
            items.insert(0, (facts["title"], "h1", "title", {}))
    candidates = []
    parts = []
    pos = 0
    for text, shape, hint, attrs in items:
        if parts:
            parts.append("\n\n")
            pos += 2
        candidates.append(Candidate(pos, pos + len(text), text, shape, hint, attrs))
        parts.append(text)
        pos += len(text)
    return "".join(parts), candidates, facts


MARKUP_START = re.compile(r"<(?:!doctype html|html|head|body|p|div|article|main|section)[\s>]")


def looks_like_html(text: str) -> bool:
    """Markup from the first character: a doctype, <html>, or a common block element near the top."""
    head = text.lstrip("\ufeff \t\n")[:2000].lower()
    return head.startswith("<") and bool(MARKUP_START.search(head))
