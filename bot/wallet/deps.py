"""FastAPI dependencies: settings, clock, DB session, service key, current person.

Routes use the `Annotated` aliases at the end (SessionDep, PersonDep, NowDep, ...).
"""
from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, AsyncIterator, Optional

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from .config import WalletSettings
from .idempotency import WriteGuard, write_guard
from .models import Person
from .security import TokenError, service_key_matches, verify_user_token
from .services import AuditContext
from .timeutil import as_utc

service_key_header = APIKeyHeader(name="X-Service-Key", auto_error=False, scheme_name="ServiceKey")
user_token_header = APIKeyHeader(name="X-User-Token", auto_error=False, scheme_name="UserToken")

_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


# Dependencies that only read app state are `async def`: FastAPI runs every plain `def`
# dependency on the thread pool, a thread hop per dependency on every request.
async def get_settings(request: Request) -> WalletSettings:
    return request.app.state.settings


async def get_now(request: Request) -> datetime:
    """One timestamp per request, from the app's (injectable) clock."""
    return as_utc(request.app.state.clock())


# Requests holding a DB session at once. Sync routes and their response validation run on
# anyio's thread pool (40 threads): with more open sessions than threads, writers blocked in
# BEGIN IMMEDIATE held every thread while the lock holder waited for one to validate its
# response, so all stalled until SQLite's 30 s busy timeout (200 concurrent sign-ins -> 503s).
MAX_CONCURRENT_SESSIONS = 16


def _session_gate(request: Request) -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    gate = getattr(request.app.state, "session_gate", None)
    if gate is None or gate[0] is not loop:  # a semaphore belongs to one event loop
        gate = (loop, asyncio.Semaphore(MAX_CONCURRENT_SESSIONS))
        request.app.state.session_gate = gate
    return gate[1]


async def get_session(request: Request) -> AsyncIterator[Session]:
    factories = request.app.state.sessions
    # Writers take the SQLite write lock up front (BEGIN IMMEDIATE); readers never block them.
    maker = factories.read if request.method in _READ_METHODS else factories.write
    async with _session_gate(request):
        session = maker()
        try:
            yield session
        finally:
            # routes commit explicitly; anything uncommitted is rolled back
            await run_in_threadpool(session.close)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail=detail)


async def require_service_key(
    presented: Optional[str] = Security(service_key_header),
    settings: WalletSettings = Depends(get_settings),
) -> None:
    if not presented:
        raise _unauthorized("missing_service_key")
    if not service_key_matches(presented, settings.service_key):
        raise _unauthorized("invalid_service_key")


def _person_from_token(token: str, session: Session, settings: WalletSettings, now: datetime) -> str:
    try:
        claims = verify_user_token(token, secret=settings.token_secret, now=now)
    except TokenError as exc:
        raise _unauthorized(exc.reason) from None
    person = session.get(Person, claims.person_id)
    if person is None:
        raise _unauthorized("invalid_token")
    # The session's identity map holds objects weakly: kept here for the request, the person is
    # not read again by each service the route calls (the overview read it four times).
    session.info["person"] = person
    return claims.person_id


def current_person_id(
    token: Optional[str] = Security(user_token_header),
    session: Session = Depends(get_session),
    settings: WalletSettings = Depends(get_settings),
    now: datetime = Depends(get_now),
) -> str:
    """The person behind X-User-Token. /me routes never take a person id from the body."""
    if not token:
        raise _unauthorized("missing_token")
    return _person_from_token(token, session, settings, now)


def optional_person_id(
    token: Optional[str] = Security(user_token_header),
    session: Session = Depends(get_session),
    settings: WalletSettings = Depends(get_settings),
    now: datetime = Depends(get_now),
) -> Optional[str]:
    """For routes that also serve anonymous users: a bad token means anonymous, not an error."""
    if not token:
        return None
    try:
        return _person_from_token(token, session, settings, now)
    except HTTPException:
        return None


def user_context(channel: Optional[str], conversation_id: Optional[str]) -> AuditContext:
    return AuditContext(actor="user", channel=channel, conversation_id=conversation_id)


# Parameter types for routes: `session: SessionDep` instead of `session: Session = Depends(get_session)`.
SettingsDep = Annotated[WalletSettings, Depends(get_settings)]
NowDep = Annotated[datetime, Depends(get_now)]
SessionDep = Annotated[Session, Depends(get_session)]
PersonDep = Annotated[str, Depends(current_person_id)]
OptionalPersonDep = Annotated[Optional[str], Depends(optional_person_id)]
GuardDep = Annotated[WriteGuard, Depends(write_guard)]
