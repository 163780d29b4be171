"""How-to answers that get better when we know who is asking."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (PAY_CHANNEL_LABELS, latest_intent, pay_channel_code, user_token,
                            wallet_client)
from actions.diagnosis import ActionShowWallet
from actions.wallet_client import WalletError

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


# Someone asking for what only the person may hold, or asking money for the code: the
# patterns of the scams the 医保 bureaus warn about (fake "upgrade" SMS, callers wanting codes).
_SENSITIVE = ("验证码", "截图", "二维码", "付款码", "医保码", "密码")
_ASKING = ("问我要", "向我要", "跟我要", "找我要", "要我", "让我发", "让我报", "让我给", "让我截",
           "叫我发", "叫我报", "叫我给", "发给他", "发给她", "发给对方", "告诉他", "告诉她", "索要")
_LURES = ("停用", "冻结", "违规", "升级", "转账", "套现", "返现", "点链接", "下载")
_CONTACTS = ("电话", "短信", "链接", "陌生", "自称", "冒充", "客服", "工作人员", "好友")


def looks_like_scam(text: str) -> bool:
    """True when the message describes a likely scam; then the warning comes first."""
    if "骗" in text or any(fee in text for fee in ("升级费", "激活费", "手续费", "工本费", "保证金")):
        return True
    if any(s in text for s in _SENSITIVE) and any(a in text for a in _ASKING):
        return True
    return any(c in text for c in _CONTACTS) and any(lure in text for lure in _LURES)


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


# Questions answered in the middle of a form; the form then asks its question again.
DIGRESSION_RESPONSES = {
    "what_is_credential": "utter_what_is_credential",
    "medical_wallet": "utter_medical_wallet",
    "security_info": "utter_security_info",
    "family_binding": "utter_family_binding_rules",
    "bot_challenge": "utter_iamabot",
    "out_of_scope": "utter_out_of_scope",
    "greet": "utter_greet",
    "thank": "utter_you_are_welcome",
    "share_sensitive_data": "utter_never_send_pin",
}


class ActionAnswerDigression(Action):
    def name(self) -> Text:
        return "action_answer_digression"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        intent = latest_intent(tracker)
        if (tracker.active_loop_name == "phone_verification_form"
                and intent in ("check_balance", "check_status", "verify_phone")):
            # Personal answers need the verification that is under way.
            dispatcher.utter_message(response="utter_verify_in_progress")
            return []
        if intent == "check_balance":
            return await ActionShowWallet().run(dispatcher, tracker, domain)
        if intent == "how_to_pay":
            return await ActionHowToPay().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response=DIGRESSION_RESPONSES.get(intent, "utter_default"))
        return []
