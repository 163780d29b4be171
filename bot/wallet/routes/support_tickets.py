from datetime import datetime
from typing import Optional

from fastapi import APIRouter, Depends, Path
from sqlalchemy.orm import Session

from .. import service
from ..deps import get_now, get_session, optional_person_id
from ..idempotency import WriteGuard, run_once, write_guard
from ..schemas import SupportTicketDetailOut, SupportTicketOut, SupportTicketRequest
from ..service import AuditContext

router = APIRouter(prefix="/support-tickets", tags=["support"])


@router.post("", response_model=SupportTicketOut)
def create_support_ticket(
    body: SupportTicketRequest,
    person_id: Optional[str] = Depends(optional_person_id),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
    guard: WriteGuard = Depends(write_guard),
) -> SupportTicketOut:
    """Hand-off to a human. X-User-Token is optional: an absent or invalid token files the
    ticket anonymously (person_attached false) rather than losing the user's request."""
    ctx = AuditContext(
        actor="user" if person_id else "anonymous", channel=body.channel, conversation_id=body.conversation_id
    )
    # A retried hand-off (same conversation and message) gets its first ticket, not a second one.
    return run_once(session, guard, person_id, body, lambda: service.create_support_ticket(
        session, person_id=person_id, summary=body.summary, ctx=ctx, now=now))


@router.get("/{ticket_no}", response_model=SupportTicketDetailOut)
def read_support_ticket(
    ticket_no: str = Path(..., max_length=32),
    session: Session = Depends(get_session),
) -> SupportTicketDetailOut:
    """Operator view of a ticket, with the conversation summary the assistant wrote."""
    return service.get_support_ticket(session, ticket_no)
