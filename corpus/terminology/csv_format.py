"""Glossaries as translators keep them in spreadsheets: CSV or TSV, one column per language.

Accepted (liberal):
- a header row; language columns named by code (``en``, ``ru``, ``en-GB``) or name (``English``, ``Русский``);
- variants in one cell separated by ``|`` (the first is preferred unless a status says otherwise), or repeated
  rows with the same concept id;
- or the narrow layout of termbase exports: ``term`` and ``lang`` columns, one term a row;
- optional ``id``, ``subject``, ``note``, ``status``, ``pos``, ``case`` columns (``status``/``pos``/``case``
  apply to every term on the row), per-language ones (``ru_status``, ``ru_pos``, ``ru_note``, ``ru_case``; a
  ``|``-list matches the variants one by one) and extra-term columns ``ru_forbidden`` / ``ru_admitted``;
- delimiter ``,`` ``;`` or tab (sniffed from the header); UTF-8 with or without BOM; blank and ``#`` rows skipped.
Strict: anything we cannot read exactly (no language column, an empty variant, an unknown status, a repeated
concept with different data, a row longer than the header) is an ``InputError`` naming the line.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, replace

from unidecode import unidecode

from corpus.errors import InputError
from corpus.limits import check_file_size

from .assembly import GlossaryBuilder, TermRecord
from .model import Glossary, is_concept_id, looks_like_acronym, normalise_lang
from .vocabulary import flag_of, pos_of, status_of

ID_NAMES = {"id", "concept", "concept id", "conceptid", "concept_id", "entry", "entry id", "termentry"}
SUBJECT_NAMES = {"subject", "subject field", "subjectfield", "domain", "field"}
NOTE_NAMES = {"note", "notes", "comment", "comments", "definition", "description", "remark", "remarks"}
TERM_NAMES = {"term", "terms", "term text"}
LANG_COLUMN_NAMES = {"lang", "language", "locale", "language code", "xml:lang"}
ATTRIBUTE_NAMES = {
    "status": "status", "pos": "pos", "part of speech": "pos", "partofspeech": "pos",
    "case": "case", "case sensitive": "case", "case-sensitive": "case", "casesensitive": "case",
    "note": "note", "notes": "note", "comment": "note",
    "forbidden": "forbidden", "admitted": "admitted", "preferred": "preferred",
}
LANGUAGE_NAMES = {
    "english": "en", "russian": "ru", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "chinese": "zh", "japanese": "ja", "icelandic": "is", "ukrainian": "uk", "polish": "pl",
    "английский": "en", "русский": "ru", "французский": "fr", "немецкий": "de", "китайский": "zh",
}
_LANG_TAG = re.compile(r"^[a-z]{2,3}(?:[-_](?:[a-z]{4}|[a-z]{2}|\d{3}))?$")
_LANG_ATTR = re.compile(r"^(?P<a>.+?)\s*[_:.\- ]\s*(?P<b>.+)$|^(?P<c>.+?)\s*\((?P<d>.+)\)$")


@dataclass(slots=True)
class _Columns:
    id: int | None = None
    subject: int | None = None
    note: int | None = None
    row_attrs: dict[str, int] = None         # status/pos/case for the whole row
    langs: dict[str, int] = None             # language -> column
    lang_attrs: dict[tuple[str, str], int] = None  # (language, attribute) -> column
    term: int | None = None                  # narrow layout: one term a row, its language in a column
    lang: int | None = None


def _language(name: str) -> str | None:
    name = name.strip().lower()
    if name in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[name]
    if _LANG_TAG.match(name):
        return normalise_lang(name)
    return None


def _language_attribute(name: str) -> tuple[str, str] | None:
    """``ru_status``, ``status ru``, ``note (en)`` -> (language, attribute)."""
    match = _LANG_ATTR.match(name)
    if not match:
        return None
    a, b = (match["a"], match["b"]) if match["a"] else (match["d"], match["c"])
    for lang_part, attr_part in ((a, b), (b, a)):
        lang, attr = _language(lang_part), ATTRIBUTE_NAMES.get(attr_part.strip())
        if lang and attr:
            return lang, attr
    return None


def _classify(header: list[str], fail) -> _Columns:
    cols = _Columns(row_attrs={}, langs={}, lang_attrs={})
    for index, raw in enumerate(header):
        name = re.sub(r"\s+", " ", raw.replace("\ufeff", "").strip().lower())
        if not name:
            continue
        if name in ID_NAMES:
            slot = "id"
        elif name in TERM_NAMES:
            slot = "term"
        elif name in LANG_COLUMN_NAMES:
            slot = "lang"
        elif name in SUBJECT_NAMES:
            slot = "subject"
        elif name in NOTE_NAMES:
            slot = "note"
        elif ATTRIBUTE_NAMES.get(name) in ("status", "pos", "case"):
            attr = ATTRIBUTE_NAMES[name]
            if attr in cols.row_attrs:
                raise fail(1, f"two {attr!r} columns")
            cols.row_attrs[attr] = index
            continue
        elif (pair := _language_attribute(name)) is not None:
            if pair in cols.lang_attrs:
                raise fail(1, f"two {pair[1]!r} columns for language {pair[0]!r}")
            cols.lang_attrs[pair] = index
            continue
        elif (lang := _language(name)) is not None:
            if lang in cols.langs:
                raise fail(1, f"two columns for language {lang!r}")
            cols.langs[lang] = index
            continue
        else:
            continue  # a column we do not use (source, date, ...): translators keep such columns
        if getattr(cols, slot) is not None:
            raise fail(1, f"two {slot!r} columns")
        setattr(cols, slot, index)
    if not cols.langs and (cols.term is None or cols.lang is None):
        raise fail(1, "no language column (expected a header with columns such as 'en' and 'ru', "
                      "or 'term' and 'lang' columns)")
    if cols.langs and (cols.term is not None or cols.lang is not None):
        raise fail(1, "both language columns and a 'term'/'lang' pair: use one layout")
    for lang, attr in cols.lang_attrs:
        if lang not in cols.langs and attr not in ("forbidden", "admitted", "preferred"):
            raise fail(1, f"column {attr!r} for language {lang!r}, but no {lang!r} column")
    return cols


def _delimiter(path: str, header_line: str) -> str:
    if path.lower().endswith((".tsv", ".tab")):
        return "\t"
    counts = {d: header_line.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|")] if cell.strip() else []


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", unidecode(text).lower()).strip("_")
    return slug if slug and not slug[0].isdigit() else f"c_{slug}"


def read_csv(path: str | os.PathLike) -> Glossary:
    path = os.fspath(path)
    check_file_size(path)
    try:
        raw = open(path, "rb").read()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise InputError(path, f"line {line}: not UTF-8 text (byte {error.start}); save the glossary as UTF-8") from None
    return parse_csv(text, path)


def parse_csv(text: str, path: str | None = None) -> Glossary:
    builder = GlossaryBuilder(path)

    def fail(line: int, problem: str) -> InputError:
        return InputError(path, f"line {line}: {problem}")

    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(path or "", first_line))
    try:
        header = next(reader)
    except StopIteration:
        raise fail(1, "empty file: no header row") from None
    cols = _classify(header, fail)
    generated: dict[str, str] = {}   # generated id -> first term, for rows without ids
    line = reader.line_num
    try:
        for row in reader:
            where_line, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                raise fail(where_line, f"{len(row)} fields, but the header has {len(header)}")
            row = row + [""] * (len(header) - len(row))
            _read_row(row, cols, header, builder, generated, where_line, fail)
    except csv.Error as error:
        raise fail(reader.line_num, f"malformed CSV: {error}") from None
    return builder.build()


def _read_row(row, cols: _Columns, header, builder: GlossaryBuilder, generated, line: int, fail) -> None:
    cell = lambda index: row[index].strip() if index is not None else ""  # noqa: E731
    if cols.term is not None:
        # Narrow layout (termbase exports): read the row as if its term stood in a column of its language.
        lang = _language(cell(cols.lang))
        if lang is None:
            raise fail(line, f"{cell(cols.lang)!r} in column {header[cols.lang].strip()!r} is not a language")
        cols = replace(cols, langs={lang: cols.term})
    where = f"line {line}"
    terms: list[TermRecord] = []
    for lang, index in cols.langs.items():
        variants = row[index].split("|") if row[index].strip() else []
        if any(not v.strip() for v in variants):
            raise fail(line, f"empty term in column {header[index].strip()!r} (stray '|'?)")
        if "\n" in row[index].strip():
            # A term never spans lines: an unbalanced quote made the reader swallow the rows after it.
            raise fail(line, f"the term in column {header[index].strip()!r} runs over several lines "
                             "(an unbalanced '\"' in this row?)")
        records = [TermRecord(v.strip(), lang) for v in variants]
        for attr in ("status", "pos", "case", "note"):
            index_attr = cols.lang_attrs.get((lang, attr), cols.row_attrs.get(attr) if attr != "note" else None)
            if index_attr is None or not row[index_attr].strip():
                continue
            values = [v.strip() for v in row[index_attr].split("|")] if attr != "note" else [row[index_attr].strip()]
            if len(values) not in (1, len(records)):
                raise fail(line, f"{len(values)} values in column {header[index_attr].strip()!r} "
                                 f"for {len(records)} terms in column {header[index].strip()!r}")
            for k, record in enumerate(records):
                value = values[k if len(values) > 1 else 0]
                _set(record, attr, value, header[index_attr].strip(), line, fail)
        for extra in ("preferred", "admitted", "forbidden"):
            index_extra = cols.lang_attrs.get((lang, extra))
            if index_extra is None:
                continue
            extras = row[index_extra].split("|") if row[index_extra].strip() else []
            if any(not v.strip() for v in extras):
                raise fail(line, f"empty term in column {header[index_extra].strip()!r} (stray '|'?)")
            extra_records = [TermRecord(v.strip(), lang, status=extra) for v in extras]
            for attr in ("pos", "case"):   # row-wide attributes hold for the extra terms too
                index_attr = cols.lang_attrs.get((lang, attr), cols.row_attrs.get(attr))
                if index_attr is not None and row[index_attr].strip() and "|" not in row[index_attr]:
                    for record in extra_records:
                        _set(record, attr, row[index_attr].strip(), header[index_attr].strip(), line, fail)
            records += extra_records
        terms += records
    if not terms:
        raise fail(line, "no term in any language column")
    concept_id = cell(cols.id)
    if concept_id:
        if concept_id.isdigit():
            concept_id = f"c{concept_id}"   # spreadsheets number their rows; ids must be XML names
        elif not is_concept_id(concept_id):
            raise fail(line, f"concept id {concept_id!r} is not usable as an identifier "
                             "(letters, digits, '_', '-', '.'; not starting with a digit)")
    else:
        # No id: rows that repeat the same first term belong to one concept (how spreadsheets add variants).
        concept_id = _slug(terms[0].text)
        while concept_id in generated and generated[concept_id] != terms[0].text:
            concept_id += "_"
        generated[concept_id] = terms[0].text
    builder.concept(concept_id, where, subject=cell(cols.subject) or None, note=cell(cols.note) or None)
    for record in terms:
        builder.term(concept_id, record, where)


def _set(record: TermRecord, attr: str, value: str, column: str, line: int, fail) -> None:
    if attr == "status":
        status = status_of(value)
        if status is None:
            raise fail(line, f"unknown status {value!r} in column {column!r} (expected preferred, admitted or forbidden)")
        record.status = status
    elif attr == "pos":
        pos = pos_of(value)
        if pos is None:
            raise fail(line, f"unknown part of speech {value!r} in column {column!r} "
                             "(expected noun, verb, adjective, adverb or other)")
        record.pos = pos
    elif attr == "case":
        flag = flag_of(value)
        if flag is None:
            raise fail(line, f"{value!r} in column {column!r} is not yes or no")
        record.case_sensitive = flag
    else:
        record.note = value


def write_csv(glossary: Glossary) -> str:
    """One row per rank of variant: row k of a concept holds the k-th term of every language, with explicit
    statuses, so reading it back gives the same model."""
    langs = glossary.languages
    used = {lang: {"pos": False, "note": False, "case": False} for lang in langs}
    for concept in glossary:
        for term in concept.terms:
            used[term.lang]["pos"] |= term.pos is not None
            used[term.lang]["note"] |= term.note is not None
            used[term.lang]["case"] |= term.case_sensitive != looks_like_acronym(term.text)
    header = ["id", "subject", "note"]
    for lang in langs:
        header += [lang, f"{lang}_status"] + [f"{lang}_{a}" for a in ("pos", "note", "case") if used[lang][a]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for concept in glossary:
        by_lang = {lang: [t for t in concept.terms if t.lang == lang] for lang in langs}
        for k in range(max(len(v) for v in by_lang.values())):
            first = k == 0
            row = [concept.id, (concept.subject or "") if first else "", (concept.note or "") if first else ""]
            for lang in langs:
                term = by_lang[lang][k] if k < len(by_lang[lang]) else None
                row += [term.text if term else "", term.status if term else ""]
                if used[lang]["pos"]:
                    row.append((term.pos or "") if term else "")
                if used[lang]["note"]:
                    row.append((term.note or "") if term else "")
                if used[lang]["case"]:
                    row.append(("yes" if term.case_sensitive else "no") if term else "")
            writer.writerow(row)
    return out.getvalue()
