"""Channel authorizations (APP / Alipay / WeChat) and revoking one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import schemas
from ..models import ChannelAuthorization
from .base import AuditContext, ServiceError, get_person, person_write


def _authorization_out(auth: ChannelAuthorization) -> schemas.AuthorizationOut:
    return schemas.AuthorizationOut(
        channel=auth.channel, granted_at=auth.granted_at, revoked_at=auth.revoked_at, active=auth.revoked_at is None
    )


def list_authorizations(session: Session, person_id: str) -> schemas.AuthorizationListOut:
    get_person(session, person_id)
    stmt = select(ChannelAuthorization).where(ChannelAuthorization.person_id == person_id).order_by(
        ChannelAuthorization.id
    )
    return schemas.AuthorizationListOut(authorizations=[_authorization_out(a) for a in session.execute(stmt).scalars()])


def revoke_authorization(
    session: Session, person_id: str, channel: str, ctx: AuditContext, now: datetime
) -> schemas.AuthorizationOut:
    with person_write(session, person_id, ctx, now) as write:
        auth = write.read(
            select(ChannelAuthorization).where(
                ChannelAuthorization.person_id == person_id, ChannelAuthorization.channel == channel
            )
        ).scalar_one_or_none()
        if auth is None:
            raise ServiceError("not_found", "authorization_not_found")
        if auth.revoked_at is None:
            auth.revoked_at = now
            write.audit(
                "authorization.revoked",
                before={"channel": channel, "active": True},
                after={"channel": channel, "active": False},
            )
    return _authorization_out(auth)
