"""Phone + one-time code sign-in for chats without a token."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from .. import schemas
from ..config import WalletSettings
from ..models import Person, PhoneVerification, SmsOutbox
from ..security import new_phone_code, phone_code_hash, phone_code_matches
from .base import AuditContext, ServiceError, fresh, get_person, mask_phone, record_audit
from .sessions import issue_session

logger = logging.getLogger(__name__)


def _serialise_number(session: Session, phone: str) -> None:
    """One code request or check per number at a time. Row locks cannot do this (the row a
    concurrent request inserts is not there yet), so PostgreSQL takes a transaction-scoped
    advisory lock; SQLite write sessions already hold the database write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"phone:{phone}"})


def _latest_verification(session: Session, phone: str, *, lock: bool = False) -> Optional[PhoneVerification]:
    if lock:
        _serialise_number(session, phone)
    stmt = select(PhoneVerification).where(PhoneVerification.phone == phone).order_by(
        PhoneVerification.id.desc()).limit(1)
    if lock:
        stmt = stmt.with_for_update()
    return session.execute(fresh(stmt)).scalar_one_or_none()


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, int((moment - now).total_seconds() + 0.999))


def _refuse_if_locked(row: Optional[PhoneVerification], now: datetime) -> None:
    if row is not None and row.locked_until is not None and row.locked_until > now:
        raise ServiceError("rate_limited", "too_many_attempts", retry_after=_seconds_until(row.locked_until, now))


def request_phone_code(session: Session, phone: str, settings: WalletSettings, ctx: AuditContext,
                       now: datetime) -> schemas.PhoneCodeSentOut:
    """Send a code to the number if a person has it; answer the same either way."""
    latest = _latest_verification(session, phone, lock=True)
    _refuse_if_locked(latest, now)
    if latest is not None:
        resend_at = latest.created_at + timedelta(seconds=settings.phone_code_resend_seconds)
        if resend_at > now:
            raise ServiceError("rate_limited", "resend_too_soon", retry_after=_seconds_until(resend_at, now))
        hour_ago = now - timedelta(hours=1)
        recent = session.execute(select(PhoneVerification.created_at).where(
            PhoneVerification.phone == phone, PhoneVerification.created_at > hour_ago).order_by(
            PhoneVerification.id.desc()).limit(settings.phone_code_max_per_hour)).scalars().all()
        if len(recent) >= settings.phone_code_max_per_hour:
            raise ServiceError("rate_limited", "too_many_codes",
                               retry_after=_seconds_until(recent[-1] + timedelta(hours=1), now))
        if latest.status == "pending":
            latest.status = "superseded"  # only the newest code counts
    # Wrong tries carry over to the next code until the number is locked or verified, so
    # asking for a new code never buys more guesses.
    carried = (latest.failed_tries if latest is not None and latest.status in ("pending", "superseded")
               and latest.created_at > now - timedelta(hours=1) else 0)
    holders = session.execute(select(Person).where(Person.phone == phone).limit(2)).scalars().all()
    # A number shared by several persons (family members) cannot say who is signing in: no code.
    person = holders[0] if len(holders) == 1 else None
    code = new_phone_code()
    session.add(PhoneVerification(
        phone=phone, person_id=person.id if person else None,
        code_hash=phone_code_hash(settings.token_secret, phone, code), status="pending",
        failed_tries=carried, channel=ctx.channel or "unknown", conversation_id=ctx.conversation_id,
        created_at=now, expires_at=now + timedelta(seconds=settings.phone_code_ttl_seconds)))
    if person is not None:
        minutes = settings.phone_code_ttl_seconds // 60
        if settings.demo_mode:  # the demo platform's "phone"; a real one hands it to an SMS gateway
            session.add(SmsOutbox(phone=phone, created_at=now, text=(
                # The demo must not pose as the national platform: its own signature.
                f"【医保支付助手·演示】您的验证码是{code}，{minutes}分钟内有效，只在您自己打开的医保支付助手对话里输入。"
                "任何人打电话或发消息索要验证码都不要给。")))
        else:
            logger.warning("no SMS gateway in this stand-in platform: a sign-in code for %s was not sent",
                           mask_phone(phone))
        record_audit(session, now=now, ctx=ctx, person_id=person.id, action="phone_sign_in.code_sent",
                     before=None, after={"phone": mask_phone(phone)})
    session.commit()
    return schemas.PhoneCodeSentOut(phone_masked=mask_phone(phone),
                                    expires_in=settings.phone_code_ttl_seconds,
                                    resend_after=settings.phone_code_resend_seconds)


def verify_phone_code(session: Session, phone: str, code: str, settings: WalletSettings, ctx: AuditContext,
                      now: datetime) -> schemas.SessionOut:
    """A user token for the person behind the number, if the newest code matches in time.

    Wrong codes count against the number (carried over to a resent code); the last allowed
    wrong try locks the number for a while, new codes included, so 10^6 codes cannot be walked
    through.
    """
    row = _latest_verification(session, phone, lock=True)
    _refuse_if_locked(row, now)
    if row is None or row.status != "pending":
        raise ServiceError("gone", "no_active_code")
    if row.expires_at <= now:
        raise ServiceError("gone", "code_expired")
    if row.person_id is not None and phone_code_matches(settings.token_secret, phone, code, row.code_hash):
        row.status = "verified"  # single use
        person = get_person(session, row.person_id)
        record_audit(session, now=now, ctx=ctx, person_id=person.id, action="phone_sign_in.verified",
                     before=None, after={"phone": mask_phone(phone)})
        out = issue_session(person, settings, now)
        session.commit()
        return out
    row.failed_tries += 1
    tries_left = settings.phone_code_max_tries - row.failed_tries
    if tries_left <= 0:
        row.status = "exhausted"
        row.locked_until = now + timedelta(seconds=settings.phone_code_lock_seconds)
        if row.person_id is not None:
            record_audit(session, now=now, ctx=ctx, person_id=row.person_id, action="phone_sign_in.locked",
                         before=None, after={"phone": mask_phone(phone), "tries": row.failed_tries})
        session.commit()
        raise ServiceError("rate_limited", "too_many_attempts", retry_after=settings.phone_code_lock_seconds)
    session.commit()
    raise ServiceError("rejected", "wrong_code", tries_left=tries_left)
