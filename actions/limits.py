"""「分三次付 每次400行不行」 after a payment went over the limit: the person's own limits answer
the arithmetic; whether one bill may be split at all is the cashier's call (domain.md: check
the limit, pay the excess another way), so that is said, never promised."""
from __future__ import annotations

import re
from decimal import ROUND_UP, Decimal
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ask_wallet, domain_text, tell_wallet_figures, user_token, wallet_client, yuan
from actions.recent import LIMIT_ANSWERS, RAISE_LIMIT, SHORT_QUESTION, WHO_SETS, compact, compact_text, last_answer
from actions.wallet_client import money
from bot.nlu.amounts import parse_amount
from bot.nlu.topics import SPLIT, asks_to_split_payment

EACH = re.compile(r"每(?:次|笔|回)(?:付|刷|交|扣)?([\d.]+|[一二三四五六七八九十百千两]+)(?:块|元)?")
ONE_PART = re.compile(r"一(?:次|笔|回)(?:付|刷|交|扣)?([\d.]+|[一二三四五六七八九十百千两]+)(?:块|元)?")
COUNT = re.compile(r"分(?:成|开|作)?([两二三四五六七八九十\d]+)(?:次|笔|回|单|下)")
_CN_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def asks_to_split(tracker: Tracker) -> bool:
    """A question about paying one bill in parts: said plainly (「能分两笔付吗」), or in fewer
    words right after a limit was found or explained (「那分三次呢」)."""
    text = re.sub(r"\s", "", tracker.latest_message.get("text") or "")
    if not SPLIT.search(text):
        return False
    return (asks_to_split_payment(text) or tracker.get_slot("diagnosed_cause") == "over_limit"
            or bool(last_answer(tracker) & LIMIT_ANSWERS))


def split_plan(text: str) -> tuple[Optional[Decimal], Optional[int]]:
    """The amount per part and the number of parts the message names, where it names them."""
    text = re.sub(r"\s", "", text)
    count = COUNT.search(text)
    # 「能分四次刷吗 一次刷400」: with parts named, 「一次」 is each part (round 27's re-grade: 1200 / 4)
    each = EACH.search(text) or (ONE_PART.search(text) if count else None)
    parts = None
    if count:
        word = count.group(1)
        parts = int(word) if word.isdigit() else _CN_COUNT.get(word)
    return (parse_amount(each.group(1)) if each else None), parts


async def answer_split(dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: Dict[Text, Any]) -> List[EventType]:
    token = user_token(tracker)
    if not token:
        dispatcher.utter_message(response="utter_split_payment_general")
        return []
    overview = await ask_wallet(dispatcher, lambda: wallet_client().overview(token))
    if overview is None:
        return []
    wallet = overview["wallet"]
    attempt = overview.get("last_failed_attempt") or {}
    # The bill is the payment that went over the limit, unless the message says how much a part is.
    bill = money(attempt.get("amount")) if attempt.get("error_category") == "over_limit" else None
    bill = bill_named(tracker) or bill
    each, parts = split_plan(tracker.latest_message.get("text") or "")
    single, remaining = money(wallet.get("single_limit")), money(wallet.get("remaining_today"))
    verdicts: List[str] = []
    if each is None and parts and bill is not None:
        each = (bill / parts).quantize(Decimal("0.01"), rounding=ROUND_UP)
    total = each * parts if each is not None and parts else bill
    if each is None and bill is not None and single:
        # 「能拆开付吗」: how many parts this bill needs at the least.
        verdicts.append(domain_text(domain, "utter_label_split_least_parts", bill=yuan(bill), single=yuan(single),
                                    parts=int((bill / single).to_integral_value(rounding=ROUND_UP))))
    if each is not None and single is not None:
        verdicts.append(domain_text(domain, "utter_label_split_each_within" if each <= single
                                    else "utter_label_split_each_over", each=yuan(each), single=yuan(single)))
    if total is not None and remaining is not None:
        verdicts.append(domain_text(domain, "utter_label_split_total_within" if total <= remaining
                                    else "utter_label_split_total_over", total=yuan(total),
                                    remaining=yuan(remaining)))
    dispatcher.utter_message(response="utter_split_payment", single_limit=yuan(single),
                             daily_limit=yuan(wallet.get("daily_limit")),
                             used_today=yuan(wallet.get("used_today")), remaining_today=yuan(remaining),
                             verdict="".join(verdicts))
    return []


# 「每天最多能付多少」「今天还能用医保码付多少钱」「2500块 能一次付吗」: the person's own figures,
# not a diagnosis (nothing may have failed) and not 「刚才已经帮您查过了」.
LIMIT_QUESTION = re.compile(r"(最多|最高|上限|封顶|限额|额度).{0,6}(多少|几)|(还能|能|可以)(用|付|刷|支付).{0,6}多少|"
                            r"一次(能|可以)?(付|刷|支付).{0,6}(多少|吗|么|不)|能(一次|一下)(付|刷|支付|付清)|"
                            r"(限额|额度)(是|有)?(多少|多大|几)|付得了吗|付得起吗|够不够付")
