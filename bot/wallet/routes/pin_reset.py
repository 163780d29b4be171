from fastapi import APIRouter, Path

from ..deps import GuardDep, NowDep, PersonDep, SessionDep, SettingsDep, user_context
from ..idempotency import run_once
from ..schemas import TICKET_ID_PATTERN, PinResetTicketOut, PinResetTicketRequest, PinResetTicketStatusOut
from ..services import pin_reset

router = APIRouter(prefix="/me/pin-reset-tickets", tags=["me"])


@router.post("", response_model=PinResetTicketOut)
def request_pin_reset(
    body: PinResetTicketRequest,
    person_id: PersonDep,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    guard: GuardDep,
) -> PinResetTicketOut:
    """Returns the open ticket if one exists, so retries never create a second one."""
    ctx = user_context(body.channel, body.conversation_id)
    return run_once(session, guard, person_id, body,
                    lambda: pin_reset.request_pin_reset_ticket(session, person_id, ctx, settings, now),
                    outcome_is_secret=True)  # the reset link must not be stored


@router.get("/{ticket_id}", response_model=PinResetTicketStatusOut)
def pin_reset_status(
    person_id: PersonDep,
    session: SessionDep,
    now: NowDep,
    ticket_id: str = Path(..., pattern=TICKET_ID_PATTERN),
) -> PinResetTicketStatusOut:
    return pin_reset.get_pin_reset_ticket(session, person_id, ticket_id, now)
