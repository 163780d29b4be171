"""Money: the personal account with today's spending, and the payment attempts."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import schemas
from ..models import PaymentAttempt, PersonalAccount
from ..timeutil import beijing_date
from .base import ServiceError, fen_to_str, get_person


def effective_used_today(account: PersonalAccount, today: date) -> int:
    """Spending counts toward the daily limit only on the Beijing day it happened."""
    if account.used_today_date != today:
        return 0
    return account.used_today_fen


def get_wallet(session: Session, person_id: str, now: datetime) -> schemas.WalletOut:
    get_person(session, person_id)
    account = session.get(PersonalAccount, person_id)
    if account is None:  # every seeded person has a row; be explicit rather than crash
        raise ServiceError("not_found", "account_not_found")
    used = effective_used_today(account, beijing_date(now))
    return schemas.WalletOut(
        has_personal_account=account.has_personal_account,
        balance=fen_to_str(account.balance_fen) if account.has_personal_account else None,
        single_limit=fen_to_str(account.single_limit_fen),
        daily_limit=fen_to_str(account.daily_limit_fen),
        used_today=fen_to_str(used),
        remaining_today=fen_to_str(max(0, account.daily_limit_fen - used)),
    )


def _attempt_out(attempt: PaymentAttempt) -> schemas.PaymentAttemptOut:
    return schemas.PaymentAttemptOut(
        id=attempt.id,
        occurred_at=attempt.occurred_at,
        institution=attempt.institution,
        institution_region_code=attempt.institution_region_code,
        institution_region_name=attempt.institution_region_name,
        amount=fen_to_str(attempt.amount_fen),
        result=attempt.result,
        error_category=attempt.error_category,
        error_code=attempt.error_code,
    )


def list_payment_attempts(session: Session, person_id: str, limit: int) -> schemas.PaymentAttemptListOut:
    get_person(session, person_id)
    stmt = (
        select(PaymentAttempt)
        .where(PaymentAttempt.person_id == person_id)
        .order_by(PaymentAttempt.occurred_at.desc(), PaymentAttempt.id.desc())
        .limit(limit)
    )
    return schemas.PaymentAttemptListOut(attempts=[_attempt_out(a) for a in session.execute(stmt).scalars()])


def last_failed_attempt(session: Session, person_id: str) -> schemas.LastFailedAttemptOut:
    get_person(session, person_id)
    stmt = (
        select(PaymentAttempt)
        .where(PaymentAttempt.person_id == person_id, PaymentAttempt.result == "failed")
        .order_by(PaymentAttempt.occurred_at.desc(), PaymentAttempt.id.desc())
        .limit(1)
    )
    attempt = session.execute(stmt).scalar_one_or_none()
    return schemas.LastFailedAttemptOut(attempt=_attempt_out(attempt) if attempt else None)
