"""Shared helpers for actions: who is talking, formatting, labels."""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import re
from abc import ABCMeta, abstractmethod
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional, Set, Text, Tuple, TypeVar

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.wallet_client import WalletAuthError, WalletClient, WalletError, money
from bot.nlu.channels import normalise_pay_channel
from bot.settings import ROOT

T = TypeVar("T")
logger = logging.getLogger(__name__)

BEIJING = timezone(timedelta(hours=8))

PAY_CHANNEL_LABELS = {"app": "国家医保APP", "alipay": "支付宝", "wechat": "微信"}

CREDENTIAL_STATUS_LABELS = {
    "not_activated": "未激活",
    "active": "已激活",
    "suspended": "暂停",
    "terminated": "终止",
}

# What the user guessed (their intent) -> the backend error category that would confirm it.
INTENT_TO_CATEGORY = {
    "activate_credential": "not_activated",
    "credential_abnormal": "status_abnormal",
    "insufficient_balance": "insufficient_balance",
    "network_error": "network_timeout",
    "info_mismatch": "info_mismatch",
    "payment_limit": "over_limit",
    "region_mismatch": "region_mismatch",
    "system_failure": "institution_system_error",
    "forgot_pin": "pin_locked",
}

GUESS_LABELS = {
    "activate_credential": "没有激活",
    "credential_abnormal": "参保状态异常",
    "insufficient_balance": "余额不足",
    "network_error": "网络",
    "info_mismatch": "信息不一致",
    "payment_limit": "超过限额",
    "region_mismatch": "参保地不一致",
    "system_failure": "医院/药店系统故障",
    "forgot_pin": "密码",
}

PROBLEM_INTENTS = ("payment_failed", "cannot_show_code", *INTENT_TO_CATEGORY)


def said_since(tracker: Tracker, stop: str) -> Set[str]:
    """Every response the assistant has sent since the last event of kind `stop`."""
    names: Set[str] = set()
    for event in reversed(tracker.events):
        if event.get("event") == stop:
            break
        if event.get("event") == "bot" and (name := (event.get("metadata") or {}).get("utter_action")):
            names.add(name)
    return names


def answer_turns(tracker: Tracker) -> Iterator[Set[str]]:
    """The responses of each earlier turn of this session, newest first (the turn answering the
    latest message excluded); a generator, so callers read only as far back as they need."""
    turn: Set[str] = set()
    seen_message = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            break
        if not seen_message:
            seen_message = kind == "user"
            continue
        if kind == "user":
            yield turn
            turn = set()
        elif kind == "bot" and (name := (event.get("metadata") or {}).get("utter_action")):
            turn.add(name)
    if turn:
        yield turn


def said_this_session(tracker: Tracker) -> Set[str]:
    """Every response the assistant has sent since this session started."""
    return said_since(tracker, "session_started")


# The human offers a "yes" answers (actions/context.py). Offered once already this session, the
# plain offer is said in other words: the same question word for word reads like a machine.
HUMAN_OFFERS = {"utter_offer_human", "utter_offer_human_again", "utter_follow_up_human_offered",
                "utter_default_offer_human", "utter_ticket_none", "utter_said_before_again"}


def say(dispatcher: CollectingDispatcher, names: List[str], tracker: Optional[Tracker] = None) -> None:
    """Send these responses in order; with the tracker, a repeated human offer is reworded."""
    # The session is read only when there is an offer to reword (this runs on most turns).
    offered = (tracker is not None and "utter_offer_human" in names
               and bool(said_this_session(tracker) & HUMAN_OFFERS))
    for name in names:
        if name == "utter_offer_human" and offered:
            name = "utter_offer_human_again"
        offered = offered or (tracker is not None and name in HUMAN_OFFERS)
        if tracker is not None:
            from actions.channel_choice import say_for_channels_left  # it imports this module
            say_for_channels_left(dispatcher, tracker, name)
        else:
            dispatcher.utter_message(response=name)


