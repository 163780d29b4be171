"""What every service shares: refusals, audit context, money/phone formatting, person lookups,
and the one shape of a write ("lock the person, re-read, change, audit, commit").

Write operations lock the person row first (FOR UPDATE on PostgreSQL; SQLite write sessions
already hold the database write lock from BEGIN IMMEDIATE), re-read what they change, write
an audit entry in the same transaction and commit.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Iterator, Optional

from sqlalchemy import select
from sqlalchemy.engine import Result
from sqlalchemy.orm import Session

from ..models import AuditEntry, Person


class ServiceError(Exception):
    """A refusal the caller can act on. `kind` maps to an HTTP status in the routes."""

    def __init__(self, kind: str, detail: str, **extra: int):
        super().__init__(detail)
        self.kind = kind  # not_found | conflict | gone | invalid | rejected | rate_limited
        self.detail = detail
        self.extra = extra  # e.g. tries_left, retry_after: added to the JSON body


@dataclass(frozen=True)
class AuditContext:
    actor: str
    channel: Optional[str] = None
    conversation_id: Optional[str] = None


# --- formatting helpers --------------------------------------------------------------------

def fen_to_str(fen: int) -> str:
    return format(Decimal(int(fen)).scaleb(-2), ".2f")


def yuan_to_fen(amount: str) -> int:
    return int((Decimal(amount) * 100).to_integral_exact())


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


# --- lookups, locking and audit ------------------------------------------------------------

def get_person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise ServiceError("not_found", "person_not_found")
    return person


def lock_person(session: Session, person_id: str) -> Person:
    """Serialise all writes for one person (row lock on PostgreSQL, no-op clause on SQLite)."""
    stmt = (
        select(Person)
        .where(Person.id == person_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    person = session.execute(stmt).scalar_one_or_none()
    if person is None:
        raise ServiceError("not_found", "person_not_found")
    return person


def fresh(stmt):
    # After taking the lock, re-read rows even if an older copy sits in the identity map.
    return stmt.execution_options(populate_existing=True)


def record_audit(
    session: Session,
    *,
    now: datetime,
    ctx: AuditContext,
    person_id: Optional[str],
    action: str,
    before: Optional[dict],
    after: Optional[dict],
) -> None:
    session.add(
        AuditEntry(
            occurred_at=now,
            actor=ctx.actor,
            channel=ctx.channel,
            conversation_id=ctx.conversation_id,
            person_id=person_id,
            action=action,
            before=before,
            after=after,
        )
    )


@dataclass
class PersonWrite:
    """The open write of `person_write`: read fresh rows, audit changes, or discard it all."""

    session: Session
    person: Person
    ctx: AuditContext
    now: datetime
    discarded: bool = False

    def read(self, stmt) -> Result:
        return self.session.execute(fresh(stmt))

    def audit(self, action: str, before: Optional[dict], after: Optional[dict],
              ctx: Optional[AuditContext] = None) -> None:
        record_audit(self.session, now=self.now, ctx=ctx or self.ctx, person_id=self.person.id,
                     action=action, before=before, after=after)

    def discard(self) -> None:
        """Nothing to write: roll back now (releasing the lock) and do not commit."""
        self.session.rollback()
        self.discarded = True


@contextmanager
def person_write(session: Session, person_id: str, ctx: AuditContext, now: datetime) -> Iterator[PersonWrite]:
    """Lock the person, let the block re-read and change rows and audit them, then commit.

    An exception leaves the transaction uncommitted (the request's session rolls it back when it
    closes); a block that committed on purpose before raising keeps what it committed.
    """
    write = PersonWrite(session, lock_person(session, person_id), ctx, now)
    yield write
    if not write.discarded:
        session.commit()
