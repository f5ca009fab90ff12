"""Bargaining engines and the crisis model behind one protocol (see base.py)."""

from __future__ import annotations

import importlib

from accord.models.base import Model, available_models, get_model, register

# Built-in models register themselves on import; a module that is missing is skipped.
for _mod in ("compromise", "nash", "eum", "smp", "crisis", "procedural"):
    try:
        importlib.import_module(f"accord.models.{_mod}")
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a model is absent
        if exc.name != f"accord.models.{_mod}":
            raise

__all__ = ["Model", "available_models", "get_model", "register"]