def latest_user_event(tracker: Tracker) -> Dict[str, Any]:
    """The event of the message being answered ({} before the first one)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event
    return {}


def user_token(tracker: Tracker) -> Optional[str]:
    """The sign-in token carried by the latest user message (metadata.token), if any.

    Only the message being answered counts: every channel attaches the token to every
    message, so a request that names someone else's conversation id without that person's
    token gets nothing personal, even if that conversation was signed in before.
    """
    token = (latest_user_event(tracker).get("metadata") or {}).get("token")
    return token.strip() if isinstance(token, str) and token.strip() else None


ANONYMOUS = "anonymous"
FORM_OWNER_SLOT = "form_owner"


def token_subject(token: Optional[str]) -> str:
    """Who a token speaks for, as an opaque label: a hash of its subject claim.

    Read without checking the signature: the label only has to tell two askers apart. A forged
    token may claim anyone's subject, but every write it leads to is checked by the wallet,
    which refuses the forgery.
    """
    if not token:
        return ANONYMOUS
    payload = token.split(".", 1)[0]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        subject = claims["sub"] if isinstance(claims, dict) and isinstance(claims.get("sub"), str) else None
    except (ValueError, TypeError, UnicodeError):
        subject = None
    basis = f"sub:{subject}" if subject else f"token:{token}"
    return "p_" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def asked_someone_else(tracker: Tracker) -> bool:
    """True when the message being answered comes from another person than the form asked."""
    owner = tracker.get_slot(FORM_OWNER_SLOT)
    return bool(owner) and owner != token_subject(user_token(tracker))


def confirmation_key(tracker: Tracker, what: str) -> str:
    """Idempotency key of a write: this conversation plus the confirmation message it answers,
    so a duplicate delivery of that message, or a retry, changes nothing twice."""
    event = latest_user_event(tracker)
    basis = f"{tracker.sender_id}\x1f{event.get('message_id') or event.get('timestamp')}\x1f{what}"
    return f"{what}:{hashlib.sha256(basis.encode('utf-8')).hexdigest()[:40]}"


def pay_channel_code(value: Any) -> Optional[str]:
    """Entity text, button payload value or a list of them -> app / alipay / wechat."""
    if isinstance(value, list):  # several entities in one message: take the first usable
        for item in value:
            found = pay_channel_code(item)
            if found:
                return found
        return None
    if not isinstance(value, str):
        return None
    if value in PAY_CHANNEL_LABELS:
        return value
    return normalise_pay_channel(value)


def channel_of(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "unknown"


def intent_confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def last_problem_intent(tracker: Tracker) -> Optional[str]:
    """The most recent problem intent the user stated in this session."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name in PROBLEM_INTENTS:
                return name
    return None


def yuan(value: Any) -> str:
    """Decimal money as the user reads it: 856.40."""
    amount = money(value)
    if amount is None:
        return "—"
    return f"{amount.quantize(Decimal('0.01'))}"


def tell_wallet_figures(dispatcher: Any, wallet: Dict[str, Any]) -> None:
    """The person's own balance and limits (residents' insurance has no personal account)."""
    if not wallet.get("has_personal_account", True) or wallet.get("balance") is None:
        dispatcher.utter_message(response="utter_wallet_resident")
    else:
        dispatcher.utter_message(response="utter_wallet_figures", **{
            key: yuan(wallet.get(key))
            for key in ("balance", "single_limit", "daily_limit", "used_today", "remaining_today")})


