"""Phone + one-time code sign-in inside the chat, for people without a token or bound openid.

The number arrives masked (the channel hides it before Rasa) and sealed in the message metadata
(`bot.privacy.seal`); only this action server can open it, and only in the same conversation.
Slots never hold the number or the code: `verify_phone` holds the sealed value, `verify_code`
the outcome (verified / locked / failed). The wallet enforces expiry, 5 tries and the lock.

On success the token is handed to the channel as a custom payload ({"session": …}); it counts
from the user's next message on, exactly like a website sign-in. REST callers keep it themselves.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    channel_of,
    domain_text,
    last_problem_intent,
    latest_user_event,
    say,
    user_token,
    wallet_client,
)
from actions.round24 import verification_misread
from actions.wallet_client import WalletError, WalletRefused
from bot.privacy import PLACEHOLDERS, SEALED_PHONES_KEY, ascii_digits, unseal

logger = logging.getLogger(__name__)

OUTCOMES = ("verified", "locked", "failed")
SIGN_IN_CODE = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
_DIGITS = re.compile(r"[0-9]{4,}")
HOTLINES = re.compile(r"(?<![0-9])(12393|12345|12333|110|120)(?![0-9])")  # named, not typed as one's number
_RESEND = re.compile(r"重发|重新发|再发|没收到|没有收到|收不到|没来|没到")
# The bound number no longer in use (「我以前那个手机号早就不用了 收不到验证码」): the code can
# never arrive there, so the sign-in is not started; the number is changed first (trial round 17).
_NUMBER_GONE = re.compile(r"(以前|原来|之前|旧|老)的?(那个|那|个)?(手机)?号(码)?.{0,8}"
                          r"(不用|停|注销|没了|丢|销|作废|换|收不到|不在)|"
                          r"换(了)?(手机)?号|号(码)?.{0,4}(停机|注销|销号|不用了|没用了|停用|欠费)")


def number_gone(text: str) -> bool:
    return bool(_NUMBER_GONE.search(text))


def _text(tracker: Tracker) -> str:
    return ascii_digits(tracker.latest_message.get("text") or "")


def _sealed_phone(tracker: Tracker) -> Optional[str]:
    """The first sealed number of the latest message that opens in this conversation."""
    sealed = (latest_user_event(tracker).get("metadata") or {}).get(SEALED_PHONES_KEY)
    for value in sealed if isinstance(sealed, list) else []:
        if unseal(value, tracker.sender_id):
            return value
    return None


def _minutes(seconds: Any) -> int:
    try:
        return max(1, (int(seconds) + 59) // 60)
    except (TypeError, ValueError):
        return 15


class ValidatePhoneVerificationForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_phone_verification_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        if user_token(tracker):
            return []  # already signed in: nothing to verify
        if tracker.get_slot("verify_code") in ("locked", "failed"):
            return []
        if tracker.get_slot("requested_slot") is None and verification_misread(tracker):
            return []  # a question about the face check or the phone line: answered on submit
        if (tracker.get_slot("requested_slot") in (None, "verify_phone") and number_gone(_text(tracker))
                and not _sealed_phone(tracker)):
            return []  # the code cannot reach the old number: ActionFinishPhoneVerification says what to do
        return domain_slots

    # --- extraction: only for the slot being asked for --------------------------------
    async def extract_verify_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Dict[Text, Any]:
        requested = tracker.get_slot("requested_slot")
        if requested not in (None, "verify_phone"):
            return {}
        sealed = _sealed_phone(tracker)
        if sealed:  # also "用手机号13…验证" in the very message that starts the form
            return {"verify_phone": sealed}
        if requested is None:
            return {}
        text = _text(tracker)
        if verification_misread(tracker):
            return {}  # 「我打不了电话 有文字的客服吗」: the rules answer it, the form asks again
        # a hotline named in words (「打12393打不了」) is no mistyped number; 「12345」 alone is one
        named = HOTLINES.sub("", text) if re.search(r"[\u4e00-\u9fff]{2,}", text) else text
        if _DIGITS.search(named) or any(p in text for p in PLACEHOLDERS.values()):
            # Digits, but not a mobile number (or an ID/bank card): say what is needed.
            dispatcher.utter_message(response="utter_verify_phone_invalid")
            return {"verify_phone": None}
        return {}  # a question or "算了": the rules answer it, the form asks again

    async def extract_verify_code(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "verify_code":
            return {}
        sealed = _sealed_phone(tracker)
        if sealed:  # another number instead of the code: start over with that one
            return {"verify_phone": sealed, "verify_code": None}
        text = _text(tracker)
        match = SIGN_IN_CODE.search(text)
        if match:
            return {"verify_code": match.group()}
        if _RESEND.search(text):
            phone = unseal(tracker.get_slot("verify_phone"), tracker.sender_id)
            if not phone:
                return {"verify_phone": None, "verify_code": None}  # seal too old: ask again
            return {"verify_code": await self._send_code(phone, dispatcher, tracker)}
        if _DIGITS.search(text):
            dispatcher.utter_message(response="utter_verify_code_invalid")
            return {"verify_code": None}
        return {}

    # --- validation: the wallet decides ------------------------------------------------
    async def validate_verify_phone(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if slot_value is None:  # extraction already said what was wrong
            return {"verify_phone": None}
        phone = unseal(slot_value, tracker.sender_id)
        if not phone:
            dispatcher.utter_message(response="utter_verify_phone_invalid")
            return {"verify_phone": None}
        outcome = await self._send_code(phone, dispatcher, tracker)
        if outcome in ("locked", "failed"):
            return {"verify_phone": slot_value, "verify_code": outcome}
        return {"verify_phone": slot_value}

    async def validate_verify_code(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        if slot_value in OUTCOMES or slot_value is None:
            return {"verify_code": slot_value}
        phone = unseal(tracker.get_slot("verify_phone"), tracker.sender_id)
        if not phone:
            dispatcher.utter_message(response="utter_verify_phone_again")
            return {"verify_phone": None, "verify_code": None}
        try:
            session = await wallet_client().verify_phone_code(
                phone, str(slot_value), channel_of(tracker), tracker.sender_id)
        except WalletRefused as refused:
            return await self._refused(refused, phone, dispatcher, tracker)
        except WalletError as exc:
            logger.warning("phone code check failed: %s", exc)
            dispatcher.utter_message(response="utter_backend_down")
            return {"verify_code": "failed"}
        # The channel keeps the token for this conversation (or the REST caller does).
        dispatcher.utter_message(json_message={"session": {
            "token": session.get("token"), "expires_at": session.get("expires_at")}})
        return {"verify_code": "verified", "verified_name": session.get("name")}

    async def _refused(self, refused: WalletRefused, phone: str, dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> Dict[Text, Any]:
        if refused.detail == "wrong_code":
            dispatcher.utter_message(response="utter_verify_code_wrong",
                                     tries_left=refused.body.get("tries_left", 0))
            return {"verify_code": None}
        if refused.detail in ("code_expired", "no_active_code"):
            dispatcher.utter_message(response="utter_verify_code_expired")
            return {"verify_code": await self._send_code(phone, dispatcher, tracker)}
        if refused.detail == "too_many_attempts":
            dispatcher.utter_message(response="utter_verify_locked",
                                     minutes=_minutes(refused.body.get("retry_after")))
            return {"verify_code": "locked"}
        logger.warning("phone code check refused: %s", refused.detail)
        dispatcher.utter_message(response="utter_backend_down")
        return {"verify_code": "failed"}

    async def _send_code(self, phone: str, dispatcher: CollectingDispatcher,
                         tracker: Tracker) -> Optional[str]:
        """Ask the wallet to text a code; None while waiting for it, else an outcome."""
        try:
            sent = await wallet_client().request_phone_code(phone, channel_of(tracker), tracker.sender_id)
        except WalletRefused as refused:
            if refused.detail == "resend_too_soon":
                dispatcher.utter_message(response="utter_verify_resend_wait",
                                         seconds=refused.body.get("retry_after", 60))
                return None
            if refused.detail in ("too_many_attempts", "too_many_codes"):
                response = ("utter_verify_locked" if refused.detail == "too_many_attempts"
                            else "utter_verify_too_many_codes")
                dispatcher.utter_message(response=response,
                                         minutes=_minutes(refused.body.get("retry_after")))
                return "locked"
            logger.warning("phone code request refused: %s", refused.detail)
            dispatcher.utter_message(response="utter_backend_down")
            return "failed"
        except WalletError as exc:
            logger.warning("phone code request failed: %s", exc)
            dispatcher.utter_message(response="utter_backend_down")
            return "failed"
        dispatcher.utter_message(response="utter_verify_code_sent",
                                 phone_masked=sent.get("phone_masked", ""),  # the wallet masks it
                                 minutes=_minutes(sent.get("expires_in")))
        demo_url = wallet_client().settings.demo_sms_url
        if demo_url:
            dispatcher.utter_message(response="utter_verify_demo_inbox", demo_sms_url=demo_url)
        return None


class ActionFinishPhoneVerification(Action):
    def name(self) -> Text:
        return "action_finish_phone_verification"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        outcome = tracker.get_slot("verify_code")
        problem = last_problem_intent(tracker)
        if outcome == "verified" and problem:
            # Signed in to get an answer to what was asked before: that first.
            dispatcher.utter_message(response="utter_verified_problem",
                                     name=tracker.get_slot("verified_name") or "",
                                     problem_label=domain_text(domain, f"utter_label_problem_{problem}"),
                                     buttons=[{"title": domain_text(domain, "utter_label_check_it_now"),
                                               "payload": f"/{problem}"}])
        elif outcome == "verified":
            dispatcher.utter_message(response="utter_verified",
                                     name=tracker.get_slot("verified_name") or "")
        elif outcome is None and number_gone(_text(tracker)):
            dispatcher.utter_message(response="utter_sign_in_old_number_signed_in" if user_token(tracker)
                                     else "utter_sign_in_old_number")
        elif user_token(tracker) and outcome is None:
            # 「不是我手机的问题吧？我刚换的新手机」 read as a sign-in (round 24): the question first
            from actions.recent import specific_answer  # (it imports actions.common, as this does)

            asked = specific_answer(tracker)
            if asked:
                say(dispatcher, asked, tracker)
            else:
                dispatcher.utter_message(response="utter_already_signed_in")
        elif outcome is None and verification_misread(tracker):
            # 「有没有别的验证方式 比如眨眼摇头那种」 is about the face check, not a sign-in (round 24)
            say(dispatcher, verification_misread(tracker), tracker)
        elif outcome == "locked":
            dispatcher.utter_message(response="utter_offer_sign_in")
        # "failed" was explained when it happened.
        return [SlotSet("verify_phone", None), SlotSet("verify_code", None),
                SlotSet("verified_name", None)]
