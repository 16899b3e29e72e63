"""Installed package versions: bitext's own, for ``--version`` and reproducibility signatures, and those of the
packages whose data decides a result (encoders, lemmatisers, word lists), which key caches and signatures."""

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bitext")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"


@lru_cache(maxsize=None)
def installed_version(package: str) -> str:
    """The installed version of *package* (a distribution name), "" where it is not installed."""
    try:
        return version(package)
    except PackageNotFoundError:
        return ""