def parse_time(iso: Optional[str]) -> Optional[datetime]:
    """A backend timestamp (ISO 8601, naive means UTC) as an aware datetime; None if unreadable."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def beijing_time(iso: Optional[str]) -> str:
    moment = parse_time(iso)
    if moment is None:
        return "最近"
    local = moment.astimezone(BEIJING)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def region_label(region: Optional[Dict[str, Any]]) -> str:
    if not region:
        return "未知"
    # People know their region by name; the administrative code stays in slots and the audit log.
    return str(region.get("name") or region.get("region_name") or "未知地区")


_client: Optional[WalletClient] = None


def wallet_client() -> WalletClient:
    """One client configuration per process; each call opens its own HTTP connection."""
    global _client
    if _client is None:
        _client = WalletClient()
    return _client


def set_wallet_client(client: Optional[WalletClient]) -> None:
    """Tests swap in a fake."""
    global _client
    _client = client


def wallet_failed(dispatcher: CollectingDispatcher, error: WalletError) -> None:
    """The one answer to a wallet call that failed: an expired sign-in, or the backend down
    (with a human offered). Writes that may have landed say so instead (forms.tell_unapplied)."""
    if isinstance(error, WalletAuthError):
        dispatcher.utter_message(response="utter_sign_in_expired")
        return
    logger.warning("wallet call failed: %s", error)
    dispatcher.utter_message(response="utter_backend_down")
    dispatcher.utter_message(response="utter_offer_human")


async def ask_wallet(dispatcher: CollectingDispatcher, fetch: Callable[[], Awaitable[T]]) -> Optional[T]:
    """Run a backend call; when it fails, tell the user why and what to do next (None)."""
    try:
        return await fetch()
    except WalletError as error:
        wallet_failed(dispatcher, error)
    return None


class WalletAction(Action, metaclass=ABCMeta):
    """An action that calls the wallet for the person asking. "Not signed in" and a failed call
    are answered here, the same way for every such action; `act` holds the action's own work.
    (Abstract: rasa-sdk registers only concrete Action subclasses.)"""

    # What to say when the message carries no sign-in; empty: the action also serves anonymous people.
    signed_out: Tuple[str, ...] = ()

    @abstractmethod
    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        """The action's work; a WalletError it does not handle itself ends it here."""

    def finish(self, tracker: Tracker) -> List[EventType]:
        """Events when the action stops early (signed out, wallet failed), e.g. slot resets."""
        return []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if self.signed_out and not user_token(tracker):
            for response in self.signed_out:
                dispatcher.utter_message(response=response)
            return self.finish(tracker)
        try:
            return await self.act(dispatcher, tracker, domain)
        except WalletError as error:
            wallet_failed(dispatcher, error)
            return self.finish(tracker)


def domain_text(domain: Dict[Text, Any], response: str, **values: Any) -> str:
    """The text of a domain response, filled in: for the parts an action assembles itself
    (button titles, labels in a list), so that all user-facing text lives in domain.yml."""
    responses = domain.get("responses") or _domain_file_responses()
    variants = responses.get(response) or _domain_file_responses().get(response)
    if not variants:
        raise KeyError(f"{response} is not a response of domain.yml")
    return str(variants[0].get("text") or "").format(**values)


@functools.lru_cache(maxsize=1)
def _domain_file_responses() -> Dict[str, Any]:
    # Rasa sends the domain with every call; a caller that passes none (a delegating action)
    # reads the same responses from the file.
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")).get("responses") or {}


def said_in_text(tracker: Tracker, words: str) -> bool:
    """Whether any answer of this session said these words (a number given inside another answer)."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") != "bot":
            continue
        name = (event.get("metadata") or {}).get("utter_action")
        if words in (event.get("text") or "") or (name and words in response_text(name)):
            return True
    return False


def response_text(name: str) -> str:
    """A domain response's text as written (placeholders unfilled); '' for a retrieval answer."""
    return " ".join(str(variant.get("text") or "") for variant in _domain_file_responses().get(name) or [])


def needs_chc(member: Dict[Text, Any]) -> bool:
    """A family member who must bind a 社康中心 before using 医保 in hospitals (Shenzhen) and has not."""
    return bool(member.get("needs_chc")) and not member.get("chc_bound")


async def tell_family_members(dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """The family members bound to this person, each with what still stops them (a 社康中心
    to bind in Shenzhen); returns them. Raises WalletError like any read."""
    members = await wallet_client().family_bindings(user_token(tracker))
    if not members:
        dispatcher.utter_message(response="utter_family_none")
        return []
    lines = []
    for member in members:
        details = [member.get("relation_label") or member.get("relation"),
                   member.get("member_region_name"), member.get("tier")]
        line = f"· {member.get('member_name_masked')}（{'，'.join(d for d in details if d)}）"
        if needs_chc(member):
            line += " " + domain_text(domain, "utter_label_family_needs_chc")
        lines.append(line)
    dispatcher.utter_message(response="utter_family_members", members="\n".join(lines))
    return members


def faq_given(said: Set[str], key: str) -> bool:
    """The FAQ's answer under that key (utter_faq/<key>, picked by the selector) was given."""
    return any(name.endswith("/" + key) for name in said)


def user_texts(tracker: Tracker) -> Iterator[str]:
    """What the person wrote this session, newest first (the message being answered included)."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return
        if event.get("event") == "user":
            yield event.get("text") or ""


def wrote(tracker: Tracker, pattern: re.Pattern) -> bool:
    """Whether the person wrote this earlier in the session or now."""
    return any(pattern.search(re.sub(r"\s", "", text)) for text in user_texts(tracker))
