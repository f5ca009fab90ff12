"""Start-up stays light: the CLI and the package face import no heavy library until a command
needs it (checked by the modules a fresh interpreter has loaded, not by timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from tests.conftest import SHARED

# Libraries that cost tens to hundreds of milliseconds each to import.
HEAVY = ("spacy", "thinc", "scipy", "sklearn", "dask", "distributed", "sqlalchemy", "alembic",
         "matplotlib", "pandas", "pyarrow", "jinja2", "fastapi", "uvicorn", "numpy", "torch",
         "trafilatura", "feedparser", "pycountry")


def _loaded(code: str, *argv: str) -> set[str]:
    """Top-level package names loaded by a fresh interpreter after running ``code``."""
    probe = (code + "\nimport sys, json\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    proc = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _heavy(mods: set[str]) -> list[str]:
    return sorted(set(HEAVY) & mods)


def test_cli_import_loads_no_heavy_library() -> None:
    mods = _loaded("import accord.cli.main")
    assert "accord" in mods and "typer" in mods  # the probe really imported the CLI
    assert _heavy(mods) == []


def test_package_face_is_lazy_and_api_names_still_resolve() -> None:
    mods = _loaded("import accord, accord.api")
    assert _heavy(mods) == []
    # the names the package face exports are the API functions, also after the subpackages
    # of the same name have been imported by their dotted paths
    code = ("import accord, accord.ingest.readers, accord.forecast.engine, "
            "accord.situation.timeline\n"
            "from accord import extract, forecast, ingest, load_scenario, simulate, situation\n"
            "import accord.api as api\n"
            "assert ingest is api.ingest and accord.ingest is api.ingest\n"
            "assert forecast is api.forecast and accord.forecast is api.forecast\n"
            "assert situation is api.situation and accord.situation is api.situation\n"
            "assert (extract, load_scenario, simulate) == (api.extract, api.load_scenario, "
            "api.simulate)\n"
            "from accord.ingest.readers import iter_articles\n"
            "assert callable(iter_articles)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    with pytest.raises(AttributeError):
        import accord

        _ = accord.no_such_name


def test_version_and_help_run_without_heavy_imports() -> None:
    run = ("import sys\nfrom accord.cli.main import main\nsys.argv = ['accord', *sys.argv[1:]]\n"
           "try:\n    main()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n")
    for args in (["version"], ["--help"], ["simulate", "--help"], ["extract", "--help"]):
        mods = _loaded(run, *args)
        assert _heavy(mods) == [], args
    proc = subprocess.run([sys.executable, "-m", "accord.cli.main", "version"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    import accord

    assert proc.stdout.strip() == accord.__version__


def test_simulate_smp_loads_only_numpy_the_engine_and_the_reader() -> None:
    csv = SHARED / "data" / "ktab" / "dummyData-a040.csv"
    if not csv.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{csv} is required under CI but is missing")
        pytest.skip("../shared/data/ktab not present")
    run = ("import sys\nfrom accord.cli.main import main\n"
           "sys.argv = ['accord', 'simulate', sys.argv[1], '--model', 'smp', '--json']\n"
           "try:\n    main()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
           "acc = sorted(m for m in sys.modules if m.startswith('accord.'))\n"
           "print(json.dumps(acc))\n")
    probe = ("import json\n" + run + "\nprint(json.dumps(sorted({m.split('.')[0] "
             "for m in sys.modules})))")
    proc = subprocess.run([sys.executable, "-c", probe, str(csv)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    tops, accord_mods = set(json.loads(lines[-1])), set(json.loads(lines[-2]))
    result = json.loads("\n".join(lines[:-2]))
    assert result["model"] == "smp" and len(result["issues"]) >= 1
    assert _heavy(tops) == ["numpy"]
    # the SMP engine and the scenario reader, not the other models or the text pipeline
    assert "accord.models.smp" in accord_mods and "accord.io.ktab" in accord_mods
    others = {"accord.models.crisis", "accord.models.eum", "accord.models.validation",
              "accord.store", "accord.nlp", "accord.situation", "accord.forecast"}
    assert not others & accord_mods
