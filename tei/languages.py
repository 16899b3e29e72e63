"""English names of languages, for header and report prose only; a code no registry knows names itself.

The names come from langcodes' copy of the Unicode CLDR (``langcodes`` with ``language_data``), so every
language has its usual English name ("Thai", "Basque", "Tibetan"), where a list of our own named 42 and wrote
"English–th sentence-aligned edition" for the rest.  Only the primary subtag is named: the header describes the
language, not its region or script.
"""

from __future__ import annotations

import functools

import langcodes

UNKNOWN = "unknown language"


@functools.cache
def language_name(tag: str) -> str:
    """The English name of ``tag``'s language: English for "en" and "en-GB"; the tag itself where it names
    no language the registry knows ("xx", "und"); ``UNKNOWN`` for no tag."""
    primary = (tag or "").split("-")[0].lower()
    if not primary:
        return UNKNOWN
    if not langcodes.tag_is_valid(primary):
        return tag
    name = langcodes.Language.get(primary).display_name("en")
    return tag if name.startswith("Unknown language") else name
