"""Hand-offs to a human: numbered support tickets with a masked summary."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.privacy import clean_text, mask_sensitive

from .. import schemas
from ..models import Counter, SupportTicket
from ..timeutil import beijing_date
from .base import AuditContext, ServiceError, fresh, record_audit

SUPPORT_SUMMARY_MAX_CHARS = 2000


def next_counter_value(session: Session, name: str) -> int:
    """Increment a named counter; safe under concurrent first use on PostgreSQL."""
    stmt = fresh(select(Counter).where(Counter.name == name).with_for_update())
    counter = session.execute(stmt).scalar_one_or_none()
    if counter is None:
        try:
            with session.begin_nested():
                session.add(Counter(name=name, value=1))
            return 1
        except IntegrityError:  # another transaction created it first; now wait for its lock
            counter = session.execute(stmt).scalar_one()
    counter.value += 1
    session.flush()
    return counter.value


def create_support_ticket(
    session: Session,
    *,
    person_id: Optional[str],
    summary: str,
    ctx: AuditContext,
    now: datetime,
) -> schemas.SupportTicketOut:
    # Masked again here, whoever the caller: the summary quotes the user, and a client that
    # sends raw text must still leave nothing personal in the ticket (bot.privacy).
    summary = mask_sensitive(clean_text(summary))[0][:SUPPORT_SUMMARY_MAX_CHARS]
    day = beijing_date(now).strftime("%Y%m%d")
    number = next_counter_value(session, f"support_ticket:{day}")
    ticket = SupportTicket(
        ticket_no=f"T{day}-{number:04d}",
        person_id=person_id,
        channel=ctx.channel or "unknown",
        conversation_id=ctx.conversation_id,
        summary=summary,
        status="open",
        created_at=now,
    )
    session.add(ticket)
    record_audit(
        session,
        now=now,
        ctx=ctx,
        person_id=person_id,
        action="support_ticket.created",
        before=None,
        after={"ticket_no": ticket.ticket_no, "status": "open"},
    )
    session.commit()
    return schemas.SupportTicketOut(ticket_no=ticket.ticket_no, status=ticket.status,
                                    person_attached=person_id is not None)


def get_support_ticket(session: Session, ticket_no: str) -> schemas.SupportTicketDetailOut:
    ticket = session.execute(
        select(SupportTicket).where(SupportTicket.ticket_no == ticket_no)).scalar_one_or_none()
    if ticket is None:
        raise ServiceError("not_found", "ticket_not_found")
    return schemas.SupportTicketDetailOut(
        ticket_no=ticket.ticket_no, status=ticket.status, person_attached=ticket.person_id is not None,
        person_id=ticket.person_id, channel=ticket.channel, conversation_id=ticket.conversation_id,
        summary=ticket.summary, created_at=ticket.created_at)