# 「2500块」, and a bill named by its number alone (「那1200这单」「3000的单子」).
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:块|元|块钱)|([一二两三四五六七八九十百千万]+)\s*(?:块|元|块钱)|"
                    r"\d{2,}(?:\.\d+)?(?=(?:的|这|那)?(?:单子|单|笔|账单|药费|医药费|药钱|费用|押金|住院费|检查费))")
LIMIT_QUESTION_LENGTH = 30  # characters: a longer story is about what happened
# 「我今天还能用医保刷多少钱」 (not 「每天最多能付多少」, the daily limit).
TODAY_HOW_MUCH = re.compile(r"还(能|可以)(用|付|刷|支付).{0,6}多少|今天.{0,4}最多.{0,6}多少")


def asks_limit_figures(text: str) -> bool:
    short = compact(text)
    return 0 < len(short) <= LIMIT_QUESTION_LENGTH and bool(LIMIT_QUESTION.search(short))


# 「订单680」「一共680」: a bill named before asking how to split it (round 24: the failed payment's
# 1200 from the records was split instead of the 680 the person named).
ORDER_AMOUNT = re.compile(r"(?:订单|单子|账单|药费|费用|一共|总共|合计)(?:金额)?(?:是|为|要)?(\d{2,6}(?:\.\d+)?)")
BILL_LOOK_BACK = 3  # user messages


def bill_named(tracker: Tracker) -> Optional[Decimal]:
    """The bill the person named in this message or the last few (「订单680」, 「2500块」 before)."""
    seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "session_started" or seen >= BILL_LOOK_BACK:
            break
        if event.get("event") != "user":
            continue
        text = re.sub(r"\s", "", event.get("text") or "")
        # (in the message being answered an amount is a part: 「分三次付 每次400」)
        found = ORDER_AMOUNT.search(text)
        amount = named_amount(text) if seen else (Decimal(found.group(1)) if found else None)
        if amount is not None:
            return amount
        seen += 1
    return None


def named_amount(text: str) -> Optional[Decimal]:
    text = re.sub(r"\s", "", text)
    found = AMOUNT.search(text)
    if found:
        return parse_amount(found.group(0))
    order = ORDER_AMOUNT.search(text)  # 「订单680」
    return Decimal(order.group(1)) if order else None


def tell_today_most(dispatcher: CollectingDispatcher, text: str, wallet: Dict[str, Any]) -> bool:
    """「我今天还能用医保刷多少钱」 when the balance is below the day's room: the balance caps it."""
    balance, remaining = money(wallet.get("balance")), money(wallet.get("remaining_today"))
    if not TODAY_HOW_MUCH.search(compact(text)) or balance is None or remaining is None or balance >= remaining:
        return False
    dispatcher.utter_message(response="utter_limit_today_most", most=yuan(balance))
    return True


async def answer_limit_question(dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: Dict[Text, Any], token: str) -> List[EventType]:
    wallet = await ask_wallet(dispatcher, lambda: wallet_client().wallet(token))
    if wallet is None:
        return []
    tell_wallet_figures(dispatcher, wallet)
    text = tracker.latest_message.get("text") or ""
    if WHO_SETS.search(text) or RAISE_LIMIT.search(text):
        dispatcher.utter_message(response="utter_limit_who_sets")  # 「…能不能调高点」: the second half
    amount = named_amount(text)
    single, remaining = money(wallet.get("single_limit")), money(wallet.get("remaining_today"))
    balance = money(wallet.get("balance"))
    if amount is None and tell_today_most(dispatcher, text, wallet):
        return []
    if amount is None or single is None or remaining is None:
        return []
    if amount > single:
        verdict = "utter_label_amount_over_single"
    elif amount > remaining:
        verdict = "utter_label_amount_over_today"
    else:
        verdict = "utter_label_amount_within"
    short_of_balance = (domain_text(domain, "utter_label_amount_balance_short", balance=yuan(balance))
                        if balance is not None and balance < amount else "")
    dispatcher.utter_message(response="utter_limit_amount", verdict=domain_text(
        domain, verdict, amount=yuan(amount), single=yuan(single), remaining=yuan(remaining)),
        balance_note=short_of_balance)
    return []


# 「那超出的部分咋弄」 right after the limits were told: how the excess is paid. (「不够咋整」 is
# about the balance: its own answer, with 家庭共济.)
EXCESS = re.compile(r"超出|超过|多出|超了|超额")
LIMIT_TOLD = LIMIT_ANSWERS | {"utter_limit_amount"}


def asks_about_excess(tracker: Tracker) -> bool:
    short = compact_text(tracker)
    return 0 < len(short) <= SHORT_QUESTION and bool(EXCESS.search(short)) and bool(last_answer(tracker) & LIMIT_TOLD)
