"""accord's cache directory, and matplotlib pointed at it before it is imported.

accord writes only to the working directory, the store and this cache directory:
``$ACCORD_CACHE_DIR``, else ``$XDG_CACHE_HOME/accord``, else ``~/.cache/accord``. matplotlib
would otherwise keep its font cache under ``~/.config/matplotlib`` or ``~/.matplotlib``.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The cache directory (not created here)."""
    if os.environ.get("ACCORD_CACHE_DIR"):
        return Path(os.environ["ACCORD_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accord"


def matplotlib_to_cache() -> None:
    """Set MPLCONFIGDIR to <cache dir>/matplotlib unless the user set it: call before the
    first ``import matplotlib``."""
    os.environ.setdefault("MPLCONFIGDIR", str(cache_dir() / "matplotlib"))
