"""Guided fix: switching the region the medical-insurance code shows (a form with a
confirmation turn; the write carries the channel and conversation id for the audit log)."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    WalletAction,
    channel_of,
    confirmation_key,
    domain_text,
    user_token,
    wallet_client,
)
from actions.forms import (
    OwnedForm,
    _was_active_before_this_message,
    refuse_other_person,
    reread,
    tell_unapplied,
)
from actions.recent import WHY_FIRST
from actions.round25 import CARE_THERE, MAINLAND_ONLY
from actions.round30 import beian_detail
from actions.second_problem import offer_pending
from actions.wallet_client import WalletAuthError, WalletError, WalletNotFound
from bot.nlu.regions import region_code_for, region_name_for

logger = logging.getLogger(__name__)


# A message in the middle of the switch that asks something (「我下个月要回长沙做手术，是不是要先
# 备案」「长沙那边的社保要不要去注销」) names a city without choosing it: answered, and the form
# asks its question again. 「我是说切到深圳」「能切到深圳吗」 say which one: answers.
_CARE_CORE = re.compile(r"备案|异地就医|异地看病|异地住院")
_CARE_ELSEWHERE = re.compile(r"就医|看病|门诊|住院|手术|生孩子|分娩|报销|买药|开药|治疗")
_RECORDS = re.compile(r"没了|删|丢|清空|消失|注销|销户|停保|退保|断保|转移|迁移|转过来|转过去|接续|不交|停交|作废|"
                      r"还回去|以后回")
_ASKS = re.compile(r"是不是|要不要|需不需要|用不用|能不能|可不可以|会不会|有没有|还能|怎么|咋|什么|啥|吗|[?？]")
_CHOOSES = re.compile(r"切|换成|换到|换为|换回|改成|改到|改为|改回|选")
# 「长沙那个要去退吗」 with insurance paid in both cities (round 28: taken for the choice)
_REFUND = re.compile(r"退(钱|费|掉|保|了)?(吗|不|啊)|要(去)?退|重复(交|缴|参保)|两边都(交|缴)")


_WHAT_RECORD = re.compile(r"(记录|那个|那条)(是|是个)?(啥|什么|怎么回事)|哪来的|怎么来的|从哪来")
_PHARMACY_AFTER = re.compile(r"备案(了|完|好)?(以后|之后|后).{0,12}(药店|药房)")
SIDE_ANSWERS = {"mainland": "utter_code_mainland_only", "care": "utter_region_question_care",
                "care_pharmacy": "utter_beian_pharmacy", "what_record": "utter_region_record_what",
                "records": "utter_region_question_records",
                "why": "utter_why_region_mismatch", "money": "utter_region_question_money",
                "duplicate": "utter_region_question_refund", "past": "utter_region_past_payments"}
# 「那长沙账户里剩的钱呢」 (trial round 17: taken for the choice, 「不需要再切换」 after the diagnosis
# said it must): the money on the other record.
_MONEY = re.compile(r"钱|余额|个人账户|个账|账户里")
# 「切换以后东莞那边账户的钱能转到深圳来吗」 (round 21: taken for the choice) asks about after it.
_AFTER_SWITCH = re.compile(r"切(换)?(了|完|好)?(以后|之后|后)|换(了|完)(以后|之后)")


# 「这一年这样刷了好几次 之前那几次要不要去补什么」 (round 29: 「不会没」)
_PAST = re.compile(r"(之前|以前|那几次|这一年|去年).{0,14}(补|要不要|怎么办|算不算|作废)")


def side_question(text: str, names_city: bool) -> Optional[str]:
    """"care" (treatment elsewhere, 备案), "records" (the other record, moving the insurance),
    "why" (why the code shows another region)
    or None when the message is (or may be) the answer to the form's question. Without a city
    only 备案/异地就医 count: 「那怎么办」 and the like are the form's own follow-ups."""
    if names_city and _WHAT_RECORD.search(text):
        return "what_record"  # 「深圳那个记录是啥」 (round 27's re-grade: 「不会没。」)
    if _CARE_CORE.search(text) and _PHARMACY_AFTER.search(text):
        return "care_pharmacy"  # 「备案了以后在小区药店能刷不」 (round 27: the 备案 text again)
    if _CARE_CORE.search(text):
        return "care"
    if _PAST.search(text) and re.search(r"刷|付|看病|结算|报", text):
        return "past"
    if WHY_FIRST.search(text.strip()):
        return "why"  # 「为啥会这样啊 我社保前年就转到深圳了」: why the code shows the old region
    if not names_city:
        return None
    if _CARE_ELSEWHERE.search(text):
        return "care"
    if _REFUND.search(text):
        return "duplicate"
    if _MONEY.search(text) and (not _CHOOSES.search(text) or _AFTER_SWITCH.search(text)):
        return "money"
    if _RECORDS.search(text):
        return "records"
    if _CHOOSES.search(text):
        return None
    return "records" if _ASKS.search(text) else None


