"""PIN reset: the ticket a chat asks for, and the wallet page's face check and new PIN."""
from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import schemas
from ..config import WalletSettings
from ..models import PinCredential, PinResetTicket
from ..security import hash_pin, looks_like_reset_secret, pin_reset_secret, pin_reset_secret_hash
from .base import AuditContext, PersonWrite, ServiceError, fresh, person_write

ACTIVE_TICKET_STATUSES = ("pending", "face_verified")
# The page is the user's own browser, outside any conversation.
PAGE_CONTEXT = AuditContext(actor="user", channel="wallet_web")


def effective_ticket_status(ticket: PinResetTicket, now: datetime) -> str:
    if ticket.status in ACTIVE_TICKET_STATUSES and now >= ticket.expires_at:
        return "expired"
    return ticket.status


def reset_url(ticket: PinResetTicket, settings: WalletSettings) -> str:
    secret = pin_reset_secret(ticket.id, secret=settings.token_secret)
    return f"{settings.public_url.rstrip('/')}/wallet/pin-reset/{secret}"


def _ticket_out(ticket: PinResetTicket, settings: WalletSettings, now: datetime) -> schemas.PinResetTicketOut:
    return schemas.PinResetTicketOut(
        ticket_id=ticket.id,
        status=effective_ticket_status(ticket, now),
        reset_url=reset_url(ticket, settings),
        expires_at=ticket.expires_at,
    )


def request_pin_reset_ticket(
    session: Session, person_id: str, ctx: AuditContext, settings: WalletSettings, now: datetime
) -> schemas.PinResetTicketOut:
    """Return the open ticket if there is one, else create one. Exactly one open ticket."""
    with person_write(session, person_id, ctx, now) as write:
        open_tickets = write.read(
            select(PinResetTicket)
            .where(PinResetTicket.person_id == person_id, PinResetTicket.status.in_(ACTIVE_TICKET_STATUSES))
            .order_by(PinResetTicket.created_at.desc())
        ).scalars()
        reusable = None
        for ticket in open_tickets:
            if effective_ticket_status(ticket, now) == "expired":
                ticket.status = "expired"
            elif reusable is None:
                reusable = ticket
        if reusable is not None:
            ticket = reusable
        else:
            ticket_id = f"prt_{secrets.token_hex(12)}"
            ticket = PinResetTicket(
                id=ticket_id,
                person_id=person_id,
                secret_hash=pin_reset_secret_hash(pin_reset_secret(ticket_id, secret=settings.token_secret)),
                status="pending",
                channel=ctx.channel or "unknown",
                conversation_id=ctx.conversation_id,
                created_at=now,
                expires_at=now + timedelta(seconds=settings.pin_reset_ticket_ttl_seconds),
            )
            session.add(ticket)
            write.audit("pin_reset.ticket_created", before=None, after={"ticket_id": ticket_id, "status": "pending"})
    return _ticket_out(ticket, settings, now)


def get_pin_reset_ticket(
    session: Session, person_id: str, ticket_id: str, now: datetime
) -> schemas.PinResetTicketStatusOut:
    ticket = session.get(PinResetTicket, ticket_id)
    # Another person's ticket is indistinguishable from a missing one.
    if ticket is None or ticket.person_id != person_id:
        raise ServiceError("not_found", "ticket_not_found")
    pin = session.get(PinCredential, person_id)
    return schemas.PinResetTicketStatusOut(
        ticket_id=ticket.id, status=effective_ticket_status(ticket, now), pin_locked=bool(pin and pin.locked)
    )


def find_ticket_by_secret(session: Session, url_secret: str) -> Optional[PinResetTicket]:
    if not looks_like_reset_secret(url_secret):
        return None
    stmt = select(PinResetTicket).where(PinResetTicket.secret_hash == pin_reset_secret_hash(url_secret))
    return session.execute(fresh(stmt)).scalar_one_or_none()


def _ticket_owner(session: Session, url_secret: str) -> str:
    ticket = find_ticket_by_secret(session, url_secret)
    if ticket is None:
        raise ServiceError("not_found", "ticket_not_found")
    return ticket.person_id


def _usable_ticket(write: PersonWrite, url_secret: str) -> PinResetTicket:
    """The page's ticket, re-read under the owner's lock; refused when expired or used."""
    ticket = find_ticket_by_secret(write.session, url_secret)
    status = effective_ticket_status(ticket, write.now)
    if status == "expired":
        if ticket.status != "expired":
            ticket.status = "expired"
            write.session.commit()  # kept although the request is refused
        raise ServiceError("gone", "ticket_expired")
    if status == "completed":
        raise ServiceError("gone", "ticket_used")
    return ticket


def verify_face_for_ticket(session: Session, url_secret: str, now: datetime) -> PinResetTicket:
    """Simulated face check: always passes. Idempotent."""
    with person_write(session, _ticket_owner(session, url_secret), PAGE_CONTEXT, now) as write:
        ticket = _usable_ticket(write, url_secret)
        if ticket.status == "pending":
            ticket.status = "face_verified"
            ticket.face_verified_at = now
            write.audit(
                "pin_reset.face_verified",
                before={"ticket_id": ticket.id, "status": "pending"},
                after={"ticket_id": ticket.id, "status": "face_verified"},
            )
    return ticket


_DIGITS6 = re.compile(r"[0-9]{6}")


def pin_problem(pin: str, confirm: str) -> Optional[str]:
    """Why a new PIN is refused, as a code ('pin_format', 'pin_mismatch', 'pin_trivial'), or None."""
    if not _DIGITS6.fullmatch(pin):
        return "pin_format"
    if pin != confirm:
        return "pin_mismatch"
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    if steps in ({0}, {1}, {-1}):  # 111111, 123456, 654321
        return "pin_trivial"
    return None


def complete_pin_reset(session: Session, url_secret: str, pin: str, confirm: str, now: datetime) -> PinResetTicket:
    with person_write(session, _ticket_owner(session, url_secret), PAGE_CONTEXT, now) as write:
        ticket = _usable_ticket(write, url_secret)
        if ticket.status != "face_verified":
            raise ServiceError("conflict", "face_check_required")
        problem = pin_problem(pin, confirm)
        if problem:
            write.discard()
            raise ServiceError("invalid", problem)
        pin_row = write.read(select(PinCredential).where(PinCredential.person_id == ticket.person_id)).scalar_one()
        before = {"locked": pin_row.locked, "failed_tries": pin_row.failed_tries}
        pin_row.pin_hash = hash_pin(pin)
        pin_row.failed_tries = 0
        pin_row.locked = False
        pin_row.updated_at = now
        ticket.status = "completed"
        ticket.completed_at = now
        write.audit(
            "pin_reset.completed",
            before={"ticket_id": ticket.id, **before},
            after={"ticket_id": ticket.id, "locked": False, "failed_tries": 0},
            ctx=AuditContext(actor="user", channel="wallet_web", conversation_id=ticket.conversation_id),
        )
    return ticket
