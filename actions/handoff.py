"""Human handoff and the two-strike fallback."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.charges import answer_payments
from actions.common import (
    ANONYMOUS,
    channel_of,
    confirmation_key,
    latest_intent,
    say,
    token_subject,
    user_token,
    wallet_client,
)
from actions.english import after_english
from actions.forms import typed_revoke
from actions.recent import check_offer_pending, narrower_answer, pushback_answer
from actions.repeats import same_question_answers
from actions.round21 import counter_window
from actions.round24 import error_code_answer, round24_first
from actions.round26 import round26_answer
from actions.round27 import round27_priority
from actions.round28 import named_in_whole
from actions.second_problem import pending_asked_for, problems_named, torn_between_problems, torn_toward_the_phone
from actions.wallet_client import WalletAuthError, WalletError
from bot.nlu.topics import CHOICE_ONLY

logger = logging.getLogger(__name__)

SUMMARY_TURNS = 6


def conversation_summary(tracker: Tracker) -> str:
    """A short summary for the human agent: the cause found and the user's last messages."""
    texts: List[str] = []
    intents: List[str] = []
    for event in tracker.events:
        if event.get("event") == "session_started":
            texts, intents = [], []
        elif event.get("event") == "user":
            text = (event.get("text") or "").strip()
            if text and not text.startswith("/"):
                texts.append(text[:200])
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name:
                intents.append(name)
    parts = [f"渠道: {channel_of(tracker)}"]
    cause = tracker.get_slot("diagnosed_cause")
    if cause:
        parts.append(f"诊断原因: {cause}")
    if intents:
        parts.append("意图: " + ", ".join(intents[-SUMMARY_TURNS:]))
    if texts:
        parts.append("用户最近说: " + " | ".join(texts[-SUMMARY_TURNS:]))
    return "\n".join(parts)


def open_ticket_of(tracker: Tracker) -> Optional[Tuple[str, bool]]:
    """(ticket number, tied to a person) of the human ticket opened in this conversation, if
    the one asking may hear of it: a person's ticket only to that person (like the forms)."""
    ticket_no = tracker.get_slot("handoff_ticket")
    owner = tracker.get_slot("handoff_ticket_owner") or ANONYMOUS
    if not ticket_no:
        return None
    if owner == ANONYMOUS:
        return ticket_no, False
    return (ticket_no, True) if owner == token_subject(user_token(tracker)) else None


