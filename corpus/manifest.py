"""Which document pairs make a corpus: a TOML manifest, or a folder where pairs are found by name.

Manifest (``tomllib``; paths are relative to the manifest's folder)::

    [defaults]                 # optional: applies to every pair
    src_lang = "en"
    tgt_lang = "ru"
    licence = "CC BY 4.0"

    [[pair]]
    id = "entente"             # optional: defaults to the source file's name without language and extension
    src = "en/entente.html"
    tgt = "ru/entente.html"    # or leave tgt out: the source's language-switch link names its counterpart
    title = "The Sino-Russian entente"
    author = "…"; translator = "…"; date = "2024-02-03"; url = "https://…"
    segmented = false          # true: one sentence a line, blank line between paragraphs

    [[pair]]
    tei = "aligned/budget.tei.xml"   # instead of src/tgt: a TEI file bitext wrote (both texts and the links)
    id = "budget"              # optional: defaults to the file's name without ``.tei.xml``

A TEI pair is loaded as it is: its sentences and links (a person's corrections with their ``@resp``) go into
the store without being aligned again.  Its languages are read from the file; ``src_lang``/``tgt_lang`` may be
given and must then agree with it.  In the store it is a pair whose source and target path are the same file.

``bitext corpus add STORE x.tei.xml`` registers one TEI file as the pair ``x``.

Folder: ``x.en.txt`` beside ``x.ru.txt``, or ``en/x.html`` beside ``ru/x.html`` (any language codes, any
depth), and every ``x.tei.xml`` as a pair of its own (where ``x.en.txt``/``x.ru.txt`` are there too, the TEI
is taken and the text files are reported).  Files that find no partner are reported, never silently dropped.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from .errors import InputError

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".md")
# A language code as file names carry it: en, ru, pt-BR, zh-Hant, sr_Latn.
LANG = r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?"
_NAME_LANG = re.compile(rf"^(?P<stem>.+)\.(?P<lang>{LANG})$")
_DIR_LANG = re.compile(rf"^{LANG}$")
META_KEYS = ("title", "author", "translator", "date", "url", "licence", "publisher", "note")
PAIR_KEYS = {"id", "src", "tgt", "tei", "src_lang", "tgt_lang", "segmented", *META_KEYS}
TEI_SUFFIX = ".tei.xml"
UNKNOWN_LANG = "und"   # BCP 47 "undetermined": a TEI file whose languages could not be read (its build fails)


@dataclass(frozen=True)
class PairSpec:
    name: str
    src: Path
    tgt: Path
    src_lang: str
    tgt_lang: str
    segmented: bool = False
    meta: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def kind(self) -> str:
        return pair_kind(self.src, self.tgt)


def pair_kind(src_path, tgt_path) -> str:
    """``"tei"`` for a pair held in one file (both paths name it: a TEI file bitext wrote), else ``"text"``
    (two files, read, segmented and aligned).  The store keeps no kind column: the paths say it."""
    return "tei" if os.fspath(src_path) == os.fspath(tgt_path) else "text"


@dataclass
class Discovery:
    pairs: list[PairSpec]
    unpaired: list[tuple[Path, str]]    # (file, why it found no partner)


# ------------------------------------------------------------------------------------------------ manifests
def read_manifest(path: str | os.PathLike) -> Discovery:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read manifest: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, f"not valid TOML: {error}") from None
    defaults = data.get("defaults", {})
    entries = data.get("pair", [])
    if not isinstance(entries, list) or not entries:
        raise InputError(path, "no [[pair]] entries")
    base = path.parent
    pairs, unpaired, names = [], [], set()
    for number, entry in enumerate(entries, 1):
        merged = {**defaults, **entry}
        where = f"pair {number}"
        unknown = sorted(set(merged) - PAIR_KEYS)
        if unknown:
            raise InputError(path, f"{where}: unknown key(s) {', '.join(unknown)}")
        if "tei" in merged:
            spec = _tei_entry(path, where, merged, entry)
            if spec.name in names:
                raise InputError(path, f"{where}: duplicate id {spec.name!r}")
            names.add(spec.name)
            pairs.append(spec)
            continue
        if "src" not in merged:
            raise InputError(path, f"{where}: 'src' (or 'tei') is required")
        src = base / merged["src"]
        if not src.is_file():
            raise InputError(src, f"no such file ({where}, src in {path.name})")
        src_lang = merged.get("src_lang") or _lang_from_name(src)
        if "tgt" in merged:
            tgt = base / merged["tgt"]
        else:
            tgt = counterpart_file(src, src_lang)
            if tgt is None:
                unpaired.append((src, "no tgt given and its language-switch link names no file here"))
                continue
        tgt_lang = merged.get("tgt_lang") or _lang_from_name(tgt)
        if not src_lang or not tgt_lang:
            raise InputError(path, f"{where}: give src_lang and tgt_lang (the file names carry no language code)")
        for side, file in (("src", src), ("tgt", tgt)):
            if not file.is_file():
                raise InputError(file, f"no such file ({where}, {side} in {path.name})")
        if src.resolve() == tgt.resolve():
            raise InputError(path, f"{where}: src and tgt are the same file")
        name = str(merged.get("id") or _stem(src))
        if name in names:
            raise InputError(path, f"{where}: duplicate id {name!r}")
        names.add(name)
        meta = {k: str(merged[k]) for k in META_KEYS if k in merged}
        pairs.append(PairSpec(name, src, tgt, src_lang, tgt_lang, bool(merged.get("segmented", False)), meta))
    return Discovery(pairs, unpaired)


def _tei_entry(path: Path, where: str, merged: dict, entry: dict) -> PairSpec:
    """A ``tei = "…"`` manifest entry: one file holding both documents and their links."""
    clash = sorted(k for k in ("src", "tgt", "segmented") if k in entry)
    if clash:
        raise InputError(path, f"{where}: 'tei' holds both sides; it takes no {', '.join(clash)}")
    tei = path.parent / merged["tei"]
    if not tei.is_file():
        raise InputError(tei, f"no such file ({where}, tei in {path.name})")
    found = tei_languages(tei)
    given = (merged.get("src_lang"), merged.get("tgt_lang"))
    if found and any(g and g != f for g, f in zip(given, found)):
        raise InputError(path, f"{where}: {tei.name} holds {found[0]}-{found[1]}, the manifest says "
                               f"{given[0] or found[0]}-{given[1] or found[1]}")
    src_lang, tgt_lang = found or tuple(g or UNKNOWN_LANG for g in given)
    name = str(merged.get("id") or _tei_stem(tei))
    meta = {k: str(merged[k]) for k in META_KEYS if k in merged}
    return PairSpec(name, tei, tei, src_lang, tgt_lang, False, meta)


def tei_languages(path: Path) -> tuple[str, str] | None:
    """The source and translation languages of a TEI file bitext wrote (``text/group/text`` with ``@type``
    source/translation and ``@xml:lang``), read from the start tags only; None when they cannot be read (a
    broken file is registered all the same: its build fails and says why)."""
    from lxml import etree   # only TEI entries need it

    langs: dict[str, str] = {}
    group = None
    try:
        # no DTD, no entities, no network: the file is untrusted until the TEI reader has checked it
        for event, element in etree.iterparse(str(path), events=("start", "end"), resolve_entities=False,
                                              no_network=True, load_dtd=False, huge_tree=False):
            name = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if event == "start" and name == "group" and group is None:
                group = element
            elif event == "start" and name == "text" and group is not None \
                    and element.getparent() is group:
                kind = element.get("type")
                lang = element.get("{http://www.w3.org/XML/1998/namespace}lang")
                if kind in ("source", "translation") and lang and kind not in langs:
                    langs[kind] = lang
                if len(langs) == 2:
                    return langs["source"], langs["translation"]
            elif event == "end" and name not in ("TEI", "text", "group"):
                element.clear()   # keep memory flat on a large file
    except (OSError, etree.XMLSyntaxError):
        return None
    return None


def _tei_stem(path: Path) -> str:
    name = path.name
    if name.lower().endswith(TEI_SUFFIX):
        return name[: -len(TEI_SUFFIX)]
    return path.stem


def counterpart_file(src: Path, lang: str | None) -> Path | None:
    """The file a document's language-switch link points to, if it is a file beside the source (a relative
    link) or a file in the same folder tree named like the link's last path segment (an absolute URL)."""
    from .readers import read_document  # the reader is only needed for pointer entries
    href = read_document(src, lang or "auto").counterpart
    if not href:
        return None
    parsed = urlparse(href)
    if not parsed.scheme and not parsed.netloc:
        candidate = (src.parent / unquote(parsed.path)).resolve()
        return candidate if candidate.is_file() else None
    leaf = PurePosixPath(unquote(parsed.path)).name
    if not leaf:
        return None
    root = src.parent.parent if _DIR_LANG.match(src.parent.name) else src.parent
    matches = sorted(p for p in root.rglob(leaf) if p.is_file() and p.resolve() != src.resolve())
    return matches[0] if len(matches) == 1 else None


