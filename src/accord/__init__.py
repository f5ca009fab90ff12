"""accord: news about a negotiation or crisis -> evidence-linked model -> bargaining -> forecasts.

The Python API mirrors the CLI: ``accord.ingest``, ``accord.extract``, ``accord.load_scenario``,
``accord.simulate``, ``accord.situation``, ``accord.forecast``. The subpackages ``accord.ingest``
and ``accord.forecast`` stay importable by their full dotted paths (``accord.ingest.readers``,
``accord.forecast.engine``); at the top level these names are the API functions.
"""

__version__ = "0.1.0"

# Load the two packages whose names the API functions take over, then bind the functions.
import accord.forecast as _forecast_pkg  # noqa: E402, F401
import accord.ingest as _ingest_pkg  # noqa: E402, F401
from accord.api import (  # noqa: E402
    extract,
    forecast,
    ingest,
    load_scenario,
    simulate,
    situation,
)

__all__ = ["__version__", "extract", "forecast", "ingest", "load_scenario", "simulate", "situation"]
