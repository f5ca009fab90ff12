"""Bargaining engines and the crisis model behind one protocol (see base.py).

The built-in models are imported when first asked for by name (``get_model("smp")`` loads
only ``accord.models.smp``), so a simulate command does not pay for the others' imports.
"""

from __future__ import annotations

from accord.models.base import Model, available_models, get_model, register

__all__ = ["Model", "available_models", "get_model", "register"]
