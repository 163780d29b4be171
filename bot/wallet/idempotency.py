"""Writes that happen once, and never after the caller stopped waiting.

A caller (the action server) sends every state change with
- `Idempotency-Key`: the conversation plus the confirmation it answers. The first outcome is stored
  with the change; a repeat of the key (a retry after a timeout, a duplicate confirmation) gets
  that outcome back instead of a second change. A key reused for another person, route or body
  is refused (422), so keys cannot be used to read someone else's outcome.
- `X-Request-Deadline`: when the caller gives up waiting (Unix seconds). A request that reaches
  the service later — the backend was paused, a proxy held it — is refused (409
  `deadline_passed`) instead of being applied after the person was told it did not happen.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

from fastapi import Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import IdempotencyRecord
from .services import ServiceError
from .timeutil import as_utc

KEY_PATTERN = r"^[A-Za-z0-9_.:\-]{8,200}$"
RETENTION = timedelta(days=2)  # far longer than any retry; then the key may be forgotten


@dataclass(frozen=True)
class WriteGuard:
    key: Optional[str]
    deadline: Optional[datetime]
    route: str
    clock: Callable[[], datetime]


def write_guard(
    request: Request,
    idempotency_key: Optional[str] = Header(None, alias="Idempotency-Key", pattern=KEY_PATTERN),
    deadline: Optional[float] = Header(None, alias="X-Request-Deadline", ge=0, le=32503680000),
) -> WriteGuard:
    moment = datetime.fromtimestamp(deadline, tz=timezone.utc) if deadline is not None else None
    return WriteGuard(key=idempotency_key, deadline=moment,
                      route=f"{request.method} {request.url.path}", clock=request.app.state.clock)


def _fingerprint(body: Any) -> str:
    return hashlib.sha256(json.dumps(jsonable_encoder(body), sort_keys=True).encode()).hexdigest()


def _replay(record: IdempotencyRecord, person_id: Optional[str], route: str, fingerprint: str,
            apply: Callable[[], Any], outcome_is_secret: bool) -> Any:
    """The first outcome again, to the same person for the same route and body only."""
    if (record.person_id, record.route, record.fingerprint) != (person_id, route, fingerprint):
        raise ServiceError("invalid", "idempotency_key_reused")
    if outcome_is_secret:  # only the fact was stored: ask the idempotent operation again
        return apply()
    return JSONResponse(record.response, status_code=record.status_code,
                        headers={"Idempotent-Replayed": "true"})


def run_once(session: Session, guard: WriteGuard, person_id: Optional[str], body: Any,
             apply: Callable[[], Any], *, outcome_is_secret: bool = False) -> Any:
    """Apply a write at most once per key and never after its deadline; return its outcome.

    `outcome_is_secret`: the answer carries a credential (the PIN-reset link), which must not
    sit in a table. Only the fact that the write landed is stored; a repeat asks the operation
    again, which must itself be idempotent (it returns the open ticket)."""
    fingerprint = _fingerprint(body)
    if guard.key:
        stored = session.get(IdempotencyRecord, guard.key, populate_existing=True)
        if stored is not None:
            return _replay(stored, person_id, guard.route, fingerprint, apply, outcome_is_secret)
    # The real clock, not the request's start: time spent waiting for the write lock counts.
    if guard.deadline is not None and as_utc(guard.clock()) > guard.deadline:
        raise ServiceError("conflict", "deadline_passed")
    result = apply()
    if not guard.key:
        return result
    now = as_utc(guard.clock())
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - RETENTION))
    session.add(IdempotencyRecord(key=guard.key, person_id=person_id, route=guard.route,
                                  fingerprint=fingerprint, status_code=200,
                                  response={} if outcome_is_secret else jsonable_encoder(result),
                                  created_at=now))
    try:
        session.commit()
    except IntegrityError:  # the same key raced us: its outcome is the first one
        session.rollback()
        stored = session.get(IdempotencyRecord, guard.key, populate_existing=True)
        if stored is None:
            raise
        return _replay(stored, person_id, guard.route, fingerprint, lambda: result, outcome_is_secret)
    return result
