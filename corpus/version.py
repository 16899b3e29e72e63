"""The installed version of bitext, for ``--version`` and reproducibility signatures."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bitext")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
