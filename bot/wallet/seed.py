"""Demo personas: one per failure category plus a healthy and a family case.

Ids are fixed so the bot, the demo page and the tests can name them. Times are relative to
`now` so the data always looks recent. Seeding is idempotent; reset_personas restores the
initial state.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .config import WalletSettings
from .models import (
    AuditEntry,
    ChannelAuthorization,
    Credential,
    FamilyBinding,
    InsuredRegion,
    PaymentAttempt,
    Person,
    PersonalAccount,
    PhoneVerification,
    PinCredential,
    PinResetTicket,
    SmsOutbox,
    SupportTicket,
    WechatBinding,
)
from .security import hash_pin
from .services.base import AuditContext, record_audit, yuan_to_fen
from .timeutil import beijing_date

# Every persona's PIN before any reset (documented in docs/wallet-api.md; demo data only).
DEMO_PIN = "386152"

ERROR_CODES = {
    "not_activated": "CRED_NOT_ACTIVATED",
    "status_abnormal": "PSN_INSU_STAS_2",  # legacy psn_insu_stas 2 = 暂停
    "insufficient_balance": "ACCT_BALC_INSUFFICIENT",
    "region_mismatch": "INSUPLC_ADMDVS_MISMATCH",
    "over_limit": "SINGLE_LIMIT_EXCEEDED",
    "pin_locked": "PIN_LOCKED",
    "info_mismatch": "IDENTITY_MISMATCH",
    "network_timeout": "CLIENT_TIMEOUT",
    "institution_system_error": "FIXMEDINS_WALLET_NOT_SUPPORTED",
}


@dataclass(frozen=True)
class Attempt:
    ago: timedelta
    institution: str
    region: Tuple[str, str]
    amount: str
    error_category: Optional[str] = None  # None = success


@dataclass(frozen=True)
class Member:
    name_masked: str
    relation: str
    region: Tuple[str, str]
    tier: Optional[str]
    is_child: bool
    needs_chc: bool
    chc_bound: bool


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    situation: str
    id_number_masked: str
    phone: str
    insurance_type: str
    regions: Tuple[Tuple[str, str, bool, bool], ...]  # (code, name, is_real, shown)
    credential_status: str = "active"
    activated_channels: Tuple[str, ...] = ("app", "alipay", "wechat")
    police_record_name: Optional[str] = None  # None = same as name
    balance: Optional[str] = "1000.00"  # None for 居民医保 (no personal account)
    single_limit: str = "2000.00"
    daily_limit: str = "5000.00"
    used_today: str = "0.00"
    pin_locked: bool = False
    authorizations: Tuple[Tuple[str, int, Optional[int]], ...] = (("alipay", 120, None), ("wechat", 90, None))
    attempts: Tuple[Attempt, ...] = ()
    family: Tuple[Member, ...] = field(default_factory=tuple)


BJ = ("110000", "北京市")
SZ = ("440300", "深圳市")
GZ = ("440100", "广州市")
D, H, M = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)

PERSONAS: Tuple[Persona, ...] = (
    Persona(
        id="zhang_ok", name="张伟明", situation="一切正常：职工医保，个人账户余额 856.40 元",
        id_number_masked="110105********1234", phone="13812345678", insurance_type="employee",
        regions=(("110000", "北京市", True, True),), balance="856.40", used_today="120.00",
        authorizations=(("app", 400, None), ("alipay", 200, None), ("wechat", 150, None)),
        attempts=(
            Attempt(3 * D + 2 * H, "北京协和医院", BJ, "230.00"),
            Attempt(D + 5 * H, "北京同仁堂王府井店", BJ, "68.50"),
            Attempt(3 * H, "北京同仁堂王府井店", BJ, "120.00"),
        ),
    ),
    Persona(
        id="li_unactivated", name="李秀兰", situation="医保电子凭证尚未激活",
        id_number_masked="420102********2046", phone="13972148830", insurance_type="resident",
        regions=(("420100", "武汉市", True, True),), credential_status="not_activated",
        activated_channels=(), balance=None,
        attempts=(Attempt(40 * M, "武汉市第一医院", ("420100", "武汉市"), "86.00", "not_activated"),),
    ),
    Persona(
        id="wang_frozen", name="王建国", situation="参保状态暂停，凭证显示状态异常",
        id_number_masked="310104********5513", phone="13601829947", insurance_type="employee",
        regions=(("310000", "上海市", True, True),), credential_status="suspended", balance="2310.75",
        authorizations=(("app", 300, 20), ("alipay", 180, None), ("wechat", 160, None)),
        attempts=(
            Attempt(20 * D, "上海市第六人民医院", ("310000", "上海市"), "156.00"),
            Attempt(2 * H, "上海市第六人民医院", ("310000", "上海市"), "212.40", "status_abnormal"),
        ),
    ),
    Persona(
        id="zhao_balance", name="赵丽娟", situation="个人账户余额不足（仅 3.50 元）",
        id_number_masked="110108********3327", phone="15810263391", insurance_type="employee",
        regions=(("110000", "北京市", True, True),), balance="3.50",
        attempts=(
            Attempt(6 * D, "北京同仁堂王府井店", BJ, "45.00"),
            Attempt(25 * M, "北京同仁堂王府井店", BJ, "128.00", "insufficient_balance"),
        ),
    ),
    Persona(
        id="chen_region", name="陈志强", situation="实际参保地深圳市，医保码仍显示旧的长沙市参保地",
        id_number_masked="430104********4418", phone="13787310256", insurance_type="employee",
        regions=(("430100", "长沙市", False, True), ("440300", "深圳市", True, False)), balance="1532.20",
        attempts=(Attempt(55 * M, "深圳市人民医院", SZ, "356.80", "region_mismatch"),),
    ),
    Persona(
        id="liu_limit", name="刘洋", situation="单笔支付限额 500 元，1200 元支付被拒",
        id_number_masked="330106********0635", phone="13957120488", insurance_type="employee",
        regions=(("330100", "杭州市", True, True),), balance="6820.00", single_limit="500.00",
        attempts=(
            Attempt(4 * D, "浙江大学医学院附属第一医院", ("330100", "杭州市"), "320.00"),
            Attempt(70 * M, "浙江大学医学院附属第一医院", ("330100", "杭州市"), "1200.00", "over_limit"),
        ),
    ),
    Persona(
        id="sun_pin_locked", name="孙敏", situation="支付密码多次输错，已被锁定",
        id_number_masked="510107********2862", phone="18628015573", insurance_type="employee",
        regions=(("510100", "成都市", True, True),), balance="742.10", pin_locked=True,
        attempts=(Attempt(15 * M, "成都市第三人民医院", ("510100", "成都市"), "98.60", "pin_locked"),),
    ),
    Persona(
        id="zhou_mismatch", name="周晓燕", police_record_name="周小燕", situation="凭证上的姓名与公安户籍信息不一致",
        id_number_masked="320106********1729", phone="13913876204", insurance_type="resident",
        regions=(("320100", "南京市", True, True),), balance=None,
        attempts=(Attempt(90 * M, "南京鼓楼医院", ("320100", "南京市"), "175.00", "info_mismatch"),),
    ),
    Persona(
        id="wu_family", name="吴海涛", situation="绑定两位家庭成员；孩子在深圳参保（二档），需绑定社康中心，尚未绑定",
        id_number_masked="440305********3958", phone="13823596071", insurance_type="employee",
        regions=(("440300", "深圳市", True, True),), balance="3265.90",
        attempts=(Attempt(2 * D, "深圳市人民医院", SZ, "188.00"),),
        family=(
            Member("吴*轩", "child", SZ, "二档", is_child=True, needs_chc=True, chc_bound=False),
            Member("林*华", "spouse", SZ, "一档", is_child=False, needs_chc=False, chc_bound=False),
        ),
    ),
    Persona(
        id="qian_network", name="钱国栋", situation="账户一切正常，上次支付网络超时未到达平台",
        id_number_masked="440106********0471", phone="13560218843", insurance_type="employee",
        regions=(("440100", "广州市", True, True),), balance="1288.00",
        attempts=(
            Attempt(5 * D, "广州市第一人民医院", GZ, "260.00"),
            Attempt(10 * M, "广州市第一人民医院", GZ, "74.30", "network_timeout"),
        ),
    ),
    Persona(
        id="zheng_system", name="郑雅琴", situation="药店尚未接入医保钱包，支付被拒",
        id_number_masked="440604********2284", phone="13690655127", insurance_type="employee",
        regions=(("440600", "佛山市", True, True),), balance="940.60",
        attempts=(
            Attempt(8 * D, "佛山市第一人民医院", ("440600", "佛山市"), "132.00"),
            Attempt(35 * M, "大参林药店（佛山祖庙店）", ("440600", "佛山市"), "59.90", "institution_system_error"),
        ),
    ),
)

PERSONA_IDS: Tuple[str, ...] = tuple(p.id for p in PERSONAS)


def _demo_pin_hash(persona_id: str) -> str:
    # Fixed per-persona salt: same hash on every re-seed, so the slow hash runs once per process.
    salt = hashlib.sha256(f"demo-pin-salt:{persona_id}".encode()).digest()[:16]
    return hash_pin(DEMO_PIN, salt=salt)


def _add_persona(session: Session, p: Persona, now: datetime, settings: WalletSettings) -> None:
    session.add(
        Person(
            id=p.id, name=p.name, id_number_masked=p.id_number_masked, phone=p.phone,
            insurance_type=p.insurance_type, created_at=now - 400 * D,
        )
    )
    session.flush()  # parent row first: children reference it
    session.add(
        Credential(
            person_id=p.id, status=p.credential_status, activated_channels=list(p.activated_channels),
            police_record_name=p.police_record_name or p.name, updated_at=now - 30 * D,
        )
    )
    for code, name, is_real, shown in p.regions:
        session.add(InsuredRegion(person_id=p.id, region_code=code, region_name=name, is_real=is_real, shown=shown))
    session.add(
        PersonalAccount(
            person_id=p.id,
            has_personal_account=p.balance is not None,
            balance_fen=yuan_to_fen(p.balance) if p.balance is not None else None,
            single_limit_fen=yuan_to_fen(p.single_limit),
            daily_limit_fen=yuan_to_fen(p.daily_limit),
            used_today_fen=yuan_to_fen(p.used_today),
            used_today_date=beijing_date(now),
        )
    )
    session.add(
        PinCredential(
            person_id=p.id, pin_hash=_demo_pin_hash(p.id),
            failed_tries=settings.pin_max_tries if p.pin_locked else 0,
            locked=p.pin_locked, updated_at=now - (15 * M if p.pin_locked else 60 * D),
        )
    )
    for a in p.attempts:
        session.add(
            PaymentAttempt(
                person_id=p.id, occurred_at=now - a.ago, institution=a.institution,
                institution_region_code=a.region[0], institution_region_name=a.region[1],
                amount_fen=yuan_to_fen(a.amount), result="failed" if a.error_category else "success",
                error_category=a.error_category,
                error_code=ERROR_CODES[a.error_category] if a.error_category else None,
            )
        )
    for channel, granted_days_ago, revoked_days_ago in p.authorizations:
        session.add(
            ChannelAuthorization(
                person_id=p.id, channel=channel, granted_at=now - granted_days_ago * D,
                revoked_at=now - revoked_days_ago * D if revoked_days_ago is not None else None,
            )
        )
    for m in p.family:
        session.add(
            FamilyBinding(
                binder_person_id=p.id, member_name_masked=m.name_masked, relation=m.relation,
                member_region_code=m.region[0], member_region_name=m.region[1], tier=m.tier,
                is_child=m.is_child, needs_chc=m.needs_chc, chc_bound=m.chc_bound, bound_at=now - 45 * D,
            )
        )
    session.add(WechatBinding(openid=f"wx_{p.id}", person_id=p.id, bound_at=now - 90 * D))


def seed_personas(session: Session, *, now: datetime, settings: WalletSettings) -> List[str]:
    """Insert the personas that are missing; return their ids. Safe to run on every start."""
    existing = set(session.execute(select(Person.id).where(Person.id.in_(PERSONA_IDS))).scalars())
    missing = [p for p in PERSONAS if p.id not in existing]
    if not missing:
        session.rollback()
        return []
    try:
        for persona in missing:
            _add_persona(session, persona, now, settings)
        session.commit()
    except IntegrityError:
        # Another process seeded concurrently; its rows are as good as ours.
        session.rollback()
        return []
    return [p.id for p in missing]


def reset_personas(session: Session, *, now: datetime, settings: WalletSettings) -> None:
    """Restore every persona to its initial state (demo/test use only)."""
    ids = PERSONA_IDS
    for model, column in (
        (AuditEntry, AuditEntry.person_id),
        (SupportTicket, SupportTicket.person_id),
        (PinResetTicket, PinResetTicket.person_id),
        (WechatBinding, WechatBinding.person_id),
        (FamilyBinding, FamilyBinding.binder_person_id),
        (ChannelAuthorization, ChannelAuthorization.person_id),
        (PaymentAttempt, PaymentAttempt.person_id),
        (PinCredential, PinCredential.person_id),
        (PersonalAccount, PersonalAccount.person_id),
        (InsuredRegion, InsuredRegion.person_id),
        (Credential, Credential.person_id),
        (Person, Person.id),
    ):
        session.execute(delete(model).where(column.in_(ids)).execution_options(synchronize_session=False))
    # Codes, locks and the demo SMS inbox are demo state too (unbound numbers included).
    session.execute(delete(PhoneVerification))
    session.execute(delete(SmsOutbox))
    session.expunge_all()
    for persona in PERSONAS:
        _add_persona(session, persona, now, settings)
    record_audit(
        session, now=now, ctx=AuditContext(actor="demo", channel="rest"), person_id=None,
        action="demo.reset", before=None, after={"personas": list(ids)},
    )
    session.commit()
