"""Translation checks over an aligned pair: one module per check behind ``base.Check``, listed in CHECKS.

\b
    result = run_checks(pair, glossary=None, skip=("names",), config=load_config("qa.toml"))
    result.findings      # [Finding(check, severity, link, message, src_spans, tgt_spans, kind)]

The config file (TOML) has one table per check with its thresholds, and an optional ``skip`` list:

\b
    skip = ["typography"]
    [check.omission]
    z_warning = 3.5
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field

from corpus.errors import InputError

from ..model import AlignedPair
from .base import SEVERITIES, Check, Finding, LinkView
from .consistency import Consistency
from .names import Names
from .numbers import Numbers
from .omission import Omission
from .terms import Terms
from .typography import Typography
from .untranslated import Untranslated

CHECKS: tuple[type[Check], ...] = (Omission, Numbers, Names, Terms, Untranslated, Typography, Consistency)
CHECK_NAMES = tuple(c.name for c in CHECKS)


@dataclass(slots=True)
class CheckResult:
    view: LinkView
    findings: list[Finding] = field(default_factory=list)
    checks: tuple[str, ...] = ()

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def summary(self) -> dict:
        return {s: self.count(s) for s in SEVERITIES}

    def to_dict(self) -> dict:
        return {"src_lang": self.view.src_lang, "tgt_lang": self.view.tgt_lang, "links": len(self.view),
                "checks": list(self.checks), "summary": self.summary(),
                "findings": [f.to_dict(self.view) for f in self.findings]}


def load_config(path: str | os.PathLike) -> dict:
    """Read a TOML config: ``{"skip": [...], "check": {name: {option: value}}}``; errors name the file."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(path, f"not valid TOML: {error}") from None
    unknown = set(data) - {"skip", "check"}
    if unknown:
        raise InputError(path, f"unknown key {sorted(unknown)[0]!r}; expected skip and [check.NAME] tables")
    for name, options in data.get("check", {}).items():
        if name not in CHECK_NAMES:
            raise InputError(path, f"unknown check {name!r}; checks are {', '.join(CHECK_NAMES)}")
        cls = dict(zip(CHECK_NAMES, CHECKS))[name]
        for key, value in options.items():
            if key not in cls.defaults:
                raise InputError(path, f"check {name}: unknown option {key!r}; known: "
                                       f"{', '.join(sorted(cls.defaults)) or 'none'}")
            if type(value) is not type(cls.defaults[key]) and not (
                    isinstance(cls.defaults[key], float) and isinstance(value, int)):
                raise InputError(path, f"check {name}: {key} must be {type(cls.defaults[key]).__name__}")
    for name in data.get("skip", []):
        if name not in CHECK_NAMES:
            raise InputError(path, f"unknown check {name!r} in skip; checks are {', '.join(CHECK_NAMES)}")
    return data


def run_checks(pair: AlignedPair, glossary=None, skip=(), config: dict | None = None,
               only=None) -> CheckResult:
    """Run every check not skipped; findings sorted by link, then severity, then check order."""
    config = config or {}
    skipped = set(skip) | set(config.get("skip", []))
    view = LinkView.of(pair, glossary)
    ran, findings = [], []
    for cls in CHECKS:
        if cls.name in skipped or (only is not None and cls.name not in only):
            continue
        check = cls(**config.get("check", {}).get(cls.name, {}))
        findings.extend(check.run(view))
        ran.append(cls.name)
    order = {name: i for i, name in enumerate(CHECK_NAMES)}
    findings.sort(key=lambda f: (-1 if f.link is None else f.link, SEVERITIES.index(f.severity), order[f.check]))
    return CheckResult(view, findings, tuple(ran))


__all__ = ["CHECKS", "CHECK_NAMES", "Check", "CheckResult", "Finding", "LinkView", "load_config", "run_checks"]
