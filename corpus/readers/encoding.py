"""Decoding input bytes: UTF-8 (with or without BOM), UTF-16 with BOM, cp1251 and koi8-r — nothing else.

Russian text still arrives in the two legacy 8-bit code pages.  Both decode *any* byte string without error,
so we choose between them by how Russian the result looks: the same bytes read in the wrong code page give a
permutation of the alphabet with upper and lower case swapped, so a letter-frequency score over the decoded
Cyrillic letters separates the two even on a single short line (see ``russian_score``).  Measured on the
shared Russian gold sentences (24,320 encodings): the right code page for 99.93% of whole sentences and
99.95% of their first three words; charset-normalizer 3.x, tried first, chose right for 5.8% of one-word,
45% of three-word and 83% of ten-word snippets (it prefers other Cyrillic and Western code pages), so the
detector is our own.

Everything else — NUL bytes, UTF-16 without BOM, bytes that are not Russian in either code page, an empty or
whitespace-only file, a directory, a missing file — is refused with ``InputError`` naming the problem.  Line
endings become ``\\n``; every other character (non-breaking spaces, typographic quotes, dashes) is kept.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..document import Source
from ..errors import InputError
from ..limits import check_file_size, check_size

LEGACY_CYRILLIC = ("cp1251", "koi8-r")

# Relative frequency (per 1,000 letters) of Russian letters in running text (national corpus figures, rounded).
# Only the ranking matters: a wrong code page maps frequent letters onto rare ones.
RUSSIAN_LETTER_FREQUENCY = {
    "о": 110, "е": 85, "а": 80, "и": 74, "н": 67, "т": 63, "с": 55, "р": 47, "в": 45, "л": 44,
    "к": 35, "м": 32, "д": 30, "п": 28, "у": 26, "я": 20, "ы": 19, "ь": 17, "г": 17, "з": 16,
    "б": 16, "ч": 14, "й": 12, "х": 10, "ж": 9, "ш": 7, "ю": 6, "ц": 5, "щ": 4, "э": 3,
    "ф": 3, "ъ": 0.4, "ё": 0.4,
}
# Characters besides Cyrillic letters that Russian text in an 8-bit code page legitimately contains.
TYPOGRAPHIC = set("«»„“”‘’‚–—…№•·§°±©®™ \u00a0")
# At most this share of the non-ASCII characters may be something else (box drawing, stray symbols).
MAX_ODD_SHARE = 0.05
# Below this average log-frequency per letter the text is not Russian in either code page.
MIN_RUSSIAN_SCORE = -4.2


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    source: Source


def russian_score(text: str) -> float:
    """Average log-probability of the Cyrillic letters as Russian, plus a bonus for lowercase.

    Prose is mostly lowercase; the wrong code page swaps case, so ``lower share`` adds a second, independent
    signal.  Returns ``-inf`` when there is no Cyrillic letter at all.
    """
    letters = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
    if not letters:
        return -math.inf
    total = sum(RUSSIAN_LETTER_FREQUENCY.values())
    logp = 0.0
    for ch in letters:
        freq = RUSSIAN_LETTER_FREQUENCY.get(ch.lower(), 0.05)
        logp += math.log(freq / total)
    lower_share = sum(ch.islower() for ch in letters) / len(letters)
    return logp / len(letters) + lower_share


def odd_share(text: str) -> float:
    """Share of non-ASCII characters that are neither Cyrillic letters nor typographic punctuation."""
    high = [ch for ch in text if ord(ch) > 127]
    if not high:
        return 0.0
    odd = sum(1 for ch in high if not ("\u0400" <= ch <= "\u04ff" or ch in TYPOGRAPHIC))
    return odd / len(high)


# Latin-1 or cp1252 text read as cp1251 puts lone Cyrillic letters inside Latin words ("cafй", "Дrger");
# Russian text glues Latin to Cyrillic only now and then ("Духless", a Latin "a" typed for "а").
MAX_GLUED_SHARE = 0.5


def glued_share(text: str) -> float:
    """Share of the Cyrillic letters that touch a Latin letter."""
    cyrillic = glued = 0
    for i, ch in enumerate(text):
        if "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
            neighbours = text[i - 1:i] + text[i + 1:i + 2]
            glued += any(n.isascii() and n.isalpha() for n in neighbours)
    return glued / cyrillic if cyrillic else 0.0


def _legacy_cyrillic(data: bytes) -> tuple[str, str] | None:
    """Decode *data* as whichever of cp1251 and koi8-r reads as Russian; ``None`` if neither does.

    Text with no Cyrillic letter at all whose high bytes are all typographic in cp1251 (curly quotes and
    dashes from a Windows editor) is read as cp1251: there both code pages agree with Windows-1252.
    """
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY_CYRILLIC:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:  # cp1251 leaves 0x98 undefined
            continue
        if odd_share(text) > MAX_ODD_SHARE or glued_share(text) > MAX_GLUED_SHARE:
            continue
        score = russian_score(text)
        if score == -math.inf and encoding == "cp1251":
            score = MIN_RUSSIAN_SCORE   # no Cyrillic, only typography: see above
        if score < MIN_RUSSIAN_SCORE:
            continue
        if best is None or score > best[0]:
            best = (score, encoding, text)
    return None if best is None else (best[2], best[1])


def repair_cyrillic_mojibake(text: str) -> str | None:
    """The Russian text that *text* garbles, when it is cp1251 (or koi8-r) bytes that were read as Latin-1 or
    cp1252 somewhere upstream ("Òåì íå ìåíåå" for "Тем не менее"), else None.  For scoring only: callers keep
    the text as given.  Text with any Cyrillic letter, or with few Latin-1 letters, is left alone."""
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return None
    high = [ch for ch in text if ord(ch) > 127]
    if len(high) < 8 or sum("\u00c0" <= ch <= "\u00ff" for ch in high) < 0.8 * len(high):
        return None
    for western in ("cp1252", "latin-1"):
        try:
            data = text.encode(western)
        except UnicodeEncodeError:
            continue
        found = _legacy_cyrillic(data)
        if found is not None and russian_score(found[0]) > MIN_RUSSIAN_SCORE:
            return found[0]
    return None


# Two multi-byte UTF-8 characters in a row.  Text in cp1251 or koi8-r almost never contains one (a letter
# there is 0xC0-0xFF, seldom followed by a byte in 0x80-0xBF; none in 3,021 Russian gold lines encoded both
# ways), so a file that has one but is not UTF-8 as a whole mixes encodings: decoding it all as cp1251 would
# silently turn its UTF-8 part into mojibake ("РџСЂРёРІРµС‚").
UTF8_RUN = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}){2}")


def _has_binary_controls(text: str) -> bool:
    # Text files carry tabs, newlines and form feeds; NUL and other C0 controls mean binary data.
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v\x1b" for ch in text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unicode_form(data: bytes, path) -> tuple[str, bytes, str]:
    """``(name recorded, bytes to decode, codec)`` from the byte-order mark, refusing what we never read."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", data[3:], "utf-8"
    if data.startswith(b"\xff\xfe\x00\x00"):
        raise InputError(path, "UTF-32 text is not supported; save it as UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", data, "utf-16"   # the codec reads the BOM and drops it
    if b"\x00" in data:
        if len(data) < UTF16_MIN_BYTES:
            raise InputError(path, "NUL bytes: binary data, or UTF-16 without a byte-order mark; save it as UTF-8")
        if _looks_like_bomless_utf16(data):
            raise InputError(path, "looks like UTF-16 without a byte-order mark; save it as UTF-8")
        raise InputError(path, "binary data (NUL bytes), not a text file")
    return "utf-8", data, "utf-8"


def decode_bytes(data: bytes, path: str | os.PathLike | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for *data*, or raise ``InputError`` naming what is wrong."""
    if not data.strip():
        raise InputError(path, "file is empty" if not data else "file contains only whitespace")
    name, payload, codec = _unicode_form(data, path)
    try:
        text = payload.decode(codec)
    except UnicodeDecodeError as error:
        if name != "utf-8":
            raise InputError(path, f"undecodable {name} at byte {error.start}") from None
        if error.reason == "unexpected end of data" and not payload[:error.start].isascii():
            raise InputError(path, f"truncated UTF-8: the file ends in the middle of a character "
                                   f"(byte {error.start})") from None
        if UTF8_RUN.search(payload):
            line = payload[:error.start].count(b"\n") + 1
            raise InputError(path, f"mixed encodings: UTF-8 text with bytes that are not UTF-8 at byte {error.start} "
                                   f"(line {line}); save the whole file as UTF-8") from None
        legacy = _legacy_cyrillic(data)
        if legacy is None:
            raise InputError(
                path, f"undecodable bytes (not UTF-8 at byte {error.start}, nor Russian in cp1251 or koi8-r)"
            ) from None
        text, name = legacy
    if _has_binary_controls(text):
        raise InputError(path, "binary data (control characters), not a text file")
    if not text.strip():
        raise InputError(path, "file contains only whitespace")
    return normalise_newlines(text), name


# Under this many bytes the NULs' positions cannot tell UTF-16 from binary data («a\0b\n» has its one NUL at an
# odd position, as UTF-16 would): the message names both.
UTF16_MIN_BYTES = 16


def _looks_like_bomless_utf16(data: bytes) -> bool:
    # Mostly-ASCII or Cyrillic UTF-16 has NULs (or 0x04 high bytes) at every other position and almost
    # none at the others; binary files have NULs scattered over both.
    sample = data[:4000]
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return False
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    return (even_nul > 0.3 and odd_nul < 0.02) or (odd_nul > 0.3 and even_nul < 0.02)


def read_bytes(path: str | os.PathLike) -> bytes:
    """Read a file, turning every file-system problem into an ``InputError``."""
    p = Path(path)
    try:
        if not p.exists():
            raise InputError(path, "no such file")
        if p.is_dir():
            raise InputError(path, "is a directory, not a file")
        check_file_size(p)   # refuse an oversized file before reading a byte of it (corpus.limits)
        data = p.read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    check_size(path, len(data))   # a FIFO or a file that grew after stat
    return data


def decode_file(path: str | os.PathLike, media_type: str = "text/plain") -> Decoded:
    """Read and decode *path*; the ``Source`` records the raw bytes' hash, size and detected encoding."""
    data = read_bytes(path)
    text, encoding = decode_bytes(data, path)
    source = Source(
        path=os.fspath(path),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        media_type=media_type,
        size=len(data),
    )
    return Decoded(text, source)
