"""Demo-only actions: finish a channel activation, read the demo phone's SMS."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import schemas
from ..models import Credential, SmsOutbox
from .base import AuditContext, ServiceError, mask_phone, person_write


def demo_activate(
    session: Session, person_id: str, channel: str, ctx: AuditContext, now: datetime
) -> schemas.CredentialOut:
    """Simulate the user finishing activation in a channel (APP / Alipay / WeChat)."""
    with person_write(session, person_id, ctx, now) as write:
        credential = write.read(select(Credential).where(Credential.person_id == person_id)).scalar_one()
        if credential.status in ("suspended", "terminated"):
            # Activation cannot repair a suspended or terminated 参保 relationship.
            raise ServiceError("conflict", f"credential_{credential.status}")
        before = {"status": credential.status, "activated_channels": list(credential.activated_channels or [])}
        channels = sorted(set(before["activated_channels"]) | {channel})
        if credential.status != "active" or channels != sorted(before["activated_channels"]):
            credential.status = "active"
            credential.activated_channels = channels  # new list object so the JSON column is flagged dirty
            credential.updated_at = now
            write.audit("credential.activated", before=before,
                        after={"status": "active", "activated_channels": channels})
    return schemas.CredentialOut(
        status=credential.status,
        activated_channels=list(credential.activated_channels),
        police_record_name_matches=credential.police_record_name == write.person.name,
    )


def demo_sms_outbox(session: Session, phone: str, now: datetime, limit: int = 5) -> schemas.SmsListOut:
    since = now - timedelta(hours=1)
    rows = session.execute(
        select(SmsOutbox).where(SmsOutbox.phone == phone, SmsOutbox.created_at >= since)
        .order_by(SmsOutbox.id.desc()).limit(limit)).scalars().all()
    return schemas.SmsListOut(messages=[
        schemas.SmsOut(phone_masked=mask_phone(r.phone), text=r.text, sent_at=r.created_at) for r in rows])