# ------------------------------------------------------------------------------------------------ folders
def scan_folder(folder: str | os.PathLike, langs: tuple[str, str] | None = None) -> Discovery:
    """Pairs found by name under *folder*.  *langs* (source, target) says which side is which; without it a
    folder must hold exactly two languages, and the source is the one alphabetically first."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "is not a folder")
    groups: dict[str, dict[str, Path]] = defaultdict(dict)
    unpaired: list[tuple[Path, str]] = []
    teis: dict[str, Path] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or path.name.endswith(".meta.json"):
            continue
        if path.name.lower().endswith(TEI_SUFFIX):
            teis["/".join([*rel.parts[:-1], _tei_stem(path)])] = path
            continue
        if path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        key, lang = _pair_key(rel)
        if key is None:
            unpaired.append((path, "no language code in its name or folder"))
            continue
        if lang in groups[key]:
            unpaired.append((path, f"a second {lang} file for {key}"))
            continue
        groups[key][lang] = path
    found = sorted({lang for key, members in groups.items() if key not in teis for lang in members})
    if langs is None:
        if len(found) > 2:
            raise InputError(folder, f"holds {len(found)} languages ({', '.join(found)}); say which two with --langs")
        langs = tuple(found) if len(found) == 2 else None
    pairs = []
    for key, path in sorted(teis.items()):
        found = tei_languages(path)
        src_lang, tgt_lang = found or langs or (UNKNOWN_LANG, UNKNOWN_LANG)
        pairs.append(PairSpec(key, path, path, src_lang, tgt_lang))
    for key in sorted(groups):
        members = groups[key]
        if key in teis:   # the texts a TEI here was made from: the TEI (with any corrections) is the pair
            for lang, path in sorted(members.items()):
                unpaired.append((path, f"its pair is read from {teis[key].name}"))
            continue
        if langs and langs[0] in members and langs[1] in members:
            pairs.append(PairSpec(key, members[langs[0]], members[langs[1]], langs[0], langs[1]))
            extra = {k: v for k, v in members.items() if k not in langs}
        else:
            extra = members
        for lang, path in sorted(extra.items()):
            unpaired.append((path, f"no partner in {_other(langs, lang)}" if langs else "no partner"))
    pairs.sort(key=lambda spec: spec.name)
    return Discovery(pairs, unpaired)


def _other(langs, lang):
    if lang in langs:
        return langs[1] if lang == langs[0] else langs[0]
    return f"{langs[0]}/{langs[1]} (its language {lang} is not one of the corpus's)"


def _pair_key(rel: Path) -> tuple[str | None, str | None]:
    """``a/x.en.txt`` → ("a/x", "en"); ``en/a/x.html`` or ``a/en/x.html`` → ("a/x", "en")."""
    base = rel.name[: -len(rel.suffix)] if rel.suffix else rel.name
    named = _NAME_LANG.match(base)
    parents = list(rel.parts[:-1])
    if named:
        return "/".join([*parents, named["stem"]]), named["lang"].replace("_", "-")
    # a two-letter folder name (ISO 639-1) wins over a longer one (``bbc/en/x.html`` is English, not "bbc")
    candidates = [i for i, part in enumerate(parents) if _DIR_LANG.match(part)]
    candidates.sort(key=lambda i: (len(parents[i]) != 2, i))
    if candidates:
        i = candidates[0]
        return "/".join([*parents[:i], *parents[i + 1:], base]), parents[i].replace("_", "-")
    return None, None


def _lang_from_name(path: Path) -> str | None:
    key, lang = _pair_key(Path(*path.parts[-2:]))
    return lang


def _stem(path: Path) -> str:
    base = path.name[: -len(path.suffix)] if path.suffix else path.name
    named = _NAME_LANG.match(base)
    return named["stem"] if named else base


def discover(target: str | os.PathLike, langs: tuple[str, str] | None = None) -> Discovery:
    """A manifest file (``.toml``), a folder, or one TEI file (``x.tei.xml``: one pair)."""
    target = Path(target)
    if not target.exists():
        raise InputError(target, "no such file or folder")
    if target.is_dir():
        return scan_folder(target, langs)
    if target.name.lower().endswith(TEI_SUFFIX):
        src_lang, tgt_lang = tei_languages(target) or langs or (UNKNOWN_LANG, UNKNOWN_LANG)
        return Discovery([PairSpec(_tei_stem(target), target, target, src_lang, tgt_lang)], [])
    return read_manifest(target)
