"""Readers: decoding, pre-segmented files, plain text and HTML with chrome detection, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import InputError
from corpus.readers import read_segmented
from corpus.readers.encoding import decode_bytes

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
ALIGNMENT = SHARED / "alignment"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (shared gold data lives in ../shared)")
    return path


# --- pre-segmented ----------------------------------------------------------------------------------------

def test_segmented_lines_blocks_and_offsets(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes("First one.\r\nSecond\u00a0one «x».\r\n\r\n\r\n  Third — one.  \r\n".encode("utf-8"))
    doc = read_segmented(path, "en")
    doc.check()
    assert doc.text == "First one.\nSecond\u00a0one «x».\n\n\n  Third — one.  \n"
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
    assert [[s.text for s in b.sentences] for b in doc.blocks] == [
        ["First one.", "Second\u00a0one «x»."], ["Third — one."]]
    assert doc.source.encoding == "utf-8" and doc.source.size == len(path.read_bytes())


@pytest.mark.parametrize("name", ["sentences_en.txt", "sentences_ru.txt"])
def test_segmented_gold_sentences_count_lines(name):
    folders = sorted(need(ALIGNMENT / "wmt21_en_ru").iterdir())
    checked = 0
    for folder in folders:
        path = folder / name
        if not path.is_file():
            continue
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc = read_segmented(path, name[-6:-4])
        doc.check()
        assert [s.text for _, _, s in doc.sentences()] == [line.strip() for line in lines]
        checked += 1
    assert checked >= 60


def test_segmented_paragraph_blocks_from_en_txt():
    path = need(ALIGNMENT / "wmt21_en_ru" / "abcnews.420102" / "en.txt")
    doc = read_segmented(path, "en")
    doc.check()
    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert len(doc.blocks) == len(paragraphs)
    assert [b.text for b in doc.blocks] == [p.strip() for p in paragraphs]


# --- shared helpers for real text -------------------------------------------------------------------------

import hashlib  # noqa: E402
import re  # noqa: E402
import json  # noqa: E402

from corpus.document import BODY_KINDS, CHROME_KINDS  # noqa: E402
from corpus.langid import detect  # noqa: E402
from corpus.metadata import read_meta  # noqa: E402
from corpus.readers import document_from_text, read_document  # noqa: E402

SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "data" / "seed"
READERS_DATA = ROOT / "tests" / "data" / "readers"
SEGMENTATION = SHARED / "segmentation"
LANGS = ("en", "ru")


def seed(lang: str) -> Path:
    return need(SEEDS / f"sino-russian-entente.{lang}.txt")


def gold_body(lang: str) -> list[str]:
    text = need(SEED_GOLD / f"{lang}.txt").read_text(encoding="utf-8")
    return [block.strip("\n") for block in text.split("\n\n") if block.strip()]


def gold_chrome(lang: str) -> list[list[str]]:
    lines = need(SEED_GOLD / f"chrome_{lang}.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1) for line in lines if line]


def gold_kinds(lang: str) -> list[str]:
    return [b["kind"] for b in json.loads(need(SEED_GOLD / "paragraphs.json").read_text(encoding="utf-8"))[lang]]


def wmt_docs() -> list[Path]:
    return sorted(need(ALIGNMENT / "wmt21_en_ru").glob("*/[er][nu].txt"))


def paragraphs_of(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


# --- decoding ---------------------------------------------------------------------------------------------

KOI8_FALLBACK = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "„": '"',
                               "«": '"', "»": '"', "…": "..."})


def reencodings(text: str) -> dict[str, tuple[bytes, str, str]]:
    """name → (bytes, expected encoding, expected decoded text).  koi8-r has no typographic quotes or
    dashes, so that copy spells them in ASCII (as koi8-r files do) and is compared with the same spelling."""
    crlf = text.replace("\n", "\r\n")
    ascii_typography = text.translate(KOI8_FALLBACK)
    return {
        "utf-8": (text.encode("utf-8"), "utf-8", text),
        "utf-8-sig": (b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig", text),
        "utf-16-le": (b"\xff\xfe" + text.encode("utf-16-le"), "utf-16", text),
        "utf-16-be": (b"\xfe\xff" + text.encode("utf-16-be"), "utf-16", text),
        "cp1251": (text.encode("cp1251"), "cp1251", text),
        "cp1251-crlf": (crlf.encode("cp1251"), "cp1251", text),
        "koi8-r": (ascii_typography.encode("koi8-r"), "koi8-r", ascii_typography),
        "utf-8-crlf": (crlf.encode("utf-8"), "utf-8", text),
        "utf-8-cr": (text.replace("\n", "\r").encode("utf-8"), "utf-8", text),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_seed_reencoded_reads_to_same_text_and_blocks(lang, tmp_path):
    original = read_document(seed(lang))
    reference = seed(lang).read_text(encoding="utf-8")
    assert original.text == reference.replace("\r\n", "\n")
    for name, (data, encoding, expected) in reencodings(reference).items():
        path = tmp_path / f"seed.{name}.txt"
        path.write_bytes(data)
        doc = read_document(path)
        doc.check()
        assert doc.source.encoding == encoding, name
        assert doc.text == expected, name
        assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
        assert doc.source.size == len(data)
        assert doc.lang == lang
        if name != "koi8-r":
            assert [(b.kind, b.text) for b in doc.blocks] == [(b.kind, b.text) for b in original.blocks], name
        else:
            assert [b.kind for b in doc.blocks] == [b.kind for b in original.blocks]


def test_typography_kept_exactly(tmp_path):
    text = "«Ёлки»\u00a0— это ‘quotes’ and “dashes” – … \u202f\u2009end.\n"
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path).text == text


def _russian_sentences() -> list[str]:
    sentences = []
    for name in ("ru_pud_doc", "ru_gsd_win10", "ru_razdel_corpora"):
        for line in need(SEGMENTATION / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            sentences.extend(json.loads(line)["sents"])
    return sentences


def test_cp1251_and_koi8r_told_apart_on_short_real_text():
    """Every Russian gold sentence, in both code pages: the right one is chosen for ≥ 99.5% (measured 99.93%);
    three-word snippets ≥ 99% (measured 99.95%).  charset-normalizer 3.x got 83% on 10-word snippets."""
    sentences = _russian_sentences()
    for words in (None, 3):
        right = total = 0
        for sentence in sentences[::3]:
            text = sentence if words is None else " ".join(sentence.split()[:words])
            if not any("\u0400" <= ch <= "\u04ff" for ch in text):
                continue
            for encoding in ("cp1251", "koi8-r"):
                try:
                    data = text.encode(encoding)
                except UnicodeEncodeError:
                    continue
                total += 1
                try:
                    right += decode_bytes(data)[0] == text
                except InputError:
                    pass
        assert total > 2000
        assert right / total >= (0.995 if words is None else 0.99), (words, right, total)


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    (b" \n\t\r\n  ", "only whitespace"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00", "binary"),
    ("plain text".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
    (b"a\x00b\n", "binary data, or UTF-16"),           # too short to tell which
    ("OK".encode("utf-16-le"), "binary data, or UTF-16"),
    ("Le café crème à la française, déjà vu.".encode("latin-1"), "undecodable"),
    ("Ärger über Öl und Größe".encode("cp1252"), "undecodable"),
    (b"\xff\xfe\x00\x00" + "text".encode("utf-32-le"), "UTF-32"),
    (b"\xef\xbb\xbf\xff\xfe broken", "undecodable"),
    (b"text with a bell \x07 in it", "control characters"),
])
def test_refused_bytes(tmp_path, data, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert problem in caught.value.problem
    assert caught.value.path == str(path)
    with pytest.raises(InputError):
        read_segmented(path)


def test_refused_paths(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_windows_typography_without_cyrillic_is_cp1251(tmp_path):
    path = tmp_path / "w.txt"
    path.write_bytes("He said “yes” — twice…".encode("cp1251"))
    doc = read_document(path)
    assert doc.text == "He said “yes” — twice…" and doc.source.encoding == "cp1251"


# --- the seed pair: body, kinds, chrome ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_seed_body_blocks_are_gold(lang):
    doc = read_document(seed(lang))
    doc.check()
    body = doc.body_blocks()
    assert [b.text for b in body] == gold_body(lang)
    assert [b.kind for b in body] == gold_kinds(lang)
    assert body[0].kind == "title" and body[1].kind == "lede"


@pytest.mark.parametrize("lang", LANGS)
def test_seed_chrome_is_gold(lang):
    doc = read_document(seed(lang))
    assert [[b.kind, b.text] for b in doc.chrome_blocks()] == gold_chrome(lang)
    assert all(b.kind in CHROME_KINDS for b in doc.chrome_blocks())


@pytest.mark.parametrize("lang, other", [("en", "ru"), ("ru", "en")])
def test_seed_language_switch_recorded(lang, other):
    doc = read_document(seed(lang))
    switches = [b for b in doc.blocks if b.kind == "language_switch"]
    assert len(switches) == 1
    assert switches[0].attrs == {"href": "", "lang": other}


@pytest.mark.parametrize("lang", LANGS)
def test_seed_metadata(lang):
    doc = read_document(seed(lang))
    raw = json.loads((SEEDS / f"sino-russian-entente.{lang}.meta.json").read_text(encoding="utf-8"))
    assert doc.meta["title"] == raw["title"]
    assert doc.meta["stands_in_for.publisher"] == raw["stands_in_for"]["publisher"]
    assert doc.meta["url"] == ""                       # JSON null
    assert all(isinstance(v, str) for v in doc.meta.values())
    for key, value in raw.items():   # nested objects are flattened with dotted keys
        if isinstance(value, dict):
            for inner, item in value.items():
                if isinstance(item, (int, float)) and not isinstance(item, bool):
                    assert json.loads(doc.meta[f"{key}.{inner}"]) == item
        elif isinstance(value, str):
            assert doc.meta[key] == value


def test_metadata_absent_and_broken(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Text.\n", encoding="utf-8")
    assert read_meta(path) == {}
    (tmp_path / "x.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_document(path)
    (tmp_path / "x.meta.json").write_text('{"a": {"b": [1, "x"]}, "n": 3}', encoding="utf-8")
    assert read_meta(path) == {"a.b": '[1, "x"]', "n": "3"}


# --- chrome detection is general: other pages, other words, other layouts ---------------------------------

def _page(lang: str, paragraphs: list[str], *, compact: bool = False, url: str = "") -> tuple[str, int, int]:
    """Wrap an article's paragraphs in site chrome worded differently from the seed's.  Returns the page
    and the index range of the article's blocks among the page's blocks."""
    if lang == "en":
        above = ["World", "Politics / Security / Europe", "Читать на русском" + (f": {url}" if url else "")]
        byline = "By Jane Doe | 12 March 2021 | 5 min read"
        below = ["Most read", "- The quiet end of a long war", "- Who pays for the new canal",
                 "Support independent journalism: become a member or make a donation today, it takes a minute.",
                 "See also", "A very different election", "Ann Lee", "Menu", "© 2021 Example Media. All rights reserved."]
    else:
        above = ["Мир", "Политика / Безопасность / Европа", "Read in English" + (f" {url}" if url else "")]
        byline = "Автор: Иван Петров, 12 марта 2021"
        below = ["Самое читаемое", "- Тихий конец долгой войны", "- Кто заплатит за новый канал",
                 "Подпишитесь на нашу рассылку и поддержите редакцию пожертвованием — это займёт минуту.",
                 "Смотрите также", "Совсем другие выборы", "Анна Ли", "Меню", "© 2021 Пример. Все права защищены."]
    title, *body = paragraphs
    sep = "\n" if compact else "\n\n"
    head = sep.join(above) + "\n\n" + title + "\n\n" + byline + "\n\n"
    page = head + "\n\n".join(body) + "\n\n" + sep.join(below) + "\n"
    return page, len(above), len(above) + 2 + len(body)


@pytest.mark.parametrize("compact", [False, True])
def test_chrome_around_every_wmt21_article(compact):
    """Real articles (68 × en, ru) under chrome worded unlike the seed: body found exactly, chrome classified."""
    checked = garbled = 0
    for path in wmt_docs():
        lang = path.stem
        paragraphs = paragraphs_of(path)
        if len(paragraphs) < 3:
            continue
        page, first, stop = _page(lang, paragraphs, compact=compact, url="https://example.org/a?id=1")
        doc = document_from_text(page, "auto")
        doc.check()
        if detect("\n".join(paragraphs)) != lang:
            # One published Russian reference (nytimes.268790) is cp1251 mojibake (read as Latin-1).
            garbled += 1
        else:
            assert doc.lang == lang, path
        assert [b.text for b in doc.body_blocks()] == [paragraphs[0], *paragraphs[1:]], path
        kinds = [b.kind for b in doc.blocks]
        assert kinds[:first] == ["rubric", "tagline", "language_switch"], (path, kinds[:first])
        assert kinds[first] == "title" and kinds[first + 1] == "byline", path
        assert kinds[stop:] == ["related", "related", "related", "appeal", "related", "related", "related",
                                "navigation", "chrome"], (path, kinds[stop:])
        switch = doc.blocks[2]
        assert switch.attrs == {"href": "https://example.org/a?id=1", "lang": "ru" if lang == "en" else "en"}
        assert doc.counterpart == "https://example.org/a?id=1"
        checked += 1
    assert checked >= 100 and garbled <= 1


def test_inline_teaser_does_not_end_the_body():
    paragraphs = gold_body("en")
    text = "\n\n".join(paragraphs[:5] + ["Read also: Why the Arctic matters"] + paragraphs[5:]) + "\n"
    doc = document_from_text(text, "en")
    assert [b.text for b in doc.body_blocks()] == paragraphs
    assert [b.kind for b in doc.chrome_blocks()] == ["related"]


def test_wrapped_paragraphs_and_lists():
    text = ("A title of the page\n\n"
            "This paragraph was hard-wrapped by an editor at seventy characters, so\n"
            "its lines break in the middle of sentences and must be read as one\n"
            "block.\n\n"
            "The list below has three items:\n"
            "- first item\n- second item\n- third item\n")
    doc = document_from_text(text, "en")
    doc.check()
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", "paragraph", "list_item", "list_item", "list_item"]
    assert doc.blocks[1].text.count("\n") == 2


# --- shared alignment texts: every paragraph is a body block --------------------------------------------

def test_wmt21_every_paragraph_is_body():
    docs = wmt_docs()
    assert len(docs) >= 130
    for path in docs:
        doc = read_document(path)
        doc.check()
        assert [b.text for b in doc.body_blocks()] == paragraphs_of(path), path
        assert not doc.chrome_blocks(), path


@pytest.mark.parametrize("name", ["textberg_de_fr", "parice_en_is", "bible_en_zh_bertalign"])
def test_other_alignment_sets_read_whole_and_in_their_language(name):
    """de, fr, is, zh and English books: every paragraph is a body block and the language is found."""
    paths = [p for p in sorted(need(ALIGNMENT / name).glob("*/*.txt")) if not p.name.startswith("sentences_")]
    assert paths
    for path in paths:
        doc = read_document(path)
        doc.check()
        assert [b.text for b in doc.body_blocks()] == paragraphs_of(path), path
        assert doc.lang == path.stem, path


# --- HTML -------------------------------------------------------------------------------------------------

def seed_html(lang: str) -> Path:
    return READERS_DATA / f"sino-russian-entente.{lang}.html"


@pytest.mark.parametrize("lang, other", [("en", "ru"), ("ru", "en")])
def test_html_seed_page(lang, other):
    doc = read_document(seed_html(lang))
    doc.check()
    assert doc.source.media_type == "text/html" and doc.lang == lang
    body = doc.body_blocks()
    assert [b.text for b in body] == gold_body(lang)
    assert [b.kind for b in body] == gold_kinds(lang)
    assert doc.counterpart == f"sino-russian-entente.{other}.html"
    switch = next(b for b in doc.blocks if b.kind == "language_switch")
    assert switch.attrs["lang"] == other
    # Every chrome line of the text copy is chrome of the same kind here, in order, among the page's extras.
    chrome = [[b.kind, b.text] for b in doc.chrome_blocks()]
    position = 0
    for entry in gold_chrome(lang):
        position = chrome.index(entry, position) + 1
    assert "analytics" not in doc.text and "font-family" not in doc.text
    assert doc.text == "\n\n".join(b.text for b in doc.blocks)


def test_html_same_text_as_plain_body():
    for lang in LANGS:
        plain = read_document(seed(lang))
        html = read_document(seed_html(lang))
        assert [b.text for b in plain.body_blocks()] == [b.text for b in html.body_blocks()]


def test_html_detected_by_content_and_refuses_nothing_external(tmp_path):
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html SYSTEM "http://example.invalid/x.dtd" '
            '[<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n<html><body><h1>Heading here</h1>'
            '<p>It was &ldquo;fine&rdquo;&nbsp;&mdash; mostly. &ext;</p>'
            '<p><a href="/de/x" hreflang="de">Deutsch</a></p></body></html>')
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    doc.check()
    assert doc.source.media_type == "text/html"
    assert "root:" not in doc.text
    assert doc.blocks[0].kind == "title"
    assert doc.blocks[1].text.startswith("It was “fine”\u00a0— mostly.")
    assert doc.blocks[-1].kind == "language_switch" and doc.blocks[-1].attrs == {"href": "/de/x", "lang": "de"}


# --- language identification ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, lang", [
    ("en_ewt_par", "en"), ("en_pud_doc", "en"), ("ru_pud_doc", "ru"), ("ru_gsd_win10", "ru"),
    ("ru_razdel_corpora", "ru"),
])
def test_langid_on_gold_sentences(name, lang):
    right = total = 0
    for line in need(SEGMENTATION / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        for sentence in json.loads(line)["sents"]:
            if len(sentence) > 40:
                total += 1
                right += detect(sentence) == lang
    assert right / total >= 0.99, (right, total)


@pytest.mark.parametrize("text, lang", [
    ("Der Hund ist nicht mit dem Mann nach Hause gekommen.", "de"),
    ("Le chien est dans la maison avec les enfants.", "fr"),
    ("Hann fór til Reykjavíkur og það var gott veður.", "is"),
    ("这是一个测试句子。", "zh"), ("これは日本語の文です。", "ja"), ("한국어 문장입니다", "ko"),
    ("Привіт, як справи? Це українська мова.", "uk"), ("", "und"), ("12345 ---", "und"),
])
def test_langid_other_languages(text, lang):
    assert detect(text) == lang


# The same few sentences (a day on a mountain) in languages the function-word lists do not know: each used to be
# named after the listed language that shared the most short words with it (Czech and Polish Portuguese, Danish
# and Swedish Icelandic, Romanian and Turkish Italian, Finnish English, Serbian Russian).
OTHER_LANGUAGES = {
    "cs": "Dnes ráno jsme vyrazili na horu a počasí bylo krásné, i když foukal silný vítr. Cesta vedla lesem a "
          "potom po skalnatém hřebeni, kde jsme museli být opatrní.",
    "pl": "Dziś rano wyruszyliśmy na górę i pogoda była piękna, choć wiał silny wiatr. Ścieżka prowadziła przez "
          "las, a potem skalistą granią, na której musieliśmy uważać.",
    "da": "I morges gik vi op på bjerget, og vejret var smukt, selv om det blæste kraftigt. Stien gik gennem skoven "
          "og derefter langs en stenet kam, hvor vi måtte være forsigtige.",
    "sv": "I morse gick vi upp på berget och vädret var vackert, även om det blåste hårt. Stigen gick genom skogen "
          "och sedan längs en stenig ås där vi fick vara försiktiga.",
    "fi": "Tänään aamulla lähdimme vuorelle ja sää oli kaunis, vaikka tuuli puhalsi voimakkaasti. Polku kulki "
          "metsän läpi ja sitten kivistä harjannetta pitkin, jossa meidän piti olla varovaisia.",
    "ro": "Azi dimineață am pornit spre munte și vremea a fost frumoasă, deși bătea un vânt puternic. Poteca "
          "trecea prin pădure și apoi pe o creastă stâncoasă, unde a trebuit să fim atenți.",
    "tr": "Bu sabah dağa doğru yola çıktık ve hava güzeldi, ancak kuvvetli bir rüzgar esiyordu. Patika ormanın "
          "içinden, sonra da dikkatli olmamız gereken kayalık bir sırttan geçiyordu.",
    "sr": "Јутрос смо кренули на планину и време је било лепо, иако је дувао јак ветар. Стаза је водила кроз шуму, "
          "а затим стеновитим гребеном, где смо морали да будемо пажљиви.",
}


@pytest.mark.parametrize("lang", sorted(OTHER_LANGUAGES))
def test_langid_names_languages_beyond_the_word_lists(lang):
    assert detect(OTHER_LANGUAGES[lang]) == lang


def test_langid_on_every_gold_document():
    """Each side of every document in the shared alignment sets, as a whole text: all right but one published
    Russian reference of WMT21 that is cp1251 mojibake (nytimes.268790, read as Latin-1)."""
    wrong, total = [], 0
    for meta in sorted(need(ALIGNMENT).glob("*/*/meta.json")):
        for lang in json.loads(meta.read_text(encoding="utf-8"))["langs"]:
            path = meta.parent / f"{lang}.txt"
            if not path.is_file():
                continue
            total += 1
            if detect(path.read_text(encoding="utf-8")) != lang:
                wrong.append(f"{meta.parent.name}/{lang}")
    assert total >= 170 and wrong == ["nytimes.268790/ru"], (total, wrong)


def test_every_block_kind_is_known():
    for path in [seed("en"), seed("ru"), seed_html("en"), seed_html("ru")]:
        for block in read_document(path).blocks:
            assert block.kind in BODY_KINDS + CHROME_KINDS


PROSE_1 = "The council voted on Thursday night to begin the removal process, after hearing dozens of speakers."
PROSE_2 = ("Workers took down the tall monument on Saturday morning, media outlets reported. It was installed "
           "in 1905 and stood outside the old courthouse, in the same place that auctions were once held.")


@pytest.mark.parametrize("blocks, kinds", [
    (["Local news", "City removes an old monument", PROSE_1, PROSE_2], ["rubric", "title", "paragraph", "paragraph"]),
    (["City removes an old monument", "Jane Doe", PROSE_1, PROSE_2], ["title", "byline", "lede", "paragraph"]),
    (["City removes an old monument", "Workers finished the job before the weekend", PROSE_1, PROSE_2],
     ["title", "heading", "paragraph", "paragraph"]),
    (["Politics, Society", "City removes an old monument", "Published 3 July 2020, 14:05", PROSE_1, PROSE_2],
     ["tagline", "title", "byline", "lede", "paragraph"]),
    (["City removes an old monument", PROSE_1, "Share on Facebook", PROSE_2, "Comments"],
     ["title", "paragraph", "navigation", "paragraph", "navigation"]),
])
def test_small_layouts(blocks, kinds):
    doc = document_from_text("\n\n".join(blocks) + "\n", "en")
    doc.check()
    assert [b.kind for b in doc.blocks] == kinds


def _html_page(lang: str, paragraphs: list[str]) -> str:
    """Another site's template (unlike the seed page): menus with language links, breadcrumbs, a <time>,
    the text in <div class="article-body">, a sidebar, a newsletter box and a footer."""
    from html import escape

    title, *body = paragraphs
    other = "ru" if lang == "en" else "en"
    return "\n".join([
        f'<!doctype html><html lang="{lang}-XX"><head><title>{escape(title)} - Example</title>',
        "<script>var x = '<p>not text</p>';</script></head><body>",
        '<div id="top-bar"><ul class="lang-menu"><li><a href="/en/" hreflang="en">EN</a></li>'
        '<li><a href="/ru/" hreflang="ru">RU</a></li></ul></div>',
        '<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/world">World</a></nav>',
        '<div class="content"><div class="post">',
        f'<h1 class="post-title">{escape(title)}</h1>',
        '<div class="post-meta"><span class="author">Jane Doe</span> <time datetime="2020-07-28">28.07.2020</time></div>',
        '<div class="article-body">',
        *[f"<p>{escape(p)}</p>" for p in body],
        "</div>",
        f'<p class="translation-note"><a href="/{other}/story-1" lang="{other}">{"Читать на русском" if other == "ru" else "Read in English"}</a></p>',
        "</div>",
        '<div class="sidebar"><h3>Popular</h3><ul><li><a href="/1">First teaser title</a></li>'
        '<li><a href="/2">Second teaser title</a></li></ul></div>',
        '<div class="newsletter"><p>Get our best stories every morning in your inbox, sign up now.</p></div>',
        "</div>",
        '<footer><p>Contacts</p><p>© 2020 Example Media</p></footer>',
        "</body></html>",
    ])


def test_html_template_around_every_wmt21_article():
    checked = 0
    for path in wmt_docs():
        lang = path.stem
        paragraphs = paragraphs_of(path)
        doc = document_from_text(_html_page(lang, paragraphs), "auto", "text/html")
        doc.check()
        assert doc.lang == lang
        assert [b.text for b in doc.body_blocks()] == [re.sub(r"[ \t\n\r\f\v]+", " ", p).strip() for p in paragraphs], path
        assert doc.body_blocks()[0].kind == "title"
        other = "ru" if lang == "en" else "en"
        # The "EN | RU" menu leads to front pages: navigation; the article's own link is the counterpart.
        assert doc.counterpart == f"/{other}/story-1"
        assert [b.attrs for b in doc.blocks if b.kind == "language_switch"] == [
            {"href": f"/{other}/story-1", "lang": other}]
        assert [b.text for b in doc.blocks[:2]] == ["EN", "RU"] and doc.blocks[0].kind == "navigation"
        assert "not text" not in doc.text
        checked += 1
    assert checked >= 130


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("layout", ["labels-in-one-run", "every-line-apart", "crlf-and-trailing-spaces"])
def test_seed_layout_variants(lang, layout):
    """The same page copied differently: the body and the chrome kinds must not change."""
    text = seed(lang).read_text(encoding="utf-8")
    runs = text.split("\n\n")
    if layout == "labels-in-one-run":      # rubric, tag line and language link with no blank line between
        text = "\n".join(runs[:3]) + "\n\n" + "\n\n".join(runs[3:])
    elif layout == "every-line-apart":     # list items and teaser/author pairs separated by blank lines
        text = "\n\n".join(run.replace("\n", "\n\n") for run in runs)
    else:
        text = "\r\n".join(line + "  " for line in text.split("\n"))
    doc = document_from_text(text.replace("\r\n", "\n"), "auto")
    doc.check()
    assert [b.text for b in doc.body_blocks()] == gold_body(lang)
    assert [b.kind for b in doc.body_blocks()] == gold_kinds(lang)
    assert [[b.kind, b.text] for b in doc.chrome_blocks()] == gold_chrome(lang)


def test_html_page_metadata_and_sidecar(tmp_path):
    page = ('<html lang="en"><head><title>A page title | Site</title><meta name="author" content="Jane  Doe">'
            '<link rel="canonical" href="https://example.org/story"></head>'
            '<body><h1>A page title</h1><p>Some text of the story that is a sentence.</p></body></html>')
    path = tmp_path / "story.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.meta == {"html.title": "A page title | Site", "html.author": "Jane Doe",
                        "html.url": "https://example.org/story"}
    (tmp_path / "story.meta.json").write_text('{"title": "A page title", "html.author": "J. Doe"}', encoding="utf-8")
    doc = read_document(path)
    assert doc.meta["title"] == "A page title" and doc.meta["html.author"] == "J. Doe"


def test_broken_utf8_is_refused_not_misread_as_cp1251(tmp_path):
    """Russian UTF-8 with one stray byte is not Russian in either 8-bit code page: refused, with the place."""
    data = seed("ru").read_bytes()
    path = tmp_path / "broken.txt"
    path.write_bytes(data[:4000] + b"\xff" + data[4000:])
    with pytest.raises(InputError, match="not UTF-8 at byte 4000"):
        read_document(path)


@pytest.mark.parametrize("lang", LANGS)
def test_seed_html_pages_are_current(lang):
    """The committed pages are rendered from the seed gold; if the gold changed, re-run the generator."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_seed_html", READERS_DATA / "make_seed_html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert seed_html(lang).read_text(encoding="utf-8") == module.page(lang), (
        "tests/data/readers/*.html are stale: run `python tests/data/readers/make_seed_html.py`")


