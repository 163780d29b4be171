"""Request and response bodies (pydantic v1).

Every inbound string is strict (no int -> str coercion), length-capped, and free of NUL and
lone surrogates, so no input can reach the database in a form it would choke on.
Money leaves the API as a string with two decimals; times as ISO-8601 with offset.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import List, Optional

from pydantic import BaseModel, Field, StrictStr, root_validator, validator

from bot.privacy import clean_text

REGION_CODE_PATTERN = r"^[0-9]{6}$"
REQUEST_CHANNEL_PATTERN = r"^[A-Za-z0-9_.-]{1,32}$"
PERSON_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
TICKET_ID_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"


def _reject_unstorable(value):
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            raise ValueError("must not contain unpaired surrogate characters")
    return value


class RequestModel(BaseModel):
    class Config:
        extra = "ignore"
        anystr_strip_whitespace = True

    @validator("*", pre=True)
    def _safe_text(cls, value):  # noqa: N805 - pydantic validator signature
        return _reject_unstorable(value)


class CredentialChannel(str, Enum):
    app = "app"
    alipay = "alipay"
    wechat = "wechat"


# --- requests ------------------------------------------------------------------------------

ConversationId = Optional[StrictStr]


class RequestContext(RequestModel):
    """Where a change came from; copied into the audit log."""

    channel: StrictStr = Field(..., regex=REQUEST_CHANNEL_PATTERN, description="e.g. rest, socketio, wechat")
    conversation_id: ConversationId = Field(None, max_length=128)


class DemoSessionRequest(RequestModel):
    persona: StrictStr = Field(..., min_length=1, max_length=64)


class WechatSessionRequest(RequestModel):
    openid: StrictStr = Field(..., min_length=1, max_length=128)


class DemoActivateRequest(RequestModel):
    channel: CredentialChannel
    conversation_id: ConversationId = Field(None, max_length=128)


class SwitchShownRegionRequest(RequestContext):
    region_code: StrictStr = Field(..., regex=REGION_CODE_PATTERN, description="6-digit 行政区划代码")


class PinResetTicketRequest(RequestContext):
    pass


class RevokeAuthorizationRequest(RequestContext):
    """`channel` is where the request came from; the revoked channel is in the path.
    `request_channel` is accepted as a synonym for callers that prefer the explicit name."""

    @root_validator(pre=True)
    def _accept_request_channel(cls, values):  # noqa: N805 - pydantic validator signature
        if isinstance(values, dict) and "channel" not in values and "request_channel" in values:
            values = {**values, "channel": values["request_channel"]}
        return values


class SupportTicketRequest(RequestContext):
    summary: StrictStr = Field(..., min_length=1, max_length=2000)

    @root_validator(pre=True)
    def _storable_summary(cls, values):  # noqa: N805 - pydantic validator signature
        # The summary quotes what users typed: a NUL or a lone surrogate in one message must not
        # make every later handoff fail, so they are removed here instead of refused.
        if isinstance(values, dict) and isinstance(values.get("summary"), str):
            values = {**values, "summary": clean_text(values["summary"])}
        return values


PHONE_PATTERN = r"^1[3-9][0-9]{9}$"


class PhoneCodeRequest(RequestContext):
    phone: StrictStr = Field(..., regex=PHONE_PATTERN, description="mainland mobile number, 11 digits")


class PhoneCodeVerifyRequest(PhoneCodeRequest):
    code: StrictStr = Field(..., regex=r"^[0-9]{6}$")


# --- responses -----------------------------------------------------------------------------

class SessionOut(BaseModel):
    token: str
    expires_at: datetime
    person_id: str
    name: str


class PhoneCodeSentOut(BaseModel):
    """The same answer whether or not the number is bound (no enumeration of numbers)."""

    status: str = "sent_if_bound"
    phone_masked: str
    expires_in: int
    resend_after: int


class SmsOut(BaseModel):
    phone_masked: str
    text: str
    sent_at: datetime


class SmsListOut(BaseModel):
    messages: List[SmsOut]


class PersonaOut(BaseModel):
    id: str
    name: str
    situation: str
    phone: str  # fictional demo number, for trying the phone sign-in


class PersonaListOut(BaseModel):
    personas: List[PersonaOut]


class RegionRef(BaseModel):
    code: str
    name: str


class CredentialOut(BaseModel):
    status: str
    activated_channels: List[str]
    police_record_name_matches: bool


class PinStateOut(BaseModel):
    locked: bool
    failed_tries: int
    max_tries: int


class ProfileOut(BaseModel):
    id: str
    name: str
    id_number_masked: str
    phone_masked: str
    insurance_type: str
    insurance_type_label: str
    credential: CredentialOut
    pin: PinStateOut
    shown_region: Optional[RegionRef]
    real_region: Optional[RegionRef]


class WalletOut(BaseModel):
    has_personal_account: bool
    balance: Optional[str]
    single_limit: str
    daily_limit: str
    used_today: str
    remaining_today: str


class PaymentAttemptOut(BaseModel):
    id: int
    occurred_at: datetime
    institution: str
    institution_region_code: str
    institution_region_name: str
    amount: str
    result: str
    error_category: Optional[str]
    error_code: Optional[str]


class LastFailedAttemptOut(BaseModel):
    attempt: Optional[PaymentAttemptOut]


class OverviewOut(BaseModel):
    """GET /me/overview: profile, wallet and the last failed attempt in one answer."""
    profile: ProfileOut
    wallet: WalletOut
    last_failed_attempt: Optional[PaymentAttemptOut]


class PaymentAttemptListOut(BaseModel):
    attempts: List[PaymentAttemptOut]


class RegionOut(BaseModel):
    region_code: str
    region_name: str
    is_real: bool
    shown: bool


class RegionListOut(BaseModel):
    regions: List[RegionOut]


class PinResetTicketOut(BaseModel):
    ticket_id: str
    status: str
    reset_url: str
    expires_at: datetime


class PinResetTicketStatusOut(BaseModel):
    ticket_id: str
    status: str
    pin_locked: bool


class AuthorizationOut(BaseModel):
    channel: str
    granted_at: datetime
    revoked_at: Optional[datetime]
    active: bool


class AuthorizationListOut(BaseModel):
    authorizations: List[AuthorizationOut]


class FamilyBindingOut(BaseModel):
    id: int
    member_name_masked: str
    relation: str
    relation_label: str
    member_region_code: str
    member_region_name: str
    tier: Optional[str]
    is_child: bool
    needs_chc: bool
    chc_bound: bool
    bound_at: datetime


class FamilyBindingListOut(BaseModel):
    family_bindings: List[FamilyBindingOut]


class SupportTicketOut(BaseModel):
    ticket_no: str
    status: str
    person_attached: bool


class AuditEntryOut(BaseModel):
    id: int
    occurred_at: datetime
    actor: str
    channel: Optional[str]
    conversation_id: Optional[str]
    person_id: Optional[str]
    action: str
    before: Optional[dict]
    after: Optional[dict]


class AuditLogOut(BaseModel):
    entries: List[AuditEntryOut]


class StatusOut(BaseModel):
    status: str


class SupportTicketDetailOut(SupportTicketOut):
    """What the human agent sees (operator view, service key)."""

    person_id: Optional[str]
    channel: str
    conversation_id: Optional[str]
    summary: str
    created_at: datetime
