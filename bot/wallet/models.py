"""ORM models of the simulated national medical-insurance platform.

Money is stored as integer fen; times as aware UTC (see UTCDateTime).
"""
from __future__ import annotations

from datetime import timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import DateTime, TypeDecorator

Base = declarative_base()


class UTCDateTime(TypeDecorator):
    """Aware UTC in and out; SQLite has no time zones so it stores naive UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Person(Base):
    __tablename__ = "persons"

    id = Column(String(64), primary_key=True)
    name = Column(String(64), nullable=False)  # name on the credential
    id_number_masked = Column(String(32), nullable=False)
    phone = Column(String(20), nullable=False)  # full number; only ever returned masked
    insurance_type = Column(String(16), nullable=False)  # employee | resident
    created_at = Column(UTCDateTime, nullable=False)

    credential = relationship("Credential", uselist=False, back_populates="person")
    account = relationship("PersonalAccount", uselist=False, back_populates="person")
    pin = relationship("PinCredential", uselist=False, back_populates="person")


class Credential(Base):
    __tablename__ = "credentials"

    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    status = Column(String(16), nullable=False)  # not_activated | active | suspended | terminated
    activated_channels = Column(JSON, nullable=False, default=list)  # of app | alipay | wechat
    # Name in the public-security (公安) register; differs from Person.name for info_mismatch.
    police_record_name = Column(String(64), nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)

    person = relationship("Person", back_populates="credential")


class InsuredRegion(Base):
    __tablename__ = "insured_regions"
    __table_args__ = (
        UniqueConstraint("person_id", "region_code", name="uq_insured_region_person_code"),
        # At most one shown region per person, enforced by the database itself.
        Index(
            "uq_insured_region_one_shown",
            "person_id",
            unique=True,
            postgresql_where=text("shown"),
            sqlite_where=text("shown = 1"),
        ),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), nullable=False)
    region_code = Column(String(6), nullable=False)
    region_name = Column(String(64), nullable=False)
    is_real = Column(Boolean, nullable=False, default=False)  # the true current 参保地
    shown = Column(Boolean, nullable=False, default=False)  # what the code page shows


class PersonalAccount(Base):
    __tablename__ = "personal_accounts"

    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    has_personal_account = Column(Boolean, nullable=False)  # False for 居民医保
    balance_fen = Column(BigInteger, nullable=True)
    single_limit_fen = Column(BigInteger, nullable=False)
    daily_limit_fen = Column(BigInteger, nullable=False)
    used_today_fen = Column(BigInteger, nullable=False, default=0)
    used_today_date = Column(Date, nullable=True)  # Beijing calendar day of used_today_fen

    person = relationship("Person", back_populates="account")


class PaymentAttempt(Base):
    __tablename__ = "payment_attempts"
    __table_args__ = (Index("ix_payment_attempts_person_time", "person_id", "occurred_at"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), nullable=False)
    occurred_at = Column(UTCDateTime, nullable=False)
    institution = Column(String(128), nullable=False)
    institution_region_code = Column(String(6), nullable=False)
    institution_region_name = Column(String(64), nullable=False)
    amount_fen = Column(BigInteger, nullable=False)
    result = Column(String(16), nullable=False)  # success | failed
    # not_activated | status_abnormal | insufficient_balance | region_mismatch | over_limit |
    # pin_locked | info_mismatch | network_timeout | institution_system_error
    error_category = Column(String(32), nullable=True)
    error_code = Column(String(64), nullable=True)


class PinCredential(Base):
    __tablename__ = "pin_credentials"

    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    pin_hash = Column(String(255), nullable=False)
    failed_tries = Column(Integer, nullable=False, default=0)
    locked = Column(Boolean, nullable=False, default=False)
    updated_at = Column(UTCDateTime, nullable=False)

    person = relationship("Person", back_populates="pin")


class PinResetTicket(Base):
    __tablename__ = "pin_reset_tickets"

    id = Column(String(40), primary_key=True)
    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), nullable=False)
    # Only a hash of the URL secret is stored; the secret itself is derived (security.py).
    secret_hash = Column(String(64), nullable=False, unique=True)
    status = Column(String(16), nullable=False)  # pending | face_verified | completed | expired
    channel = Column(String(32), nullable=False)
    conversation_id = Column(String(128), nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)
    face_verified_at = Column(UTCDateTime, nullable=True)
    completed_at = Column(UTCDateTime, nullable=True)


class ChannelAuthorization(Base):
    __tablename__ = "channel_authorizations"
    __table_args__ = (UniqueConstraint("person_id", "channel", name="uq_authorization_person_channel"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), nullable=False)
    channel = Column(String(16), nullable=False)
    granted_at = Column(UTCDateTime, nullable=False)
    revoked_at = Column(UTCDateTime, nullable=True)


class FamilyBinding(Base):
    __tablename__ = "family_bindings"

    id = Column(Integer, primary_key=True, autoincrement=True)
    binder_person_id = Column(
        String(64), ForeignKey("persons.id", ondelete="CASCADE"), nullable=False, index=True
    )
    member_name_masked = Column(String(64), nullable=False)
    relation = Column(String(16), nullable=False)
    member_region_code = Column(String(6), nullable=False)
    member_region_name = Column(String(64), nullable=False)
    tier = Column(String(16), nullable=True)  # e.g. Shenzhen 一档/二档
    is_child = Column(Boolean, nullable=False, default=False)
    needs_chc = Column(Boolean, nullable=False, default=False)  # must bind a 社康中心
    chc_bound = Column(Boolean, nullable=False, default=False)
    bound_at = Column(UTCDateTime, nullable=False)


class WechatBinding(Base):
    __tablename__ = "wechat_bindings"

    openid = Column(String(128), primary_key=True)
    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), nullable=False)
    bound_at = Column(UTCDateTime, nullable=False)


class SupportTicket(Base):
    __tablename__ = "support_tickets"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_no = Column(String(32), nullable=False, unique=True)
    person_id = Column(String(64), ForeignKey("persons.id", ondelete="SET NULL"), nullable=True)
    channel = Column(String(32), nullable=False)
    conversation_id = Column(String(128), nullable=True)
    summary = Column(Text, nullable=False)
    status = Column(String(16), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)


class Counter(Base):
    """Named sequences (e.g. support tickets per Beijing day)."""

    __tablename__ = "counters"

    name = Column(String(64), primary_key=True)
    value = Column(Integer, nullable=False)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_person", "person_id", "id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    occurred_at = Column(UTCDateTime, nullable=False)
    actor = Column(String(32), nullable=False)
    channel = Column(String(32), nullable=True)
    conversation_id = Column(String(128), nullable=True)
    # No FK: audit entries outlive what they describe.
    person_id = Column(String(64), nullable=True)
    action = Column(String(64), nullable=False)
    before = Column(JSON, nullable=True)
    after = Column(JSON, nullable=True)


class PhoneVerification(Base):
    """A one-time code sent to a phone number, for signing in from a chat without a token.

    A row is written for every request, bound number or not, so that the answers and the
    resend/lock timers do not tell an outsider which numbers are bound (person_id is NULL then).
    Only an HMAC of the code is stored.
    """

    __tablename__ = "phone_verifications"
    __table_args__ = (Index("ix_phone_verifications_phone", "phone", "id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    phone = Column(String(20), nullable=False)
    person_id = Column(String(64), ForeignKey("persons.id", ondelete="CASCADE"), nullable=True)
    code_hash = Column(String(64), nullable=False)
    status = Column(String(16), nullable=False)  # pending | verified | exhausted | superseded
    failed_tries = Column(Integer, nullable=False, default=0)
    channel = Column(String(32), nullable=False)
    conversation_id = Column(String(128), nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)
    locked_until = Column(UTCDateTime, nullable=True)  # set when the tries ran out


class SmsOutbox(Base):
    """What the demo platform would have sent by SMS; read only by the demo page (demo mode)."""

    __tablename__ = "sms_outbox"
    __table_args__ = (Index("ix_sms_outbox_phone", "phone", "id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    phone = Column(String(20), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False)


class IdempotencyRecord(Base):
    """The first outcome of a write sent with an Idempotency-Key (bot/wallet/idempotency.py)."""

    __tablename__ = "idempotency_records"

    key = Column(String(200), primary_key=True)
    # Scope: a key is only ever replayed to the same person for the same route and body.
    person_id = Column(String(64), nullable=True)
    route = Column(String(200), nullable=False)
    fingerprint = Column(String(64), nullable=False)
    status_code = Column(Integer, nullable=False)
    response = Column(JSON, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, index=True)
