"""The person's payments, read from the wallet.

「我昨天在药店刷了医保码 怎么好像扣了两次钱」: a double charge feared. Signed in, the person's
own payment records say whether two equal payments were taken at one place close together
(trial round 17: with no failed payment in them, the network checklist was the answer);
otherwise where to look, and why one settlement can show as several lines."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.aspects import topics_of
from actions.common import ask_wallet, beijing_time, parse_time, user_token, wallet_client
from actions.limits import named_amount
from actions.recent import last_answer, pay_again_asked
from actions.round22 import paid_or_not_asked
from bot.nlu.topics import fears_double_charge

# Equal payments at one place this close together are one payment taken twice, not two visits.
DUPLICATE_WINDOW = timedelta(minutes=30)
RECENT = 20  # payment attempts read: more than a few days of an ordinary person's use
LISTED = 3  # the newest payments named when none is doubled


def double_charge_due(tracker: Tracker) -> bool:
    """A double charge feared, not right after a timeout (whose own line says why it cannot be)."""
    return (fears_double_charge(tracker.latest_message.get("text") or "")
            and "network" not in topics_of(last_answer(tracker)))


def duplicate_pair(attempts: Sequence[Dict[str, Any]]) -> Optional[Tuple[Dict[str, Any], Dict[str, Any]]]:
    """The newest two successful payments with the same place and amount within the window."""
    paid = sorted(((parse_time(a.get("occurred_at")), a) for a in attempts if a.get("result") == "success"),
                  key=lambda pair: pair[0].timestamp() if pair[0] else 0.0, reverse=True)
    for (newer_at, newer), (older_at, older) in zip(paid, paid[1:]):
        if (newer_at and older_at and newer_at - older_at <= DUPLICATE_WINDOW
                and newer.get("institution") == older.get("institution")
                and str(newer.get("amount")) == str(older.get("amount"))):
            return older, newer
    return None


def payment_line(attempt: Dict[str, Any]) -> str:
    return f"{beijing_time(attempt.get('occurred_at'))} {attempt.get('institution')} {attempt.get('amount')}元"


def successes(attempts: Sequence[Dict[str, Any]], count: int) -> List[Dict[str, Any]]:
    return [a for a in attempts if a.get("result") == "success"][:count]


def payments_text(attempts: Sequence[Dict[str, Any]]) -> str:
    return "；".join(map(payment_line, successes(attempts, LISTED)))


async def answer_double_charge(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    token = user_token(tracker)
    if not token:
        dispatcher.utter_message(response="utter_double_charge_general")
        return [SlotSet("fix_flow", "info")]
    attempts = await ask_wallet(dispatcher, lambda: wallet_client().payment_attempts(token, RECENT))
    if attempts is None:
        return []
    pair, listed = duplicate_pair(attempts), payments_text(attempts)
    if pair:
        first, second = pair
        dispatcher.utter_message(response="utter_double_charge_found", institution=first.get("institution"),
                                 amount=first.get("amount"), first_time=beijing_time(first.get("occurred_at")),
                                 second_time=beijing_time(second.get("occurred_at")))
    elif listed:
        dispatcher.utter_message(response="utter_double_charge_none", payments=listed)
    else:
        dispatcher.utter_message(response="utter_double_charge_no_payments")
    return [SlotSet("fix_flow", "info")]


# 「最近都在哪花的」「你把最近的付款记录列出来我看看」 (trial round 18: 「帮不上忙」, or the APP's menu
# for someone signed in): the payments themselves.
_PAYMENT_LIST = re.compile(r"(在哪|哪里|哪儿|啥地方|什么地方)(花|用|刷|消费|扣|付)|"
                           r"(花|扣|刷|用)(到|在)?哪(去|儿|里)?了|"
                           r"钱(都)?(去|花|跑)哪|(付款|支付|消费|扣款|花费|刷卡)(的)?(记录|明细)|"
                           r"最近(的|那)?(几|哪几|这几)笔|(列|查|看)(一下|下)?.{0,4}(最近|哪几笔|几笔)|"
                           r"那笔.{0,8}(扣|付|刷)(了|成功|上)?(没有|没|吗|么)|"  # 「买降压药那笔扣了没有」
                           # 「医保卡里钱怎么少了这么多」 signed in (round 23's re-grade: the security text)
                           r"(钱|余额|账户)(怎么|咋)?(少了|变少|不见了|没了|少这么多|少了这么多)")
# 「这几个药店我好像没去过」 right after them: not the person's own payments.
_NOT_MINE = re.compile(r"没去过|没买过|没在那|没在这|没刷过|不是我(本人)?(付|刷|买|消费|用|去)|不认识(这|那)|不是我的")
PAYMENTS_LISTED = 5


# 「工资每月扣200多 个人账户才这么点 钱都去哪了」: how the account is credited (round 30: the payments)
_CREDITED = re.compile(r"工资|每(个)?月.{0,6}扣|单位(交|缴)")


def asks_payment_list(text: str) -> bool:
    short = re.sub(r"\s", "", text)
    return bool(_PAYMENT_LIST.search(short)) and not _CREDITED.search(short)


async def answer_payments(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """The person's newest payments when asked for them, or the theft steps when the payments just
    listed are not theirs; None when the message is neither (or nobody is signed in)."""
    token = user_token(tracker)
    text = tracker.latest_message.get("text") or ""
    if not token:
        return None
    again = await answer_pay_again(dispatcher, tracker)
    if again is not None:
        return again
    if "utter_recent_payments" in last_answer(tracker) and _NOT_MINE.search(text):
        dispatcher.utter_message(response="utter_theft_steps")
        return []
    if not asks_payment_list(text) or fears_double_charge(text):
        return None
    attempts = await ask_wallet(dispatcher, lambda: wallet_client().payment_attempts(token, RECENT))
    if attempts is None:
        return []
    paid = successes(attempts, PAYMENTS_LISTED)
    if not paid:
        dispatcher.utter_message(response="utter_recent_payments_none")
        return []
    dispatcher.utter_message(response="utter_recent_payments",
                             payments="\n".join(f"· {payment_line(a)}" for a in paid))
    return []


def _same_amount(attempt: Dict[str, Any], amount: Decimal) -> bool:
    try:
        return Decimal(str(attempt.get("amount"))) == amount
    except InvalidOperation:
        return False


async def answer_pay_again(dispatcher: CollectingDispatcher, tracker: Tracker,
                           diagnosing: bool = False) -> Optional[List[EventType]]:
    """「刚才那86块没付成 要重新去交吗」「不知道付成功没有」 signed in: what the records say of that
    payment (paid after all, so nothing more to pay; or failed, so it is to be paid again); None
    when the message does not ask that, nobody is signed in, or the records hold no such payment.
    `diagnosing`: asked whether it went through and it did not, the diagnosis answers (its first
    line names the failed payment, then the cause)."""
    token = user_token(tracker)
    text = tracker.latest_message.get("text") or ""
    went_through, pay_again = paid_or_not_asked(text), pay_again_asked(tracker)
    if not token or not (pay_again or went_through):
        return None
    attempts = await ask_wallet(dispatcher, lambda: wallet_client().payment_attempts(token, RECENT))
    if attempts is None:
        return []
    amount = named_amount(text)
    matching = [a for a in attempts if amount is None or _same_amount(a, amount)]
    if not matching:
        return None
    newest = matching[0]  # newest first, as the wallet lists them
    if diagnosing and went_through and newest.get("result") != "success" and not pay_again:
        return None
    response = "utter_pay_again_paid" if newest.get("result") == "success" else "utter_pay_again_failed"
    dispatcher.utter_message(response=response, time=beijing_time(newest.get("occurred_at")),
                             institution=newest.get("institution"), amount=newest.get("amount"))
    return [SlotSet("fix_flow", "info")]
