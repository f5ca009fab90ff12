"""Schemathesis over the service's OpenAPI schema against a live `accord serve` on the
bundled demo (SQLite): whatever the schema allows, the server never answers 5xx, and every
error is problem+json without a traceback. Bounded: a few examples per operation."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from tests._serve_live import demo_store, live_server

TOKEN = "schema-token-0123456789"
EXAMPLES = int(os.environ.get("ACCORD_SCHEMA_EXAMPLES", "6"))  # per operation


@pytest.fixture(scope="module")
def server(tmp_path_factory):  # noqa: ANN001, ANN201
    work = tmp_path_factory.mktemp("serve-schema")
    db = demo_store(f"sqlite:///{work / 'demo.db'}", work)
    with live_server(db, TOKEN, "--job-workers", "1", log=work / "serve.log") as url:
        yield url, work / "serve.log"


def test_no_server_errors(server):  # noqa: ANN001
    url, log = server
    schema = schemathesis.openapi.from_url(url + "/api/openapi.json")
    failures: list[str] = []
    ops = [r.ok() for r in schema.get_all_operations()]
    assert len(ops) >= 25

    for op in ops:
        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # noqa: ANN001
            resp = case.call(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"},
                             timeout=60)
            ctype = resp.headers.get("content-type") or [""]
            ctype = ctype[0] if isinstance(ctype, list) else ctype
            if resp.status_code >= 500 or (resp.status_code >= 400 and not ctype.startswith(
                    "application/problem+json")):
                failures.append(f"{case.method} {case.formatted_path} {case.query or ''} -> "
                                f"{resp.status_code}: {resp.text[:200]}")
            assert "Traceback" not in resp.text

        check()
    assert not failures, "\n".join(failures[:30]) + f"\nserver log: {log}"
