"""A second problem in the same message: 「医保码一直没激活，支付密码也忘了」.

The classifier names one intent; the other problem is found here by the words people use for
it. The first is answered as usual (diagnosis, guided fix); the second gets its short fix, or —
when it has a guided fix of its own — is remembered (`pending_problem`) and offered with a
button once the first fix is done (`offer_pending`), or right away when nothing is in between.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import INTENT_TO_CATEGORY, PROBLEM_INTENTS, domain_text, tell_wallet_figures

PENDING_SLOT = "pending_problem"

_CLAUSE = r"[^，,。.!！?？;；\s]"
# Phrases that name a problem (not a topic: 「激活了」 is no activation problem). Order matters
# only for which of several is taken; the first in the message wins.
CUES: Dict[str, re.Pattern] = {
    "activate_credential": re.compile(
        r"(没|未|没有|还没|无法|不能|没法)激活|激活(不了|不上|失败|不成功|没成功)|(怎么|咋|如何|怎样)激活"),
    "forgot_pin": re.compile(
        rf"密码{_CLAUSE}{{0,4}}(忘|锁|记不|想不起|不记得|错|不对)|(忘了|忘记|不记得|记不住|想不起来?){_CLAUSE}{{0,3}}密码|"
        rf"(重置|修改|找回|改){_CLAUSE}{{0,2}}密码|密码{_CLAUSE}{{0,2}}(重置|找回)"),
    "region_mismatch": re.compile(
        rf"参保地{_CLAUSE}{{0,6}}(不对|错|不一致|不符|老家|原来|以前|切换|改|变|不是)|"
        rf"显示{_CLAUSE}{{0,4}}(老家|原来的|以前的)|异地就医|(要|需要|办|没|没有)备案"),
    "insufficient_balance": re.compile(
        rf"余额{_CLAUSE}{{0,3}}(不足|不够|没了|为0|为零|是0|只有|少)|钱{_CLAUSE}{{0,2}}不够|没钱了|"
        rf"账户{_CLAUSE}{{0,3}}(没钱|空了|是0)|余额{_CLAUSE}{{0,4}}(多少|还剩多少|还有多少)|还(剩|有)多少钱"),
    # not a bare 额度: 「个账额度不足」 means the balance
    "payment_limit": re.compile(r"限额|超额|超限|超过.{0,2}限|上限|(一次|一笔|一天|每天)最多"),
    "cannot_show_code": re.compile(
        rf"(码|二维码){_CLAUSE}{{0,4}}(打不开|出不来|显示不了|显示不出|不显示|刷不出|加载不出|空白)|"
        rf"找不到{_CLAUSE}{{0,4}}(医保码|入口)"),
    "info_mismatch": re.compile(
        rf"信息{_CLAUSE}{{0,2}}(不一致|不符|有误|错了|对不上)|(名字|姓名){_CLAUSE}{{0,2}}(不对|错了|对不上)|"
        rf"身份证号?{_CLAUSE}{{0,3}}(对不上|不对|错了)"),
    "credential_abnormal": re.compile(
        r"未参保|(暂停|终止)参保|参保.{0,2}(暂停|终止|中断)|显示(暂停|冻结|失效)|被(暂停|冻结)|冻结了|断缴|状态异常"),
}
# One problem under two names: a weak signal is why the code does not show.
SAME_PROBLEM = {frozenset({"network_error", "cannot_show_code"})}
# 「不是余额不够」 names a problem the person rules out.
_DENIED = re.compile(r"(不是|并非|没有)(因为)?$")
# Problems whose fix is a guided form: offered as a next step, not squeezed into this answer.
GUIDED = {"activate_credential", "forgot_pin", "region_mismatch"}
# A balance question is answered with the figures, which also cover these.
ANSWERED_WITH_BALANCE = ("insufficient_balance", "payment_limit")
# Nothing works before the credential is activated (and activation sets the PIN): asked
# together with another guided fix, activation goes first.
FIRST = "activate_credential"


def problems_named(text: str) -> List[str]:
    """The problems the text names, in the order they first appear."""
    text = text or ""
    hits = []
    for intent, cue in CUES.items():
        starts = [m.start() for m in cue.finditer(text)
                  if not _DENIED.search(text[max(0, m.start() - 4):m.start()])]
        if starts:
            hits.append((starts[0], intent))
    return [intent for _, intent in sorted(hits)]


def torn_between_problems(tracker: Tracker) -> Optional[str]:
    """The top problem when the classifier fell back only because two close intents, at least
    one of them a problem, tied (「药店说他们不能用医保钱包付 是不是我的问题」)."""
    ranking = [r for r in tracker.latest_message.get("intent_ranking") or []
               if r.get("name") != "nlu_fallback"][:2]
    names = [r.get("name") for r in ranking]
    if len(names) == 2 and set(names) <= {*PROBLEM_INTENTS, "medical_wallet"}:
        return next((name for name in names if name in PROBLEM_INTENTS), None)
    return None


def torn_toward_the_phone(tracker: Tracker) -> bool:
    """The classifier fell back between the phone or APP failing (first) and a problem
    (「华为手机 刚更新了系统」 after the device steps: app_problem 0.38, system_failure 0.37)."""
    ranking = [r for r in tracker.latest_message.get("intent_ranking") or []
               if r.get("name") != "nlu_fallback"][:2]
    names = [r.get("name") for r in ranking]
    return len(names) == 2 and names[0] == "app_problem" and names[1] in PROBLEM_INTENTS


def second_problem(text: str, main: str) -> Optional[str]:
    """The first problem named besides `main` (whose answer is given anyway), or None."""
    for intent in problems_named(text):
        if intent != main and frozenset({intent, main}) not in SAME_PROBLEM:
            return intent
    return None


def ordered(main: str, second: Optional[str]) -> tuple:
    """(first, second) to handle: activation before another guided fix."""
    if second == FIRST and main in GUIDED:
        return second, main
    return main, second


def problem_label(domain: Dict[Text, Any], intent: str) -> str:
    return domain_text(domain, f"utter_label_problem_{intent}")


def go_on_buttons(domain: Dict[Text, Any], intent: str) -> List[Dict[str, str]]:
    label = problem_label(domain, intent)
    return [{"title": domain_text(domain, "utter_label_go_on", problem_label=label), "payload": f"/{intent}"},
            {"title": domain_text(domain, "utter_label_not_now"), "payload": "/deny"}]


def answer_second(dispatcher: CollectingDispatcher, domain: Dict[Text, Any], second: Optional[str], *,
                  main: str, flow: str, cause: Optional[str] = None, signed_in: bool = False,
                  wallet: Optional[Dict[str, Any]] = None) -> List[EventType]:
    """Say what happens to the second problem, after the first one's answer.

    flow: the guided fix the first answer leads to ("info" when none). cause: what the records
    named; a second problem that is that cause was just explained and is not said again."""
    if not second or (cause and INTENT_TO_CATEGORY.get(second) == cause):
        return []
    label = problem_label(domain, second)
    if second in GUIDED and (signed_in or second != "region_mismatch"):
        if flow != "info":
            # One guided fix at a time: this one is offered when the first is done.
            response = ("utter_also_pin_at_activation" if second == "forgot_pin" and main == FIRST
                        else "utter_also_later")
            dispatcher.utter_message(response=response, problem_label=label)
            return [SlotSet(PENDING_SLOT, second)]
        dispatcher.utter_message(response="utter_also_offer", problem_label=label,
                                 buttons=go_on_buttons(domain, second))
        return []
    if signed_in and wallet and second in ("insufficient_balance", "payment_limit"):
        # The person's own figures answer both (balance and limits).
        tell_wallet_figures(dispatcher, wallet)
        return []
    dispatcher.utter_message(response=f"utter_also_{second}")
    return []


# 「下一个呢」「还有一个问题呢」「第二个咋办」 once the first fix is done: the problem put off for it.
NEXT_ONE = re.compile(r"下一个|下个|第二个|第2个|另一个|另外一个|还有一个|还有个|另一件|那个问题|刚才(说|提)的")
NEXT_ONE_LENGTH = 16  # characters: a longer message says something of its own


def pending_asked_for(tracker: Tracker) -> Optional[str]:
    """The problem remembered or offered for later, when this short message asks for it."""
    short = re.sub(r"\W", "", tracker.latest_message.get("text") or "")
    if not (0 < len(short) <= NEXT_ONE_LENGTH and NEXT_ONE.search(short)):
        return None
    if tracker.get_slot(PENDING_SLOT) in PROBLEM_INTENTS:
        return tracker.get_slot(PENDING_SLOT)
    return offered_problem(tracker)


def offered_problem(tracker: Tracker) -> Optional[str]:
    """The problem a go-on button offered this session (offer_pending clears the slot when it
    offers), unless it has been taken up since."""
    current = True  # the message being answered may itself be read as a problem
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            return None
        if kind == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name in PROBLEM_INTENTS and not current:
                return None  # a problem was raised (or the button pressed) after the offer
            current = False
        if kind == "bot" and (event.get("metadata") or {}).get("utter_action") in OFFERS:
            for button in (event.get("data") or {}).get("buttons") or []:
                payload = str(button.get("payload") or "").lstrip("/")
                if payload in PROBLEM_INTENTS:
                    return payload
    return None


OFFERS = {"utter_pending_problem_offer", "utter_also_offer"}


def offer_pending(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                  done: str) -> List[EventType]:
    """After a guided fix (`done`, the problem it fixed): offer the problem put off for it."""
    pending = tracker.get_slot(PENDING_SLOT)
    if not pending:
        return []
    if pending != done:
        dispatcher.utter_message(response="utter_pending_problem_offer",
                                 problem_label=problem_label(domain, pending),
                                 buttons=go_on_buttons(domain, pending))
    return [SlotSet(PENDING_SLOT, None)]
