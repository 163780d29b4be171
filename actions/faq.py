"""How-to answers that get better when we know who is asking."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    PAY_CHANNEL_LABELS,
    PROBLEM_INTENTS,
    latest_intent,
    pay_channel_code,
    user_token,
    wallet_client,
)
from actions.diagnosis import ActionCheckStatus, ActionShowWallet
from actions.flows import DIGRESSIONS, FORMS
from actions.wallet_client import WalletError
from bot.nlu.scam import looks_like_scam

logger = logging.getLogger(__name__)


class ActionHowToPay(Action):
    def name(self) -> Text:
        return "action_how_to_pay"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        # The channel named in this message wins over one remembered from earlier turns.
        named = list(tracker.get_latest_entity_values("pay_channel"))
        channel = pay_channel_code(named) if named else pay_channel_code(tracker.get_slot("pay_channel"))
        dispatcher.utter_message(response=f"utter_how_to_pay_{channel}" if channel
                                 else "utter_how_to_pay_generic")
        return []


class ActionFamilyInfo(Action):
    def name(self) -> Text:
        return "action_family_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_family_binding_rules")
        token = user_token(tracker)
        if not token:
            return []
        try:
            members = await wallet_client().family_bindings(token)
        except WalletError as exc:
            logger.warning("family bindings unavailable: %s", exc)
            return []
        if not members:
            dispatcher.utter_message(text="您目前还没有绑定家人。")
            return []
        lines = []
        for member in members:
            details = [member.get("relation_label") or member.get("relation"),
                       member.get("member_region_name"), member.get("tier")]
            line = f"· {member.get('member_name_masked')}（{'，'.join(d for d in details if d)}）"
            if member.get("needs_chc") and not member.get("chc_bound"):
                line += " ⚠️ 还没有绑定社康中心，在医院用之前要先绑定"
            lines.append(line)
        dispatcher.utter_message(text="您已绑定的家人：\n" + "\n".join(lines))
        return []


class ActionSecurityInfo(Action):
    def name(self) -> Text:
        return "action_security_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if looks_like_scam(tracker.latest_message.get("text") or ""):
            # What to do now comes before how the code is protected.
            dispatcher.utter_message(response="utter_scam_warning")
        dispatcher.utter_message(response="utter_security_info")
        token = user_token(tracker)
        if not token:
            return []
        try:
            authorizations = await wallet_client().authorizations(token)
        except WalletError as exc:
            logger.warning("authorizations unavailable: %s", exc)
            return []
        active = [a for a in authorizations if a.get("active")]
        if not active:
            dispatcher.utter_message(text="您目前没有授权给任何第三方渠道。")
            return []
        names = "、".join(PAY_CHANNEL_LABELS.get(a["channel"], a["channel"]) for a in active)
        dispatcher.utter_message(
            text=f"您目前授权使用医保码的渠道有：{names}。不认识或不再使用的可以取消：",
            buttons=[{"title": f"取消{PAY_CHANNEL_LABELS.get(a['channel'], a['channel'])}授权",
                      "payload": '/revoke_authorization{"auth_channel":"%s"}' % a["channel"]}
                     for a in active])
        return []


class ActionAnswerDigression(Action):
    """A question in the middle of a guided fix is answered; the form then asks again
    (the rules come from the table in actions/flows.py)."""

    def name(self) -> Text:
        return "action_answer_digression"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        intent = latest_intent(tracker)
        form = tracker.active_loop_name
        if (form == "phone_verification_form"
                and intent in ("check_balance", "check_status", "verify_phone")):
            # Personal answers need the verification that is under way.
            dispatcher.utter_message(response="utter_verify_in_progress")
            return []
        if intent == "check_balance":
            return await ActionShowWallet().run(dispatcher, tracker, domain)
        if intent == "check_status":
            return await ActionCheckStatus().run(dispatcher, tracker, domain)
        if intent == "how_to_pay":
            return await ActionHowToPay().run(dispatcher, tracker, domain)
        if intent == "security_info" and looks_like_scam(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_scam_warning")
        if intent == "faq":
            dispatcher.utter_message(response=retrieval_response(tracker) or "utter_default")
            return []
        if intent in ("follow_up", "still_not_working"):
            dispatcher.utter_message(response="utter_in_form_hint", form_label=_form_label(form))
            return []
        if intent in PROBLEM_INTENTS:
            await _answer_problem_in_form(dispatcher, tracker, intent)
            return []
        dispatcher.utter_message(response=DIGRESSIONS.get(intent) or "utter_default")
        return []


def retrieval_response(tracker: Tracker) -> Optional[str]:
    """The FAQ answer the ResponseSelector picked for this message (utter_faq/<key>)."""
    selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
    return (selector.get("response") or {}).get("utter_action")


def _form_label(form: Optional[str]) -> str:
    spec = FORMS.get(form or "")
    return spec.label if spec else "这件事"


async def _answer_problem_in_form(dispatcher: CollectingDispatcher, tracker: Tracker,
                                  intent: str) -> None:
    """「等下，我密码是不是也锁了？」 in the middle of a fix: a short look at that one thing
    where the backend can tell, without the whole diagnosis and without leaving the form."""
    token = user_token(tracker)
    if intent == "forgot_pin" and token:
        try:
            profile = await wallet_client().profile(token)
        except WalletError as exc:
            logger.warning("pin state unavailable in a form: %s", exc)
        else:
            locked = (profile.get("pin") or {}).get("locked")
            dispatcher.utter_message(response="utter_in_form_pin_locked" if locked
                                     else "utter_in_form_pin_ok")
            return
    if intent == "insufficient_balance" and token:
        await ActionShowWallet().run(dispatcher, tracker, {})
        return
    dispatcher.utter_message(response="utter_in_form_problem_later",
                             problem_label=PROBLEM_LABELS.get(intent, "这个问题"))


# How a problem the person raises is named back to them.
PROBLEM_LABELS = {
    "payment_failed": "付款失败",
    "cannot_show_code": "医保码打不开",
    "activate_credential": "激活",
    "credential_abnormal": "医保码状态异常",
    "insufficient_balance": "余额",
    "network_error": "网络问题",
    "info_mismatch": "信息不一致",
    "payment_limit": "限额",
    "region_mismatch": "参保地",
    "system_failure": "医院药店系统的问题",
    "forgot_pin": "支付密码",
}
