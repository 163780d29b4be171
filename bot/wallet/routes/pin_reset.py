from datetime import datetime

from fastapi import APIRouter, Depends, Path
from sqlalchemy.orm import Session

from .. import service
from ..config import WalletSettings
from ..deps import current_person_id, get_now, get_session, get_settings, user_context
from ..idempotency import WriteGuard, run_once, write_guard
from ..schemas import TICKET_ID_PATTERN, PinResetTicketOut, PinResetTicketRequest, PinResetTicketStatusOut

router = APIRouter(prefix="/me/pin-reset-tickets", tags=["me"])


@router.post("", response_model=PinResetTicketOut)
def request_pin_reset(
    body: PinResetTicketRequest,
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
    settings: WalletSettings = Depends(get_settings),
    now: datetime = Depends(get_now),
    guard: WriteGuard = Depends(write_guard),
) -> PinResetTicketOut:
    """Returns the open ticket if one exists, so retries never create a second one."""
    ctx = user_context(body.channel, body.conversation_id)
    return run_once(session, guard, person_id, body,
                    lambda: service.request_pin_reset_ticket(session, person_id, ctx, settings, now),
                    outcome_is_secret=True)  # the reset link must not be stored


@router.get("/{ticket_id}", response_model=PinResetTicketStatusOut)
def pin_reset_status(
    ticket_id: str = Path(..., pattern=TICKET_ID_PATTERN),
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
) -> PinResetTicketStatusOut:
    return service.get_pin_reset_ticket(session, person_id, ticket_id, now)
