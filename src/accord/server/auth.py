"""Bearer tokens: every write needs one (ACCORD_TOKEN or a stored token); reads too with
--private. Stored tokens are compared by SHA-256, the environment token in constant time."""

from __future__ import annotations

import secrets

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from accord.server.problems import Problem

bearer = HTTPBearer(auto_error=False, description="A token from `accord token create` or "
                    "$ACCORD_TOKEN of the server.")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _who(request: Request, creds: HTTPAuthorizationCredentials | None) -> str:
    from accord.store import review

    cfg = request.app.state.cfg
    if creds is None or not creds.credentials:
        raise Problem(401, "this request needs a bearer token (Authorization: Bearer TOKEN); "
                      "create one with `accord token create --name NAME`", headers=_CHALLENGE)
    token = creds.credentials
    if cfg.env_token and secrets.compare_digest(token.encode(), cfg.env_token.encode()):
        return "ACCORD_TOKEN"
    name = review.token_name(request.app.state.store, token)
    if name is None:
        raise Problem(401, "unknown or revoked token", headers=_CHALLENGE)
    return name


def writer(request: Request,
           creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
    """Dependency of every write: the token's name (recorded as the author)."""
    return _who(request, creds)


def reader(request: Request,
           creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str | None:
    """Dependency of every read: open unless the server runs with --private."""
    if request.app.state.cfg.private:
        return _who(request, creds)
    return None
