"""Phone + one-time code sign-in for chats without a token (called by the action server)."""
import time

from fastapi import APIRouter, status

from ..deps import NowDep, SessionDep, SettingsDep, user_context
from ..schemas import PhoneCodeRequest, PhoneCodeSentOut, PhoneCodeVerifyRequest, SessionOut
from ..services import phone_verification

router = APIRouter(prefix="/phone-verifications", tags=["phone sign-in"])


@router.post("", response_model=PhoneCodeSentOut, status_code=status.HTTP_202_ACCEPTED)
def request_code(
    body: PhoneCodeRequest,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> PhoneCodeSentOut:
    """Send a 6-digit code by SMS to the number if it is bound to a person. The answer is the
    same for unbound numbers. 429 `resend_too_soon` / `too_many_attempts` with `retry_after`."""
    ctx = user_context(body.channel, body.conversation_id)
    started = time.monotonic()
    try:
        return phone_verification.request_phone_code(session, body.phone, settings, ctx, now)
    finally:
        # A bound number does more work (SMS, audit) than an unbound one; without a floor the
        # answer time alone would tell which numbers have an account.
        time.sleep(max(0.0, settings.phone_code_min_response_seconds - (time.monotonic() - started)))


@router.post("/verify", response_model=SessionOut)
def verify_code(
    body: PhoneCodeVerifyRequest,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> SessionOut:
    """Exchange the newest code for a user token. 400 `wrong_code` with `tries_left`; 410
    `code_expired` / `no_active_code`; 429 `too_many_attempts` with `retry_after` (locked)."""
    ctx = user_context(body.channel, body.conversation_id)
    return phone_verification.verify_phone_code(session, body.phone, body.code, settings, ctx, now)
