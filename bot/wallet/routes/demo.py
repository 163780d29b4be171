"""Demo-only routes; app.py mounts them only when WALLET_DEMO_MODE is on (else 404)."""
from fastapi import APIRouter, Depends, Query

from ..deps import NowDep, PersonDep, SessionDep, SettingsDep, require_service_key
from ..schemas import (
    PHONE_PATTERN,
    CredentialOut,
    DemoActivateRequest,
    DemoSessionRequest,
    PersonaListOut,
    PersonaOut,
    SessionOut,
    SmsListOut,
    StatusOut,
)
from ..seed import PERSONAS, reset_personas
from ..services import AuditContext, demo, sessions

# Called by the demo sign-in page in the browser, which must not hold the service key.
public_router = APIRouter(prefix="/demo", tags=["demo"])
# Called by tests and tooling.
keyed_router = APIRouter(prefix="/demo", tags=["demo"], dependencies=[Depends(require_service_key)])


@public_router.post("/session", response_model=SessionOut)
def demo_session(
    body: DemoSessionRequest,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> SessionOut:
    return sessions.session_for_persona(session, body.persona, settings, now)


@public_router.get("/personas", response_model=PersonaListOut)
def demo_personas() -> PersonaListOut:
    return PersonaListOut(personas=[PersonaOut(id=p.id, name=p.name, situation=p.situation, phone=p.phone)
                                    for p in PERSONAS])


@keyed_router.post("/reset", response_model=StatusOut)
def demo_reset(
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> StatusOut:
    reset_personas(session, now=now, settings=settings)
    return StatusOut(status="ok")


@keyed_router.post("/activate", response_model=CredentialOut)
def demo_activate(
    body: DemoActivateRequest,
    person_id: PersonDep,
    session: SessionDep,
    now: NowDep,
) -> CredentialOut:
    ctx = AuditContext(actor="demo", channel=body.channel.value, conversation_id=body.conversation_id)
    return demo.demo_activate(session, person_id, body.channel.value, ctx, now)


@public_router.get("/sms", response_model=SmsListOut)
def demo_sms(
    session: SessionDep,
    now: NowDep,
    phone: str = Query(..., regex=PHONE_PATTERN),
) -> SmsListOut:
    """The demo "phone": SMS the platform sent to this number in the last hour (newest first).
    Shown on the demo page only, so a code reaches the chat only if the person types it."""
    return demo.demo_sms_outbox(session, phone, now)
