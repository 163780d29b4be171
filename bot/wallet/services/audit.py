"""Operator view of one person's audit log (entries are written by the other services)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import schemas
from ..models import AuditEntry
from .base import get_person


def audit_log(session: Session, person_id: str, limit: int) -> schemas.AuditLogOut:
    get_person(session, person_id)
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.person_id == person_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    entries = list(session.execute(stmt).scalars())
    entries.reverse()  # newest `limit` entries, oldest first
    return schemas.AuditLogOut(
        entries=[
            schemas.AuditEntryOut(
                id=e.id,
                occurred_at=e.occurred_at,
                actor=e.actor,
                channel=e.channel,
                conversation_id=e.conversation_id,
                person_id=e.person_id,
                action=e.action,
                before=e.before,
                after=e.after,
            )
            for e in entries
        ]
    )
