from fastapi import APIRouter, Path

from ..deps import GuardDep, NowDep, OptionalPersonDep, SessionDep
from ..idempotency import run_once
from ..schemas import SupportTicketDetailOut, SupportTicketOut, SupportTicketRequest
from ..services import AuditContext, support_tickets

router = APIRouter(prefix="/support-tickets", tags=["support"])


@router.post("", response_model=SupportTicketOut)
def create_support_ticket(
    body: SupportTicketRequest,
    person_id: OptionalPersonDep,
    session: SessionDep,
    now: NowDep,
    guard: GuardDep,
) -> SupportTicketOut:
    """Hand-off to a human. X-User-Token is optional: an absent or invalid token files the
    ticket anonymously (person_attached false) rather than losing the user's request."""
    ctx = AuditContext(
        actor="user" if person_id else "anonymous", channel=body.channel, conversation_id=body.conversation_id
    )
    # A retried hand-off (same conversation and message) gets its first ticket, not a second one.
    return run_once(session, guard, person_id, body, lambda: support_tickets.create_support_ticket(
        session, person_id=person_id, summary=body.summary, ctx=ctx, now=now))


@router.get("/{ticket_no}", response_model=SupportTicketDetailOut)
def read_support_ticket(
    session: SessionDep,
    ticket_no: str = Path(..., max_length=32),
) -> SupportTicketDetailOut:
    """Operator view of a ticket, with the conversation summary the assistant wrote."""
    return support_tickets.get_support_ticket(session, ticket_no)
