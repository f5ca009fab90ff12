"""The FastAPI application: configuration, middleware (body-size limit, CORS), error
handlers, the /api routers and the dashboard's static files at /."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from accord import __version__
from accord.server import problems

DEFAULT_MAX_BODY = 10 * 1024 * 1024


@dataclass
class Config:
    db: str | None = None
    private: bool = False
    cors: list[str] = field(default_factory=list)
    max_body: int = DEFAULT_MAX_BODY
    env_token: str | None = None
    job_workers: int = 2


class BodyLimit:
    """ASGI middleware: refuse a request body over ``limit`` bytes with 413, whether the
    length is declared or the body is streamed."""

    def __init__(self, app, limit: int) -> None:  # noqa: ANN001
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted():  # noqa: ANN202
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return msg

        async def tracking_send(msg) -> None:  # noqa: ANN001
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send) -> None:  # noqa: ANN001
        resp = problems.problem(413, f"request body over {self.limit} bytes "
                                "(the server's --max-body)")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", problems.MEDIA.encode()),
                                (b"content-length", str(len(resp.body)).encode())]})
        await send({"type": "http.response.body", "body": resp.body})


class _TooLarge(Exception):
    pass


def static_dir() -> Path:
    return Path(str(resources.files("accord.server").joinpath("static")))


def create_app(cfg: Config | None = None, store=None) -> FastAPI:  # noqa: ANN001
    """Build the app on a store (opened and migrated here unless given)."""
    from accord.server import (
        routes_data,
        routes_forecasts,
        routes_review,
        routes_scenarios,
        routes_talks,
    )
    from accord.server.jobs import Jobs
    from accord.store import Store

    cfg = cfg or Config()
    if cfg.env_token is None:
        cfg.env_token = os.environ.get("ACCORD_TOKEN") or None
    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # noqa: ANN202
        yield
        _app.state.jobs.shutdown()

    app = FastAPI(
        lifespan=lifespan, title="accord", version=__version__,
        description="Events, situation, scenarios, simulations and forecasts of a crisis, "
        "from the accord store. Writes need `Authorization: Bearer TOKEN`.",
        openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None,
    )
    app.state.cfg = cfg
    app.state.store = store if store is not None else Store(cfg.db)
    app.state.jobs = Jobs(workers=cfg.job_workers)
    problems.install(app)
    for mod in (routes_data, routes_review, routes_scenarios, routes_forecasts, routes_talks):
        app.include_router(mod.router, prefix="/api")
    if cfg.cors:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cfg.cors,
                           allow_methods=["GET", "POST", "PUT", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, limit=cfg.max_body)

    @app.middleware("http")
    async def _headers(request, call_next):  # noqa: ANN001, ANN202
        resp = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        return resp
    root = static_dir()
    app.mount("/static", StaticFiles(directory=root), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(root / "index.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return app