# 「好 那就切吧」 at the record question, after the diagnosis named the real region (trial round 20:
# the question again): the go-ahead means the record marked real, when exactly one is.
# 「那你倒是给我弄好啊」 (round 33: 「没太明白」) is a go-ahead too
_GO_AHEAD = re.compile(r"(好|好的|好吧|行|行吧|可以|嗯|ok|那|就|那就|帮我|给我|切|切换|换|改|"
                       r"过去|过来|一下|吧|呗|啊|呀|了|你|倒是|赶紧|快|快点|弄|弄好|搞|搞好|办|办好)+")
_GO_WORD = re.compile(r"好|行|可以|嗯|ok|切|换|改|弄|搞|办")
_NOT_NOW = re.compile(r"不|别|算了|等|先")


def goes_ahead(text: str) -> bool:
    short = re.sub(r"[\s，,。.！!~…]", "", text).lower()
    return (0 < len(short) <= 10 and bool(_GO_AHEAD.fullmatch(short)) and bool(_GO_WORD.search(short))
            and not _NOT_NOW.search(short))


async def real_record_meant(tracker: Tracker) -> Optional[str]:
    """The one record marked real and not shown, when the message only says go ahead at the
    record question; None otherwise (a city named, several or no such records, the backend down)."""
    if (tracker.active_loop_name != "region_switch_form" or tracker.get_slot("requested_slot") != "region_code"
            or any(e.get("entity") in ("region", "region_code")
                   for e in tracker.latest_message.get("entities") or [])
            or not goes_ahead(tracker.latest_message.get("text") or "")):
        return None
    try:
        regions = await wallet_client().regions(user_token(tracker) or "")
    except WalletError:
        return None
    real = [r for r in regions if r.get("is_real") and not r.get("shown")]
    return real[0].get("region_code") if len(real) == 1 else None


def _answers_the_message(tracker: Tracker, form: str) -> bool:
    """Whether the form runs right after the message (Rasa adds the form's own execution to the
    tracker it validates with), not after another action answered it (a digression)."""
    after = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        after.append(event)
    return not any(e.get("event") == "action" and e.get("name") not in (form, "action_listen") for e in after)


