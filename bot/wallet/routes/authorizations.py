from datetime import datetime

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from .. import service
from ..deps import current_person_id, get_now, get_session, user_context
from ..idempotency import WriteGuard, run_once, write_guard
from ..schemas import AuthorizationListOut, AuthorizationOut, CredentialChannel, RevokeAuthorizationRequest

router = APIRouter(prefix="/me/authorizations", tags=["me"])


@router.get("", response_model=AuthorizationListOut)
def my_authorizations(
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
) -> AuthorizationListOut:
    return service.list_authorizations(session, person_id)


@router.post("/{channel}/revoke", response_model=AuthorizationOut)
def revoke_authorization(
    channel: CredentialChannel,
    body: RevokeAuthorizationRequest,
    person_id: str = Depends(current_person_id),
    session: Session = Depends(get_session),
    now: datetime = Depends(get_now),
    guard: WriteGuard = Depends(write_guard),
) -> AuthorizationOut:
    """Idempotent; 404 authorization_not_found if that channel was never authorised."""
    ctx = user_context(body.channel, body.conversation_id)
    return run_once(session, guard, person_id, body,
                    lambda: service.revoke_authorization(session, person_id, channel.value, ctx, now))