def tell_open_ticket(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Say which ticket is open (and who can be called back); False when there is none."""
    ticket = open_ticket_of(tracker)
    if not ticket:
        return False
    dispatcher.utter_message(response="utter_ticket_open" if ticket[1] else "utter_ticket_open_anonymous",
                             ticket_no=ticket[0])
    return True


# 「人工客服电话多少」「客服热线是几号」: a number asked for, not a person now.
PHONE_ASKED = re.compile(r"(电话|热线|号码)(是)?(多少|几号|啥|什么|哪个)|(打|拨)(哪个|什么|啥|几号)(电话|号码)?|"
                         r"(多少|几号)(的)?(电话|号码)")
TRANSFER_ASKED = re.compile(r"转人工|转接|帮我转|接人工|找人工")

# Questions about staff or a support line that want an answer, not a ticket.
STAFF_QUESTIONS = {"utter_hall_writing", "utter_hall_accompany", "utter_text_support",
                   "utter_voice_input"}  # 「能不能说话操作 我打字慢」 (round 26: a ticket opened)


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        named = None if TRANSFER_ASKED.search(text) else named_in_whole(tracker)
        till = named or counter_window(text)
        if till:  # (round 29: 「随口说了自费 现在缴费窗口说…」 is no question about the staffed till)
            say(dispatcher, till, tracker)
            return []
        if latest_intent(tracker) == "request_human" and PHONE_ASKED.search(text) and not TRANSFER_ASKED.search(text):
            # 「人工客服电话多少」 asks for a number (round 22's re-grade: a ticket opened): the hotline,
            # and the ticket only when asked for.
            dispatcher.utter_message(response="utter_handoff_phone_number")
            return []
        asked = round27_priority(re.sub(r"\W", "", text), tracker) or round24_first(re.sub(r"\W", "", text), tracker)
        if asked and set(asked) & STAFF_QUESTIONS and not TRANSFER_ASKED.search(text):
            # 「去大厅办的话 我写字跟工作人员沟通行吗」 names staff, asks no ticket (round 24: one opened)
            say(dispatcher, asked, tracker)
            return []
        ticket = open_ticket_of(tracker)
        if ticket and (ticket[1] or not user_token(tracker)):
            # One ticket per conversation; only an anonymous one is opened again once the
            # person has signed in (its text asks for exactly that), so that they can be called.
            tell_open_ticket(dispatcher, tracker)
            return []
        summary = conversation_summary(tracker)
        client = wallet_client()
        token = user_token(tracker)
        key = confirmation_key(tracker, "handoff")

        async def open_ticket(signed_in: bool):
            if signed_in:
                return await client.open_support_ticket(summary, channel_of(tracker), tracker.sender_id,
                                                        token, idempotency_key=key)
            return await client.open_support_ticket(summary, channel_of(tracker), tracker.sender_id,
                                                    idempotency_key=f"{key}:anon")

        try:
            try:
                ticket = await open_ticket(bool(token))
            except WalletAuthError:  # an expired sign-in must not stop the handoff
                ticket = await open_ticket(False)
            except WalletError as exc:
                # The key makes a retry safe: one ticket, whether or not the first try landed.
                logger.warning("support ticket failed, retrying once: %s", exc)
                ticket = await open_ticket(bool(token))
        except WalletError as exc:
            logger.warning("support ticket failed: %s", exc)
            dispatcher.utter_message(response="utter_handoff_no_ticket")
            return []
        # Only a ticket tied to a person can be followed up: say so instead of promising a call.
        attached = bool(ticket.get("person_attached"))
        dispatcher.utter_message(response="utter_handoff_ticket" if attached
                                 else "utter_handoff_ticket_anonymous", ticket_no=ticket["ticket_no"])
        owner = token_subject(token) if attached else ANONYMOUS
        return [SlotSet("handoff_ticket", ticket["ticket_no"]), SlotSet("handoff_ticket_owner", owner)]


class ActionTicketStatus(Action):
    """「那工单多久有人联系我」「我那个工单咋样了」: the ticket open, or an offer when none is."""

    def name(self) -> Text:
        return "action_ticket_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if not tell_open_ticket(dispatcher, tracker):
            dispatcher.utter_message(response="utter_ticket_none")
        return []


class ActionFallback(Action):
    """First misunderstanding: ask to rephrase with choices. Second in a row: the choices and
    a human offered. Never a ticket: 「啊啊啊」「哎呀呀」 ask for nobody (and an anonymous
    person could not be called back anyway)."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if not tracker.active_loop_name and (problems_named(tracker.latest_message.get("text") or "")
                                             or torn_between_problems(tracker)
                                             or pending_asked_for(tracker)):
            # Torn between two problems the message names (「密码锁了，参保地也还是老家的」):
            # not a misunderstanding; the diagnosis takes both (or 「下一个呢」: the one put off).
            return [FollowupAction("action_diagnose")]
        if not tracker.active_loop_name and torn_toward_the_phone(tracker):
            # the device steps go on (trial round 16), answered here: the rules end the turn on this
            # action (imported here: actions.context imports this module)
            from actions.context import ActionAppTroubleshoot

            return await ActionAppTroubleshoot().run(dispatcher, tracker, domain)
        # 「那你倒是给我弄好啊」 at the record question (round 33: 「没太明白」): the go-ahead (imported
        # here: actions.region_switch imports actions.faq, which imports this module)
        from actions.region_switch import real_record_meant

        meant = await real_record_meant(tracker)
        if meant:
            return [SlotSet("region_code", meant)]
        text = (tracker.latest_message.get("text") or "").strip()
        if text in ("1", "１") and user_token(tracker) and check_offer_pending(tracker):
            # 「回复1」 was offered after the sign-in, and a turn in between dropped the button.
            return [FollowupAction("action_diagnose")]
        revoke = await typed_revoke(tracker)
        if revoke:  # 「支付宝那个取消掉」 after the list, whatever the classifier made of it
            return revoke
        if after_english(tracker):
            dispatcher.utter_message(response="utter_english_reminder")  # 「???」 after English: still English
            return []
        payments = await answer_payments(dispatcher, tracker)
        if payments is not None:  # 「这几个药店我好像没去过」 after the payments (trial round 18)
            return payments
        narrower = narrower_answer(tracker)
        if narrower:  # 「在哪办」 after a 经办机构 fix, whatever the classifier made of it
            say(dispatcher, narrower, tracker)
            return []
        pushback = pushback_answer(tracker)
        if pushback:
            say(dispatcher, pushback, tracker)  # 「你没回答我」: own it, not the choices again
            return []
        asked = round26_answer(re.sub(r"\W", "", text), tracker)
        if asked:  # 「老号早就注销了 找不回来了」 after the activation's causes (round 26: the choices)
            say(dispatcher, asked, tracker)
            return []
        coded = error_code_answer(tracker)
        if coded:  # 「手机上显示 E1002 什么意思」 (round 24: the choices)
            dispatcher.utter_message(**coded)
            return []
        same = same_question_answers(tracker.events)
        if same:  # asked again in nearly the same words: the same answer (the action server points to it)
            say(dispatcher, same, tracker)
            return []
        if CHOICE_ONLY.match(text):
            # 「第二个」「选3」 with no choice on screen (the channel takes them when one is): say so,
            # then the usual choices (not 「祝您身体健康」 as a goodbye, nor 「帮不上忙」).
            dispatcher.utter_message(response="utter_no_choice_pending")
        misses = 0
        for event in reversed(tracker.events):
            if event.get("event") != "user":
                continue
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name != "nlu_fallback":
                break
            misses += 1
        dispatcher.utter_message(response="utter_default_offer_human" if misses >= 2 else "utter_default")
        return []