class ValidateRegionSwitchForm(OwnedForm, FormValidationAction):
    def name(self) -> Text:
        return "validate_region_switch_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        names_city = any(e.get("entity") in ("region", "region_code")
                         for e in tracker.latest_message.get("entities") or [])
        if _was_active_before_this_message(tracker, self.form_name()):
            meant = await real_record_meant(tracker)
            if meant:
                return [SlotSet("region_code", meant)]
        text = re.sub(r"\s", "", tracker.latest_message.get("text") or "")
        # 「那我回香港那边看病能用吗」 names a place no record can be (round 25: the 备案 text)
        topic = "mainland" if MAINLAND_ONLY.search(text) and CARE_THERE.search(text) \
            else side_question(tracker.latest_message.get("text") or "", names_city)
        # Only a message typed while the form was waiting (not its activation, not the return
        # from another answer); a button payload carries no such text.
        if (topic and _answers_the_message(tracker, self.form_name())
                and _was_active_before_this_message(tracker, self.form_name())):
            detail = beian_detail(text) if topic in ("care", "care_pharmacy") else None
            dispatcher.utter_message(response=detail or SIDE_ANSWERS[topic])
            # Nothing is taken from it; the form asks its pending question (with its buttons) again.
            return [SlotSet(tracker.get_slot("requested_slot") or "region_code", None)]
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        # A region outside the person's records cannot be switched to: no confirmation turn.
        if tracker.get_slot("region_code") and tracker.get_slot("region_confirm") is False:
            return ["region_code"]
        return domain_slots

    async def validate_region_code(self, slot_value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        values = slot_value if isinstance(slot_value, list) else [slot_value]
        code = None
        for value in values:
            text = str(value).strip()
            code = text if text.isdigit() and len(text) == 6 else region_code_for(text)
            if code:
                break
        if not code:
            dispatcher.utter_message(response="utter_region_invalid")
            return {"region_code": None}
        try:
            regions = await wallet_client().regions(user_token(tracker) or "")
        except WalletError:
            return {"region_code": code}  # the submit action reports the backend problem
        record = next((r for r in regions if r.get("region_code") == code), None)
        if record is None:
            # Not one of the person's records: skip the confirmation, explain on submit.
            return {"region_code": code, "region_confirm": False}
        if record.get("shown"):
            # Nothing would change: no confirmation turn, the submit action says so.
            return {"region_code": code, "region_confirm": True}
        return {"region_code": code}


def _region_name(code: Optional[str], regions: List[Dict[str, Any]]) -> str:
    for record in regions:
        if record.get("region_code") == code:
            return record.get("region_name") or "未知地区"
    return region_name_for(code) or "未知地区"  # never the administrative code


class ActionAskRegionCode(Action):
    def name(self) -> Text:
        return "action_ask_region_code"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        try:
            regions = await wallet_client().regions(user_token(tracker) or "")
        except WalletError:  # still ask; the submit action reports the backend problem
            regions = []
        if not regions:
            dispatcher.utter_message(response="utter_region_which_city")
            return []

        def label(record: Dict[str, Any]) -> str:
            notes = [domain_text(domain, note) for flag, note in
                     (("shown", "utter_label_region_shown"), ("is_real", "utter_label_region_real"))
                     if record.get(flag)]
            return record["region_name"] + (f"（{'，'.join(notes)}）" if notes else "")

        buttons = [{
            "title": label(record),
            "payload": '/inform{"region_code":"%s"}' % record["region_code"],
        } for record in regions]
        dispatcher.utter_message(response="utter_region_which_record", buttons=buttons)
        return []


class ActionAskRegionConfirm(Action):
    def name(self) -> Text:
        return "action_ask_region_confirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        code = tracker.get_slot("region_code")
        try:
            regions = await wallet_client().regions(user_token(tracker) or "")
        except WalletError:
            regions = []
        shown = next((r.get("region_name") for r in regions if r.get("shown")), None)
        dispatcher.utter_message(response="utter_region_switch_confirm",
                                 shown_region=shown or domain_text(domain, "utter_label_current_record"),
                                 region=_region_name(code, regions))
        return []


class ActionSwitchRegion(WalletAction):
    signed_out = ("utter_sign_in_to_check", "utter_generic_region_mismatch")

    def name(self) -> Text:
        return "action_switch_region"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        return events + offer_pending(dispatcher, tracker, domain, "region_mismatch")

    def finish(self, tracker: Tracker) -> List[EventType]:
        return [SlotSet("region_code", None), SlotSet("region_confirm", None)]

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        reset = self.finish(tracker)
        token = user_token(tracker)
        code = tracker.get_slot("region_code")
        if refuse_other_person(dispatcher, tracker):
            return reset
        client = wallet_client()
        try:  # reads: a failure is answered by WalletAction; nothing was sent yet
            regions = await client.regions(token)
        except WalletNotFound:
            regions = []
        record = next((r for r in regions if r.get("region_code") == code), None)
        name = _region_name(code, regions)
        if record is None:
            dispatcher.utter_message(response="utter_region_not_in_records", region=name)
            return reset
        if not tracker.get_slot("region_confirm"):
            dispatcher.utter_message(response="utter_region_switch_cancelled")
            return reset
        if record.get("shown"):
            dispatcher.utter_message(response="utter_region_already_shown", region=name)
            return reset
        try:
            await client.switch_region(token, code, channel_of(tracker), tracker.sender_id,
                                       idempotency_key=confirmation_key(tracker, "region_switch"))
        except WalletNotFound:
            dispatcher.utter_message(response="utter_region_not_in_records",
                                     region=_region_name(code, []))
            return reset
        except WalletAuthError:
            raise
        except WalletError as exc:
            logger.warning("region switch failed: %s", exc)

            async def shown_now() -> bool:
                return any(r.get("shown") and r.get("region_code") == code for r in await client.regions(token))

            applied = await reread(shown_now)
            if not applied:
                tell_unapplied(dispatcher, applied, domain_text(domain, "utter_label_region_switch"))
                return reset
        dispatcher.utter_message(response="utter_region_switched", region=name)
        return reset + [SlotSet("fix_flow", "region_switch")]