@pytest.mark.skipif(not (ROOT.parent / "shared" / "data" / "alignment").is_dir(), reason="../shared is absent")
def test_chinese_paragraphs_are_paragraphs_not_headings():
    """Genesis in Chinese under its title, four sentences a paragraph: the title is the title and every
    paragraph a paragraph.  Counted by spaces, an 80-character Chinese paragraph was "3 words" without a full
    stop (。), so every one of them was written as a TEI <head>."""
    zh = (ROOT.parent / "shared" / "data" / "alignment" / "bible_en_zh_bertalign" / "001" / "sentences_zh.txt")
    sentences = zh.read_text(encoding="utf-8").splitlines()[:60]
    text = "创世记\n\n" + "\n\n".join("".join(sentences[k:k + 4]) for k in range(0, 60, 4)) + "\n"
    document = document_from_text(text, "zh")
    kinds = [block.kind for block in document.blocks]
    assert kinds == ["title"] + ["paragraph"] * 15


def test_thai_paragraphs_are_paragraphs_not_headings():
    """Thai ends a sentence with a space and no mark.  Each gold Thai sentence a paragraph: counted by spaces
    (a few phrases each) and without a full stop, 10 of the 15 were headings; by letters, only the two
    shortest (under 20 words) still read as headings, as a short line without a full stop does in any
    language."""
    sentences = [line for line in (ROOT / "tests" / "data" / "thai" / "sentences_th.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    document = document_from_text("\n\n".join(sentences) + "\n", "th")
    kinds = [block.kind for block in document.blocks]
    assert len(kinds) == len(sentences) == 15
    assert kinds.count("paragraph") >= 13


@pytest.mark.skipif(not (ROOT.parent / "shared" / "data" / "alignment").is_dir(), reason="../shared is absent")
@pytest.mark.parametrize("width", [30, 35, 40])
def test_a_hard_wrapped_chinese_text_keeps_its_paragraphs_and_sentences(tmp_path, width):
    """Genesis in Chinese, eight sentences a paragraph, hard-wrapped at 60-80 columns as e-texts are.  The lines
    are 30-40 characters, which counted as characters looked too short for a wrapped paragraph (19 paragraphs
    read as 95-109 blocks), and a line that opens with the 。 wrapped onto it made a sentence of its own (162
    sentences for 150).  Now every paragraph is one block and every sentence is the text's own, line breaks
    kept inside it."""
    from aligner.pipeline import load_document

    zh = ROOT.parent / "shared" / "data" / "alignment" / "bible_en_zh_bertalign" / "001" / "zh.txt"
    sentences = re.findall(r"[^。！？]+[。！？]", zh.read_text(encoding="utf-8")[:3000])
    paragraphs = ["".join(sentences[k:k + 8]) for k in range(0, len(sentences), 8)]
    path = tmp_path / "genesis.zh.txt"
    path.write_text("\n\n".join("\n".join(p[k:k + width] for k in range(0, len(p), width)) for p in paragraphs)
                    + "\n", encoding="utf-8")
    document = load_document(path, "zh")
    assert len(document.blocks) == len(paragraphs)
    assert [s.text.replace("\n", "") for _, _, s in document.sentences()] == sentences


def test_hindi_paragraphs_ending_in_a_danda_are_paragraphs():
    """The first articles of the Universal Declaration of Human Rights in Hindi under its title: a paragraph
    ends with the danda ।, which the reader did not know as a full stop, so the one-sentence articles were
    headings and the title was no title."""
    text = ("मानव अधिकारों की सार्वभौम घोषणा\n\n"
            "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। उन्हें बुद्धि और "
            "अन्तरात्मा की देन प्राप्त है और परस्पर उन्हें भाईचारे के भाव से बर्ताव करना चाहिये।\n\n"
            "हर किसी को इस घोषणा में उल्लिखित सभी अधिकार और स्वतन्त्रताएँ प्राप्त हैं।\n\n"
            "प्रत्येक व्यक्ति को जीवन, स्वाधीनता और वैयक्तिक सुरक्षा का अधिकार है।\n")
    document = document_from_text(text, "hi")
    assert [block.kind for block in document.blocks] == ["title", "paragraph", "paragraph", "paragraph"]


# The seed article's head and first paragraphs in Chinese, Japanese, Korean and Arabic: title, author, date, text.
CJK_HEADS = {
    "zh": "迈向中俄协约？\n\n迈克尔·科夫曼\n\n2019年5月20日\n\n"
          "俄罗斯和中国今天比二十世纪五十年代以来的任何时候都更加接近，但它们并没有建立联盟。正在形成的是一种协约。\n\n"
          "两国首都的官员都坚持认为，这种关系是历史上最好的。莫斯科和北京的领导人每年会面多次。\n",
    "ja": "中露協商へ向かうのか？\n\nマイケル・コフマン\n\n2019年5月20日\n\n"
          "ロシアと中国は、1950年代以来のどの時点よりも今日接近しているが、同盟を築いているわけではない。代わりに現れているのは"
          "協商である。\n\n両国の首都の当局者は、関係は史上最良だと主張する。モスクワと北京の指導者は年に数回会談している。\n",
    "ko": "중러 협상을 향하여?\n\n마이클 코프먼\n\n2019년 5월 20일\n\n"
          "러시아와 중국은 오늘날 1950년대 이후 그 어느 때보다 가깝지만 동맹을 구축하고 있지는 않다. 대신 나타나고 있는 것은 "
          "협상이다.\n\n양국 수도의 관리들은 관계가 역대 최고라고 주장한다. 모스크바와 베이징의 지도자들은 1년에 여러 차례 만난다.\n",
    "ar": "نحو وفاق صيني روسي؟\n\nمايكل كوفمان\n\n20 مايو 2019\n\n"
          "روسيا والصين أقرب اليوم من أي وقت مضى منذ الخمسينيات، لكنهما لا تبنيان تحالفا. "
          "ما يظهر بدلا من ذلك هو وفاق.\n\n"
          "يصر المسؤولون في العاصمتين على أن العلاقات هي الأفضل على الإطلاق. "
          "يلتقي قادة موسكو وبكين عدة مرات في السنة.\n",
}


def test_japanese_nouns_joined_by_a_middle_dot_are_no_name():
    """Japanese joins coordinated nouns with ・ as it joins the parts of a foreign name; a heading such as
    «中国・ロシア関係の新時代» (China–Russia relations) stays the title."""
    text = "中国・ロシア関係の新時代\n\n" + CJK_HEADS["ja"].split("\n\n", 3)[3]
    document = document_from_text(text, "ja")
    assert [block.kind for block in document.blocks] == ["title", "paragraph", "paragraph"]


def test_words_keep_their_vowel_signs():
    """«माइकल कॉफमैन» (Michael Kofman) is two words; counted with Python's \\w, which leaves out the Devanagari
    vowel signs, it was five, so the author under a Hindi title read as a heading of the article."""
    text = ("रूस-चीन मैत्री की ओर?\n\nमाइकल कॉफमैन\n\n"
            "रूस और चीन आज 1950 के दशक के बाद किसी भी समय की तुलना में अधिक करीब हैं, "
            "लेकिन वे गठबंधन नहीं बना रहे हैं। "
            "इसके बजाय जो उभर रहा है वह एक मैत्री है।\n\n"
            "दोनों राजधानियों के अधिकारी ज़ोर देते हैं कि संबंध अब तक के सबसे अच्छे हैं।\n")
    document = document_from_text(text, "hi")
    assert [block.kind for block in document.blocks] == ["title", "byline", "lede", "paragraph"]


# The seed article's head in Spanish, Polish, Ukrainian and Hungarian (dates as each language writes them).
EUROPEAN_HEADS = {
    "es": ("Hacia una entente chino-rusa", "20 de mayo de 2019",
           "Rusia y China están hoy más cerca que en cualquier momento desde la década de 1950, pero no están "
           "construyendo una alianza. Lo que surge en su lugar es una entente.",
           "Los funcionarios de ambas capitales insisten en que las relaciones son las mejores de la historia."),
    "pl": ("Ku chińsko-rosyjskiej ententcie", "20 maja 2019",
           "Rosja i Chiny są dziś bliżej siebie niż kiedykolwiek od lat pięćdziesiątych, ale nie budują sojuszu. "
           "Zamiast tego wyłania się ententa.",
           "Urzędnicy w obu stolicach twierdzą, że stosunki są najlepsze w historii."),
    "uk": ("На шляху до китайсько-російської антанти", "20 травня 2019",
           "Росія і Китай сьогодні ближчі, ніж будь-коли з 1950-х років, але вони не будують союзу. "
           "Натомість виникає антанта.",
           "Посадовці в обох столицях наполягають, що відносини найкращі за всю історію."),
    "hu": ("Egy kínai–orosz antant felé", "2019. május 20.",
           "Oroszország és Kína ma közelebb áll egymáshoz, mint bármikor az 1950-es évek óta, mégsem építenek "
           "szövetséget. Ehelyett egy antant van kialakulóban.",
           "A két főváros tisztviselői azt állítják, hogy a kapcsolatok soha nem voltak jobbak."),
}


HEADS = {**CJK_HEADS, **{lang: f"{title}\n\nMichael Kofman\n\n{date}\n\n{lede}\n\n{paragraph}\n"
                         for lang, (title, date, lede, paragraph) in EUROPEAN_HEADS.items()}}


@pytest.mark.parametrize("lang", sorted(HEADS))
def test_an_article_head_is_told_apart_in_any_script(lang):
    """As the English seed reads: the title, a byline with the author and one with the date, then the text.
    With only capitalised names and English, Russian, German, French and Icelandic dates known, the Chinese and
    Arabic titles were dropped as chrome, the author became a rubric and the date the title; the Korean author
    became the title; the Spanish, Polish, Ukrainian and Hungarian titles were dropped as rubrics."""
    document = document_from_text(HEADS[lang], lang)
    assert [block.kind for block in document.blocks] == ["title", "byline", "byline", "lede", "paragraph"]
