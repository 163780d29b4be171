"""Business logic of the simulated platform. No HTTP here: routes translate ServiceError.

Write operations lock the person row first (FOR UPDATE on PostgreSQL; SQLite write sessions
already hold the database write lock from BEGIN IMMEDIATE), re-read what they change, write
an audit entry in the same transaction and commit.
"""
from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.privacy import clean_text, mask_sensitive

from . import schemas
from .config import WalletSettings
from .models import (
    AuditEntry,
    ChannelAuthorization,
    Counter,
    Credential,
    FamilyBinding,
    InsuredRegion,
    PaymentAttempt,
    Person,
    PersonalAccount,
    PinCredential,
    PhoneVerification,
    PinResetTicket,
    SmsOutbox,
    SupportTicket,
    WechatBinding,
)
from .security import (
    hash_pin,
    issue_user_token,
    looks_like_reset_secret,
    new_phone_code,
    phone_code_hash,
    phone_code_matches,
    pin_reset_secret,
    pin_reset_secret_hash,
)
from .timeutil import beijing_date

logger = logging.getLogger(__name__)

INSURANCE_TYPE_LABELS = {"employee": "职工医保", "resident": "居民医保"}
RELATION_LABELS = {"child": "子女", "spouse": "配偶", "parent": "父母", "sibling": "兄弟姐妹"}
ACTIVE_TICKET_STATUSES = ("pending", "face_verified")


class ServiceError(Exception):
    """A refusal the caller can act on. `kind` maps to an HTTP status in the routes."""

    def __init__(self, kind: str, detail: str, **extra: int):
        super().__init__(detail)
        self.kind = kind  # not_found | conflict | gone | invalid | rejected | rate_limited
        self.detail = detail
        self.extra = extra  # e.g. tries_left, retry_after: added to the JSON body


@dataclass(frozen=True)
class AuditContext:
    actor: str
    channel: Optional[str] = None
    conversation_id: Optional[str] = None


# --- formatting helpers --------------------------------------------------------------------

def fen_to_str(fen: int) -> str:
    return format(Decimal(int(fen)).scaleb(-2), ".2f")


def yuan_to_fen(amount: str) -> int:
    return int((Decimal(amount) * 100).to_integral_exact())


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


# --- lookups and locking -------------------------------------------------------------------

def get_person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise ServiceError("not_found", "person_not_found")
    return person


