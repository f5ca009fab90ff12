"""Long work (simulate, talks, backtest) as jobs in a small thread pool, with progress, and
the submission shared by the routes that run a job on a scenario.

Jobs live in the server process (lost on restart); their results are kept until the
server stops, at most ``keep`` of them (oldest finished dropped first)."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from accord.errors import AccordError
from accord.server.problems import Problem
from accord.store import review as rv
from accord.types import Scenario

log = logging.getLogger("accord.server")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    id: str
    kind: str
    params: dict
    author: str
    status: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int | None = None
    note: str = ""
    created_at: str = field(default_factory=_now)
    started_at: str | None = None
    finished_at: str | None = None
    error: str | None = None
    result: Any = None

    def view(self) -> dict:
        return {"id": self.id, "kind": self.kind, "status": self.status, "params": self.params,
                "author": self.author,
                "progress": {"done": self.done, "total": self.total, "note": self.note},
                "created_at": self.created_at, "started_at": self.started_at,
                "finished_at": self.finished_at, "error": self.error,
                "result": f"/api/jobs/{self.id}/result" if self.status == "done" else None}


class Jobs:
    """Submit callables taking a progress callback; poll their state by id."""

    def __init__(self, workers: int = 2, keep: int = 200) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="accord-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.keep = keep

    def submit(self, kind: str, params: dict, author: str,
               fn: Callable[[Callable[[int, int | None, str], None]], Any]) -> Job:
        with self._lock:
            job = Job(id=f"{kind[:3]}-{next(self._ids)}", kind=kind, params=params, author=author)
            self._jobs[job.id] = job
            self._trim()

        def progress(done: int, total: int | None = None, note: str = "") -> None:
            job.done, job.total, job.note = int(done), total, str(note)[-80:]

        def run() -> None:
            job.status, job.started_at = "running", _now()
            try:
                job.result = fn(progress)
                job.status = "done"
            except AccordError as exc:
                job.status, job.error = "failed", str(exc).splitlines()[0][:500]
            except Exception as exc:  # a bug: logged in full, summarised to the client
                log.exception("job %s failed", job.id)
                job.status, job.error = "failed", f"internal error ({type(exc).__name__})"
            finally:
                job.finished_at = _now()

        self._pool.submit(run)
        return job

    def get(self, jid: str) -> Job | None:
        return self._jobs.get(jid)

    def list(self, kind: str | None = None) -> list[Job]:
        return [j for j in self._jobs.values() if kind is None or j.kind == kind]

    def _trim(self) -> None:
        finished = [j for j in self._jobs.values() if j.status in ("done", "failed")]
        while len(self._jobs) > self.keep and finished:
            self._jobs.pop(finished.pop(0).id, None)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def body_scenario(request: Any, body: Any) -> Scenario:
    """The scenario a job's body runs on: given inline (``scenario``) or stored
    (``scenario_id``), exactly one of the two; 422 without or with both, 404 when unknown."""
    if (body.scenario is None) == (body.scenario_id is None):
        raise Problem(422, "body: give exactly one of scenario_id and scenario",
                      errors=[{"field": "body.scenario_id", "message": "one of two"}])
    sc = body.scenario or rv.scenario(request.app.state.store, body.scenario_id)
    if sc is None:
        raise Problem(404, f"no scenario {body.scenario_id!r}")
    return sc


def submit_scenario_job(request: Any, kind: str, body: Any, sc: Scenario, author: str,
                        fn: Callable[[Callable[[int, int | None, str], None]], Any]) -> dict:
    """Submit a job run on a scenario; its params are the body's, the scenario by name."""
    params = body.model_dump(mode="json", exclude={"scenario"}) | {"scenario": sc.name}
    return request.app.state.jobs.submit(kind, params, author, fn).view()
