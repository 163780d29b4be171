from fastapi import APIRouter

from ..deps import GuardDep, NowDep, PersonDep, SessionDep, user_context
from ..idempotency import run_once
from ..schemas import AuthorizationListOut, AuthorizationOut, CredentialChannel, RevokeAuthorizationRequest
from ..services import authorizations

router = APIRouter(prefix="/me/authorizations", tags=["me"])


@router.get("", response_model=AuthorizationListOut)
def my_authorizations(person_id: PersonDep, session: SessionDep) -> AuthorizationListOut:
    return authorizations.list_authorizations(session, person_id)


@router.post("/{channel}/revoke", response_model=AuthorizationOut)
def revoke_authorization(
    channel: CredentialChannel,
    body: RevokeAuthorizationRequest,
    person_id: PersonDep,
    session: SessionDep,
    now: NowDep,
    guard: GuardDep,
) -> AuthorizationOut:
    """Idempotent; 404 authorization_not_found if that channel was never authorised."""
    ctx = user_context(body.channel, body.conversation_id)
    return run_once(session, guard, person_id, body,
                    lambda: authorizations.revoke_authorization(session, person_id, channel.value, ctx, now))