def lock_person(session: Session, person_id: str) -> Person:
    """Serialise all writes for one person (row lock on PostgreSQL, no-op clause on SQLite)."""
    stmt = (
        select(Person)
        .where(Person.id == person_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    person = session.execute(stmt).scalar_one_or_none()
    if person is None:
        raise ServiceError("not_found", "person_not_found")
    return person


def _fresh(stmt):
    # After taking the lock, re-read rows even if an older copy sits in the identity map.
    return stmt.execution_options(populate_existing=True)


def record_audit(
    session: Session,
    *,
    now: datetime,
    ctx: AuditContext,
    person_id: Optional[str],
    action: str,
    before: Optional[dict],
    after: Optional[dict],
) -> None:
    session.add(
        AuditEntry(
            occurred_at=now,
            actor=ctx.actor,
            channel=ctx.channel,
            conversation_id=ctx.conversation_id,
            person_id=person_id,
            action=action,
            before=before,
            after=after,
        )
    )


# --- sessions ------------------------------------------------------------------------------

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


# --- profile -------------------------------------------------------------------------------

def _regions(session: Session, person_id: str) -> List[InsuredRegion]:
    stmt = select(InsuredRegion).where(InsuredRegion.person_id == person_id).order_by(InsuredRegion.id)
    return list(session.execute(_fresh(stmt)).scalars())


def _region_ref(regions: List[InsuredRegion], attr: str) -> Optional[schemas.RegionRef]:
    for region in regions:
        if getattr(region, attr):
            return schemas.RegionRef(code=region.region_code, name=region.region_name)
    return None


def get_profile(session: Session, person_id: str, settings: WalletSettings) -> schemas.ProfileOut:
    person = get_person(session, person_id)
    credential = session.get(Credential, person_id)
    pin = session.get(PinCredential, person_id)
    regions = _regions(session, person_id)
    return schemas.ProfileOut(
        id=person.id,
        name=person.name,
        id_number_masked=person.id_number_masked,
        phone_masked=mask_phone(person.phone),
        insurance_type=person.insurance_type,
        insurance_type_label=INSURANCE_TYPE_LABELS[person.insurance_type],
        credential=schemas.CredentialOut(
            status=credential.status,
            activated_channels=list(credential.activated_channels or []),
            police_record_name_matches=credential.police_record_name == person.name,
        ),
        pin=schemas.PinStateOut(
            locked=bool(pin and pin.locked),
            failed_tries=pin.failed_tries if pin else 0,
            max_tries=settings.pin_max_tries,
        ),
        shown_region=_region_ref(regions, "shown"),
        real_region=_region_ref(regions, "is_real"),
    )


# --- wallet --------------------------------------------------------------------------------

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


# --- payment attempts ----------------------------------------------------------------------

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


# --- insured regions -----------------------------------------------------------------------

def _region_list(regions: List[InsuredRegion]) -> schemas.RegionListOut:
    return schemas.RegionListOut(
        regions=[
            schemas.RegionOut(region_code=r.region_code, region_name=r.region_name, is_real=r.is_real, shown=r.shown)
            for r in regions
        ]
    )


def list_regions(session: Session, person_id: str) -> schemas.RegionListOut:
    get_person(session, person_id)
    return _region_list(_regions(session, person_id))


def switch_shown_region(
    session: Session, person_id: str, region_code: str, ctx: AuditContext, now: datetime
) -> schemas.RegionListOut:
    """参保地切换: pick which existing record the code page shows. Idempotent."""
    lock_person(session, person_id)
    regions = _regions(session, person_id)
    target = next((r for r in regions if r.region_code == region_code), None)
    if target is None:
        raise ServiceError("not_found", "region_not_found")
    current = next((r for r in regions if r.shown), None)
    if current is not None and current.region_code == region_code:
        unchanged = _region_list(regions)
        session.rollback()  # nothing to write; release the lock, no audit entry
        return unchanged
    # Clear first, then set: the partial unique index allows only one shown row at a time.
    session.execute(
        update(InsuredRegion)
        .where(InsuredRegion.person_id == person_id, InsuredRegion.shown.is_(True))
        .values(shown=False)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(InsuredRegion)
        .where(InsuredRegion.id == target.id)
        .values(shown=True)
        .execution_options(synchronize_session=False)
    )
    record_audit(
        session,
        now=now,
        ctx=ctx,
        person_id=person_id,
        action="region.switch_shown",
        before={"shown_region_code": current.region_code if current else None},
        after={"shown_region_code": region_code},
    )
    session.commit()
    return _region_list(_regions(session, person_id))


# --- PIN reset -----------------------------------------------------------------------------

def effective_ticket_status(ticket: PinResetTicket, now: datetime) -> str:
    if ticket.status in ACTIVE_TICKET_STATUSES and now >= ticket.expires_at:
        return "expired"
    return ticket.status


def reset_url(ticket: PinResetTicket, settings: WalletSettings) -> str:
    secret = pin_reset_secret(ticket.id, secret=settings.token_secret)
    return f"{settings.public_url.rstrip('/')}/wallet/pin-reset/{secret}"


def _ticket_out(ticket: PinResetTicket, settings: WalletSettings, now: datetime) -> schemas.PinResetTicketOut:
    return schemas.PinResetTicketOut(
        ticket_id=ticket.id,
        status=effective_ticket_status(ticket, now),
        reset_url=reset_url(ticket, settings),
        expires_at=ticket.expires_at,
    )


def request_pin_reset_ticket(
    session: Session, person_id: str, ctx: AuditContext, settings: WalletSettings, now: datetime
) -> schemas.PinResetTicketOut:
    """Return the open ticket if there is one, else create one. Exactly one open ticket."""
    lock_person(session, person_id)
    open_tickets = session.execute(
        _fresh(
            select(PinResetTicket)
            .where(PinResetTicket.person_id == person_id, PinResetTicket.status.in_(ACTIVE_TICKET_STATUSES))
            .order_by(PinResetTicket.created_at.desc())
        )
    ).scalars()
    reusable = None
    for ticket in open_tickets:
        if effective_ticket_status(ticket, now) == "expired":
            ticket.status = "expired"
        elif reusable is None:
            reusable = ticket
    if reusable is not None:
        session.commit()
        return _ticket_out(reusable, settings, now)

    ticket_id = f"prt_{secrets.token_hex(12)}"
    ticket = PinResetTicket(
        id=ticket_id,
        person_id=person_id,
        secret_hash=pin_reset_secret_hash(pin_reset_secret(ticket_id, secret=settings.token_secret)),
        status="pending",
        channel=ctx.channel or "unknown",
        conversation_id=ctx.conversation_id,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.pin_reset_ticket_ttl_seconds),
    )
    session.add(ticket)
    record_audit(
        session,
        now=now,
        ctx=ctx,
        person_id=person_id,
        action="pin_reset.ticket_created",
        before=None,
        after={"ticket_id": ticket_id, "status": "pending"},
    )
    session.commit()
    return _ticket_out(ticket, settings, now)


def get_pin_reset_ticket(
    session: Session, person_id: str, ticket_id: str, now: datetime
) -> schemas.PinResetTicketStatusOut:
    ticket = session.get(PinResetTicket, ticket_id)
    # Another person's ticket is indistinguishable from a missing one.
    if ticket is None or ticket.person_id != person_id:
        raise ServiceError("not_found", "ticket_not_found")
    pin = session.get(PinCredential, person_id)
    return schemas.PinResetTicketStatusOut(
        ticket_id=ticket.id, status=effective_ticket_status(ticket, now), pin_locked=bool(pin and pin.locked)
    )


def find_ticket_by_secret(session: Session, url_secret: str) -> Optional[PinResetTicket]:
    if not looks_like_reset_secret(url_secret):
        return None
    stmt = select(PinResetTicket).where(PinResetTicket.secret_hash == pin_reset_secret_hash(url_secret))
    return session.execute(_fresh(stmt)).scalar_one_or_none()


def _locked_ticket_for_page(session: Session, url_secret: str, now: datetime) -> PinResetTicket:
    ticket = find_ticket_by_secret(session, url_secret)
    if ticket is None:
        raise ServiceError("not_found", "ticket_not_found")
    lock_person(session, ticket.person_id)
    ticket = find_ticket_by_secret(session, url_secret)  # re-read under the lock
    status = effective_ticket_status(ticket, now)
    if status == "expired":
        if ticket.status != "expired":
            ticket.status = "expired"
            session.commit()
        raise ServiceError("gone", "ticket_expired")
    if status == "completed":
        raise ServiceError("gone", "ticket_used")
    return ticket


def verify_face_for_ticket(session: Session, url_secret: str, now: datetime) -> PinResetTicket:
    """Simulated face check: always passes. Idempotent."""
    ticket = _locked_ticket_for_page(session, url_secret, now)
    if ticket.status == "pending":
        ticket.status = "face_verified"
        ticket.face_verified_at = now
        record_audit(
            session,
            now=now,
            ctx=AuditContext(actor="user", channel="wallet_web"),
            person_id=ticket.person_id,
            action="pin_reset.face_verified",
            before={"ticket_id": ticket.id, "status": "pending"},
            after={"ticket_id": ticket.id, "status": "face_verified"},
        )
    session.commit()
    return ticket


_DIGITS6 = re.compile(r"[0-9]{6}")


def pin_problem(pin: str, confirm: str) -> Optional[str]:
    """Why a new PIN is refused, as a code ('pin_format', 'pin_mismatch', 'pin_trivial'), or None."""
    if not _DIGITS6.fullmatch(pin):
        return "pin_format"
    if pin != confirm:
        return "pin_mismatch"
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    if steps in ({0}, {1}, {-1}):  # 111111, 123456, 654321
        return "pin_trivial"
    return None


def complete_pin_reset(session: Session, url_secret: str, pin: str, confirm: str, now: datetime) -> PinResetTicket:
    ticket = _locked_ticket_for_page(session, url_secret, now)
    if ticket.status != "face_verified":
        raise ServiceError("conflict", "face_check_required")
    problem = pin_problem(pin, confirm)
    if problem:
        session.rollback()
        raise ServiceError("invalid", problem)
    pin_row = session.execute(
        _fresh(select(PinCredential).where(PinCredential.person_id == ticket.person_id))
    ).scalar_one()
    before = {"locked": pin_row.locked, "failed_tries": pin_row.failed_tries}
    pin_row.pin_hash = hash_pin(pin)
    pin_row.failed_tries = 0
    pin_row.locked = False
    pin_row.updated_at = now
    ticket.status = "completed"
    ticket.completed_at = now
    record_audit(
        session,
        now=now,
        ctx=AuditContext(actor="user", channel="wallet_web", conversation_id=ticket.conversation_id),
        person_id=ticket.person_id,
        action="pin_reset.completed",
        before={"ticket_id": ticket.id, **before},
        after={"ticket_id": ticket.id, "locked": False, "failed_tries": 0},
    )
    session.commit()
    return ticket


# --- channel authorizations ----------------------------------------------------------------

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
    lock_person(session, person_id)
    auth = session.execute(
        _fresh(
            select(ChannelAuthorization).where(
                ChannelAuthorization.person_id == person_id, ChannelAuthorization.channel == channel
            )
        )
    ).scalar_one_or_none()
    if auth is None:
        raise ServiceError("not_found", "authorization_not_found")
    if auth.revoked_at is None:
        auth.revoked_at = now
        record_audit(
            session,
            now=now,
            ctx=ctx,
            person_id=person_id,
            action="authorization.revoked",
            before={"channel": channel, "active": True},
            after={"channel": channel, "active": False},
        )
    session.commit()
    return _authorization_out(auth)


# --- family bindings -----------------------------------------------------------------------

def list_family_bindings(session: Session, person_id: str) -> schemas.FamilyBindingListOut:
    get_person(session, person_id)
    stmt = select(FamilyBinding).where(FamilyBinding.binder_person_id == person_id).order_by(FamilyBinding.id)
    return schemas.FamilyBindingListOut(
        family_bindings=[
            schemas.FamilyBindingOut(
                id=b.id,
                member_name_masked=b.member_name_masked,
                relation=b.relation,
                relation_label=RELATION_LABELS.get(b.relation, b.relation),
                member_region_code=b.member_region_code,
                member_region_name=b.member_region_name,
                tier=b.tier,
                is_child=b.is_child,
                needs_chc=b.needs_chc,
                chc_bound=b.chc_bound,
                bound_at=b.bound_at,
            )
            for b in session.execute(stmt).scalars()
        ]
    )


# --- support tickets -----------------------------------------------------------------------

SUPPORT_SUMMARY_MAX_CHARS = 2000


def next_counter_value(session: Session, name: str) -> int:
    """Increment a named counter; safe under concurrent first use on PostgreSQL."""
    stmt = _fresh(select(Counter).where(Counter.name == name).with_for_update())
    counter = session.execute(stmt).scalar_one_or_none()
    if counter is None:
        try:
            with session.begin_nested():
                session.add(Counter(name=name, value=1))
            return 1
        except IntegrityError:  # another transaction created it first; now wait for its lock
            counter = session.execute(stmt).scalar_one()
    counter.value += 1
    session.flush()
    return counter.value


def create_support_ticket(
    session: Session,
    *,
    person_id: Optional[str],
    summary: str,
    ctx: AuditContext,
    now: datetime,
) -> schemas.SupportTicketOut:
    # Masked again here, whoever the caller: the summary quotes the user, and a client that
    # sends raw text must still leave nothing personal in the ticket (bot.privacy).
    summary = mask_sensitive(clean_text(summary))[0][:SUPPORT_SUMMARY_MAX_CHARS]
    day = beijing_date(now).strftime("%Y%m%d")
    number = next_counter_value(session, f"support_ticket:{day}")
    ticket = SupportTicket(
        ticket_no=f"T{day}-{number:04d}",
        person_id=person_id,
        channel=ctx.channel or "unknown",
        conversation_id=ctx.conversation_id,
        summary=summary,
        status="open",
        created_at=now,
    )
    session.add(ticket)
    record_audit(
        session,
        now=now,
        ctx=ctx,
        person_id=person_id,
        action="support_ticket.created",
        before=None,
        after={"ticket_no": ticket.ticket_no, "status": "open"},
    )
    session.commit()
    return schemas.SupportTicketOut(ticket_no=ticket.ticket_no, status=ticket.status, person_attached=person_id is not None)


# --- demo-only actions ---------------------------------------------------------------------

def demo_activate(
    session: Session, person_id: str, channel: str, ctx: AuditContext, now: datetime
) -> schemas.CredentialOut:
    """Simulate the user finishing activation in a channel (APP / Alipay / WeChat)."""
    person = lock_person(session, person_id)
    credential = session.execute(_fresh(select(Credential).where(Credential.person_id == person_id))).scalar_one()
    if credential.status in ("suspended", "terminated"):
        # Activation cannot repair a suspended or terminated 参保 relationship.
        raise ServiceError("conflict", f"credential_{credential.status}")
    before = {"status": credential.status, "activated_channels": list(credential.activated_channels or [])}
    channels = sorted(set(before["activated_channels"]) | {channel})
    if credential.status != "active" or channels != sorted(before["activated_channels"]):
        credential.status = "active"
        credential.activated_channels = channels  # new list object so the JSON column is flagged dirty
        credential.updated_at = now
        record_audit(
            session,
            now=now,
            ctx=ctx,
            person_id=person_id,
            action="credential.activated",
            before=before,
            after={"status": "active", "activated_channels": channels},
        )
    session.commit()
    return schemas.CredentialOut(
        status=credential.status,
        activated_channels=list(credential.activated_channels),
        police_record_name_matches=credential.police_record_name == person.name,
    )


# --- operator view -------------------------------------------------------------------------

def audit_log(session: Session, person_id: str, limit: int) -> schemas.AuditLogOut:
    get_person(session, person_id)
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.person_id == person_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    entries = list(session.execute(stmt).scalars())
    entries.reverse()  # newest `limit` entries, oldest first
    return schemas.AuditLogOut(
        entries=[
            schemas.AuditEntryOut(
                id=e.id,
                occurred_at=e.occurred_at,
                actor=e.actor,
                channel=e.channel,
                conversation_id=e.conversation_id,
                person_id=e.person_id,
                action=e.action,
                before=e.before,
                after=e.after,
            )
            for e in entries
        ]
    )


def get_support_ticket(session: Session, ticket_no: str) -> schemas.SupportTicketDetailOut:
    ticket = session.execute(
        select(SupportTicket).where(SupportTicket.ticket_no == ticket_no)).scalar_one_or_none()
    if ticket is None:
        raise ServiceError("not_found", "ticket_not_found")
    return schemas.SupportTicketDetailOut(
        ticket_no=ticket.ticket_no, status=ticket.status, person_attached=ticket.person_id is not None,
        person_id=ticket.person_id, channel=ticket.channel, conversation_id=ticket.conversation_id,
        summary=ticket.summary, created_at=ticket.created_at)


# --- phone + one-time code sign-in ---------------------------------------------------------

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
    return session.execute(_fresh(stmt)).scalar_one_or_none()


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


def demo_sms_outbox(session: Session, phone: str, now: datetime, limit: int = 5) -> schemas.SmsListOut:
    since = now - timedelta(hours=1)
    rows = session.execute(
        select(SmsOutbox).where(SmsOutbox.phone == phone, SmsOutbox.created_at >= since)
        .order_by(SmsOutbox.id.desc()).limit(limit)).scalars().all()
    return schemas.SmsListOut(messages=[
        schemas.SmsOut(phone_masked=mask_phone(r.phone), text=r.text, sent_at=r.created_at) for r in rows])
