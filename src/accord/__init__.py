"""accord: news about a negotiation or crisis -> evidence-linked model -> bargaining -> forecasts.

The Python API mirrors the CLI: ``accord.ingest``, ``accord.extract``, ``accord.load_scenario``,
``accord.simulate``, ``accord.situation``, ``accord.forecast``, ``accord.talks``. The subpackages ``accord.ingest``,
``accord.forecast`` and ``accord.situation`` stay importable by their full dotted paths
(``accord.ingest.readers``, ``accord.forecast.engine``); at the top level these names are the
API functions.

Nothing heavy is imported here: the API functions are bound on first use (module
``__getattr__``), so ``import accord`` and the ``accord`` command start fast.
"""

from __future__ import annotations

import sys
import types as _types

__version__ = "0.1.0"

_API = ("extract", "forecast", "ingest", "load_scenario", "simulate", "situation", "talks")

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:
    """Bind an API function on first access (``from accord import simulate``)."""
    if name in _API:
        import accord.api as _api

        func = getattr(_api, name)
        _types.ModuleType.__setattr__(sys.modules[__name__], name, func)
        return func
    raise AttributeError(f"module 'accord' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})


class _Face(_types.ModuleType):
    """The package module: a subpackage whose name is also an API function (``accord.ingest``,
    ``accord.forecast``, ``accord.situation``) must not replace the function when the import
    system binds it on the package after loading it."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _API and isinstance(value, _types.ModuleType):
            return  # the subpackage stays reachable through sys.modules and dotted imports
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Face
