"""One protocol for every bargaining model, in the spirit of scikit-learn estimators.

Configuration goes in the constructor (validated there), there is no hidden state, and
``solve(scenario, rng=...)`` returns a :class:`accord.types.Result`. Models are registered
by name so the CLI and the Monte Carlo wrapper can build them from a string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

import numpy as np

from accord.errors import InputError
from accord.types import Result, Scenario


@runtime_checkable
class Model(Protocol):
    """A bargaining model: ``solve`` maps a scenario to a result; nothing else is kept."""

    name: str

    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result: ...


_REGISTRY: dict[str, Callable[..., Model]] = {}

# Built-in model name -> the module that registers it (imported on first use).
BUILTIN: dict[str, str] = {
    "compromise": "compromise", "blend": "compromise", "nash": "nash", "eum": "eum",
    "smp": "smp", "crisis": "crisis", "snapped": "procedural", "talks": "talks",
}


def _load(names: list[str]) -> None:
    """Import the modules of built-in models (each registers itself on import)."""
    import importlib

    for mod in dict.fromkeys(BUILTIN[n] for n in names if n in BUILTIN):
        importlib.import_module(f"accord.models.{mod}")


def register(name: str) -> Callable[[type], type]:
    """Class decorator: make a model available to ``get_model(name)``."""

    def deco(cls: type) -> type:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def get_model(name: str, **params: object) -> Model:
    """Build a registered model by name with constructor parameters."""
    if name not in _REGISTRY:
        _load([name] if name in BUILTIN else list(BUILTIN))
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise InputError(
            f"unknown model {name!r}; choose one of {', '.join(sorted(_REGISTRY))}", where="--model"
        ) from None
    try:
        return factory(**params)
    except (TypeError, ValueError) as exc:  # unknown parameter or value out of range
        raise InputError(f"model {name!r}: {exc}", where="--param") from None


def available_models() -> list[str]:
    _load(list(BUILTIN))
    return sorted(_REGISTRY)
