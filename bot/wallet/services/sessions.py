"""User tokens for a demo persona or a bound WeChat openid (phone sign-in: phone_verification)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from .. import schemas
from ..config import WalletSettings
from ..models import Person, WechatBinding
from ..security import issue_user_token
from .base import ServiceError, get_person


def issue_session(person: Person, settings: WalletSettings, now: datetime) -> schemas.SessionOut:
    token, claims = issue_user_token(
        person.id, secret=settings.token_secret, now=now, ttl_seconds=settings.token_ttl_seconds
    )
    return schemas.SessionOut(token=token, expires_at=claims.expires_at, person_id=person.id, name=person.name)


def session_for_persona(session: Session, persona_id: str, settings: WalletSettings, now: datetime):
    person = session.get(Person, persona_id)
    if person is None:
        raise ServiceError("not_found", "persona_not_found")
    return issue_session(person, settings, now)


def session_for_openid(session: Session, openid: str, settings: WalletSettings, now: datetime):
    binding = session.get(WechatBinding, openid)
    if binding is None:
        raise ServiceError("not_found", "openid_not_bound")
    return issue_session(get_person(session, binding.person_id), settings, now)
