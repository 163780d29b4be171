"""Data-driven diagnosis: what the backend knows about *this* person decides the answer."""
from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.aspects import aspect_answer, aspects_of
from actions.channel_choice import remember, say_for_channels_left
from actions.charges import answer_double_charge, answer_pay_again, double_charge_due
from actions.common import (
    CREDENTIAL_STATUS_LABELS,
    GUESS_LABELS,
    INTENT_TO_CATEGORY,
    PROBLEM_INTENTS,
    ask_wallet,
    beijing_time,
    last_problem_intent,
    latest_intent,
    needs_chc,
    parse_time,
    region_label,
    said_this_session,
    say,
    tell_family_members,
    tell_wallet_figures,
    user_token,
    wallet_client,
    yuan,
)
from actions.later_question import answer_both
from actions.limits import (
    answer_limit_question,
    answer_split,
    asks_limit_figures,
    asks_to_split,
    named_amount,
    tell_today_most,
)
from actions.recent import (
    CHARGED,
    INPATIENT,
    IS_QUESTION,
    SHORT_QUESTION,
    SPECIFIC_QUESTION,
    compact,
    compact_text,
    generic_error_answer,
    last_answer,
    narrower_answer,
    question_tail,
    repeats_last_answer,
    specific_answer,
)
from actions.round22 import round22_question
from actions.round23 import round23_question
from actions.round24 import error_code_answer, round24_first, round24_story
from actions.round26 import round26_answer
from actions.round27 import cause_walkthrough, detail_after_records, round27_priority
from actions.round28 import named_in_whole
from actions.second_problem import (
    ANSWERED_WITH_BALANCE,
    answer_second,
    ordered,
    pending_asked_for,
    problems_named,
    second_problem,
    torn_between_problems,
)
from actions.wallet_client import WalletAuthError, WalletError
from bot.nlu.topics import asks_pin_for_someone, asks_relative_activation, relative_problem

logger = logging.getLogger(__name__)

Utterance = Tuple[str, Dict[str, Any]]

# Problems whose guided fix is a form; stated by the user, they lead to it whatever the cause.
FLOW_FOR_INTENT = {
    "forgot_pin": "pin_reset",
    "activate_credential": "activation",
    "region_mismatch": "region_switch",
}
FLOW_FOR_CAUSE = {
    "not_activated": "activation",
    "pin_locked": "pin_reset",
    "region_mismatch": "region_switch",
}
# Causes the person must settle with the 经办机构 or a human: offer one.
NEEDS_HUMAN = {"status_abnormal", "info_mismatch"}


@dataclass
class Diagnosis:
    cause: Optional[str]
    flow: str
    utterances: List[Utterance] = field(default_factory=list)


# 「我在支付宝里看着是激活了啊 写着已激活」: the page says one thing, the records another.
PAGE_SAYS_ACTIVE = re.compile(r"(?:显示|写着|看着|页面|上面|里).{0,6}(?:已激活|激活了|激活成功)|已经激活|明明激活")


def current_blockers(profile: Dict[str, Any]) -> List[Tuple[str, str]]:
    """What stops this person from paying right now, as (cause, Chinese phrase)."""
    blockers: List[Tuple[str, str]] = []
    status = (profile.get("credential") or {}).get("status")
    if status == "not_activated":
        blockers.append(("not_activated", "医保码还没有激活"))
    elif status in ("suspended", "terminated"):
        blockers.append(("status_abnormal", f"参保状态是「{CREDENTIAL_STATUS_LABELS[status]}」"))
    if (profile.get("credential") or {}).get("police_record_name_matches") is False:
        # A re-check must not say "all is well" while the name still differs (trial round 5).
        blockers.append(("info_mismatch", "凭证上登记的姓名和公安户籍信息还不一致"))
    if (profile.get("pin") or {}).get("locked"):
        blockers.append(("pin_locked", "支付密码仍处于锁定状态"))
    shown, real = profile.get("shown_region") or {}, profile.get("real_region") or {}
    if shown.get("code") and real.get("code") and shown["code"] != real["code"]:
        blockers.append(("region_mismatch",
                         f"医保码显示的参保地是{shown.get('name')}，实际参保地是{real.get('name')}"))
    return blockers


def diagnose_last_failure(intent: str, profile: Dict[str, Any], wallet: Dict[str, Any],
                          attempt: Optional[Dict[str, Any]]) -> Diagnosis:
    """Turn the backend's records into the answer for this person.

    The last failed attempt names the cause; the current profile tells whether it still
    applies; the user's own guess (their intent) is corrected when it is wrong.
    """
    says: List[Utterance] = []
    blockers = dict(current_blockers(profile))
    has_account = wallet.get("has_personal_account", True) and wallet.get("balance") is not None
    balance = yuan(wallet.get("balance"))
    cause = attempt.get("error_category") if attempt else None
    resolved = cause in ("not_activated", "pin_locked", "region_mismatch") and cause not in blockers
    if cause is None and blockers:
        cause = next(iter(blockers))

    if attempt:
        says.append(("utter_diag_attempt", {
            "attempt_time": beijing_time(attempt.get("occurred_at")),
            "institution": attempt.get("institution") or "医疗机构",
            "institution_region": attempt.get("institution_region_name") or "—",
            "amount": yuan(attempt.get("amount")),
        }))

    guess = INTENT_TO_CATEGORY.get(intent)
    if guess and cause and guess != cause:
        if guess == "insufficient_balance" and has_account:
            says.append(("utter_diag_correct_guess_balance", {"balance": balance}))
        else:
            says.append(("utter_diag_correct_guess", {"guess_label": GUESS_LABELS[intent]}))

    if resolved:
        says.append(("utter_diag_resolved", {"cause_label": CAUSE_LABELS[cause]}))
        flow = FLOW_FOR_INTENT.get(intent, "info")
        if flow == FLOW_FOR_CAUSE[cause]:
            flow = "info"  # never "solved" followed by the question of the fix that solved it
        return Diagnosis(cause=cause, flow=flow, utterances=says)

    says.extend(_explain(cause, profile, wallet, attempt, has_account, balance, intent))
    flow = FLOW_FOR_CAUSE.get(cause or "", "info")
    if intent in FLOW_FOR_INTENT:
        flow = FLOW_FOR_INTENT[intent]
    if cause in NEEDS_HUMAN:
        says.append(("utter_offer_human", {}))
    return Diagnosis(cause=cause, flow=flow, utterances=says)


CAUSE_LABELS = {
    "not_activated": "医保码未激活",
    "pin_locked": "支付密码锁定",
    "region_mismatch": "参保地不一致",
    "status_abnormal": "参保状态异常",
    "insufficient_balance": "个人账户余额不足",
    "over_limit": "超过支付限额",
    "network_timeout": "网络超时",
    "institution_system_error": "医院或药店的系统出错",
    "info_mismatch": "身份信息不一致",
}


def _explain(cause: Optional[str], profile: Dict[str, Any], wallet: Dict[str, Any],
             attempt: Optional[Dict[str, Any]], has_account: bool, balance: str,
             intent: str) -> List[Utterance]:
    amount = yuan((attempt or {}).get("amount"))
    if cause is None:
        if intent in FLOW_FOR_INTENT:
            return []  # nothing failed; the guided fix the user asked for follows
        if has_account:
            return [("utter_diag_no_failure", {"balance": balance}), ("utter_network_checklist", {})]
        return [("utter_diag_no_failure_resident", {}), ("utter_network_checklist", {})]
    if cause == "status_abnormal":
        status = (profile.get("credential") or {}).get("status")
        return [("utter_diag_status_abnormal",
                 {"credential_status": CREDENTIAL_STATUS_LABELS.get(status, "异常")})]
    if cause == "insufficient_balance":
        if not has_account:
            return [("utter_diag_no_personal_account", {})]
        return [("utter_diag_insufficient_balance", {"balance": balance, "amount": amount})]
    if cause == "region_mismatch":
        return [("utter_diag_region_mismatch", {
            "real_region": region_label(profile.get("real_region")),
            "shown_region": region_label(profile.get("shown_region")),
        })]
    if cause == "over_limit":
        return [("utter_diag_over_limit", {
            "amount": amount,
            "single_limit": yuan(wallet.get("single_limit")),
            "daily_limit": yuan(wallet.get("daily_limit")),
            "used_today": yuan(wallet.get("used_today")),
        })]
    if cause == "network_timeout":
        return [("utter_diag_network_timeout", {"balance": balance}), ("utter_network_checklist", {})]
    if cause == "institution_system_error":
        return [("utter_diag_institution_system_error", {
            "institution": (attempt or {}).get("institution") or "这家机构",
            "balance": balance,
        })]
    if cause in ("not_activated", "pin_locked", "info_mismatch"):
        return [(f"utter_diag_{cause}", {})]
    logger.warning("unknown error category %r", cause)
    return [("utter_generic_payment_failed", {})]


def _say(dispatcher: CollectingDispatcher, utterances: List[Utterance]) -> None:
    for response, values in utterances:
        dispatcher.utter_message(response=response, **values)


# What a question about the limits is read as besides payment_limit (「今天还能用医保码付多少钱」
# sounds like a failure); another problem named with it keeps its own answer.
LIMIT_QUESTION_READ_AS = ("payment_limit", "payment_failed", "insufficient_balance", "network_error")
# 「医保码在哪打开」「微信里咋调出来」: where the code is, not that it fails to show.
WHERE_TO_OPEN = re.compile(r"(在哪|哪里|哪儿|怎么|咋|如何|从哪)(里|儿)?(能|可以|才能)?"
                           r"(打开|找到|找|调出|弄出|出示|点开|进去)")
THE_CODE = re.compile(r"码|凭证|医保|app|小程序", re.IGNORECASE)
WHERE_TO_OPEN_LENGTH = 16


# 深圳's 二档 and children's insurance need a 社康中心 bound before hospitals take it (domain.md).
SHENZHEN_CHC = re.compile(r"深圳.{0,20}(少儿|孩子|小孩|儿子|女儿|闺女|宝宝|娃|二档)|"
                          r"(少儿|孩子|小孩|儿子|女儿|闺女|宝宝|娃|二档).{0,20}深圳")
CHC_PROBLEMS = {"payment_failed", "credential_abnormal", "system_failure", "cannot_show_code"}


def asks_where_to_open(text: str) -> bool:
    """「医保码在哪打开」, or that question after a clause of context (「我爸72了 只会用支付宝 他的医保码
    在支付宝哪里打开」: trial round 17's probe got the code-not-showing checklist)."""
    short = compact(text)
    if len(short) > WHERE_TO_OPEN_LENGTH:
        short = question_tail(text)
    return (0 < len(short) <= WHERE_TO_OPEN_LENGTH and bool(WHERE_TO_OPEN.search(short))
            and bool(THE_CODE.search(short)))


# 「收银员说还是参保地不对」: the counter still says what the records no longer do.
STILL_SAID = re.compile(r"还是|仍然|依然|还说|又说|照样")


def asks_if_locked(text: str) -> bool:
    """「我密码是不是也锁了」「密码锁了吗」: a question about the lock, not 「密码忘了」."""
    return "锁" in text and any(q in text for q in ("吗", "么", "是不是", "有没有", "会不会", "？", "?"))


# The general answer for a cause the records named (why it happens, who can change it).
GENERAL_ANSWER_OF_CAUSE = {cause: f"utter_generic_{intent}" for intent, cause in INTENT_TO_CATEGORY.items()}
# Where the general answer does not say why (or who can change it), a response that does.
WHY_OF_CAUSE = {"over_limit": "utter_why_payment_limit"}
_WHY_OR_CHANGE = ("为啥", "为什么", "咋会", "怎么会", "凭什么", "什么原因", "啥原因", "调高", "提高", "调整",
                  "能不能改", "怎么改", "改一下", "咋回事", "怎么回事")


def asks_why_or_change(text: str) -> bool:
    """「为啥会暂停啊」「能不能帮我把限额调高点」: more than a repeat of the failure."""
    return any(word in text for word in _WHY_OR_CHANGE)


def generic_walkthrough(intent: str) -> str:
    return f"utter_generic_{intent}" if intent in PROBLEM_INTENTS else "utter_generic_payment_failed"


class ActionDiagnose(Action):
    def name(self) -> Text:
        return "action_diagnose"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        # 「单笔限额多少？异地就医要备案吗」: the first question here, the later one after it.
        return await answer_both(self.answer, dispatcher, tracker, domain)

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: Dict[Text, Any]) -> List[EventType]:
        # 「已经发过去了 还把密码也说了」 after a scam warning reads as a forgotten PIN: it is about
        # that warning, what to do now (imported here: both modules import this one).
        from actions.context import about_scam, done_after_steps
        from actions.faq import ActionSecurityInfo

        if about_scam(tracker):
            return [*await ActionSecurityInfo().run(dispatcher, tracker, domain), SlotSet("fix_flow", "info")]
        if done_after_steps(tracker):
            # 「激活好啦」 after the activation steps reads as activation again: the re-check promised.
            return [*await ActionCheckStatus().run(dispatcher, tracker, domain), SlotSet("fix_flow", "info")]
        if double_charge_due(tracker):
            # 「怎么好像扣了两次钱」: the payments that were taken, not the failed ones (there are none).
            return await answer_double_charge(dispatcher, tracker)
        again = await answer_pay_again(dispatcher, tracker, diagnosing=True)
        if again is not None:
            # 「那刚才那86块没付成 要重新去交吗」 (trial round 18: the diagnosis again): the records say.
            return again
        text = tracker.latest_message.get("text") or ""
        short = compact(text)
        asked_text = short if len(short) <= SPECIFIC_QUESTION else question_tail(text)
        asked = (named_in_whole(tracker)  # rounds 28-29's topics anywhere in a long story
                 or round27_priority(asked_text, tracker)  # (its words would feed older cues)
                 or round22_question(asked_text, said_this_session(tracker), tracker)
                 or (round23_question(asked_text, said_this_session(tracker), tracker)
                     # a question after an answer: a first message tells its problem (round 23's cues
                     # would take 「医保码上还是长沙 深圳医院用不了 咋改」 for the code's place)
                     if IS_QUESTION.search(text) and said_this_session(tracker) else None)
                 # round 24's cues name their own topic (「领在分身里的」); a first message keeps the
                 # records' answer unless its story is not a failure (「支付中」, a deposit, a death)
                 or (round24_first(asked_text, tracker) if said_this_session(tracker)
                     else round24_story(text, tracker)))
        if asked == ["utter_limit_kinds"] and user_token(tracker):
            # 「限额是每天的还是每次的」 signed in (round 23: 「已经查过了」): the person's figures first
            await answer_limit_question(dispatcher, tracker, domain, user_token(tracker))
        if asked in (["utter_inpatient_deposit"], ["utter_online_pharmacy"]) and user_token(tracker) \
                and named_amount(text):
            # 「住院要交3000押金 能用医保码一次付了不」 signed in: where a deposit may be paid from the
            # account at all (round 24), then that sum against the person's limits (round 11); the same
            # for an order online (「美团买药 选了医保支付 付不了 订单680」, round 24's re-grade)
            say(dispatcher, asked, tracker)
            await answer_limit_question(dispatcher, tracker, domain, user_token(tracker))
            return [SlotSet("fix_flow", "info")]
        if asked:
            # 「刚才付了钱 不知道付成功没有」 not signed in (round 20), 「订单状态：异常 钱扣没扣啊」「到底找谁」
            # 「换了wifi还是超时」 (round 22: the causes, or 「已经查过了」): that question, for the topic in view.
            say(dispatcher, asked, tracker)
            return [SlotSet("fix_flow", "info")]
        if "utter_status_not_activated_next" in last_answer(tracker) and PAGE_SAYS_ACTIVE.search(text):
            # 「我在支付宝里看着是激活了啊」 right after the re-check said not yet: not the steps again.
            say(dispatcher, ["utter_activated_page_differs", "utter_offer_human"], tracker)
            return [SlotSet("fix_flow", "info")]
        intent = latest_intent(tracker)
        second = None
        pending = pending_asked_for(tracker)
        if pending:
            intent = pending  # 「下一个呢」 after the first fix: the problem put off for it
        elif intent in PROBLEM_INTENTS:
            # 「没激活，密码也忘了」: the classifier names one problem, the words the other.
            intent, second = ordered(intent, second_problem(text, intent))
        else:
            # Sent here by another answer (a balance question or a message the classifier could
            # not decide on that names problems): the problems its words name, else the last one.
            named = [name for name in problems_named(text)
                     if not (intent == "check_balance" and name in ANSWERED_WITH_BALANCE)]
            if named:
                intent, second = ordered(named[0], named[1] if len(named) > 1 else None)
            else:
                intent = (torn_between_problems(tracker) if intent == "nlu_fallback" else None) \
                    or last_problem_intent(tracker) or "payment_failed"
        token = user_token(tracker)
        if intent == "forgot_pin" and asks_pin_for_someone(text):
            # 「我老伴的密码我能帮她改吗」: her PIN, reset with her own face — never this person's reset.
            dispatcher.utter_message(response="utter_family_pin_reset")
            return [SlotSet("fix_flow", "info")]
        if intent == "activate_credential" and asks_relative_activation(text) and "共济" not in text:
            # 「他要自己激活吗」 after a story about a father: his ID and face, not this person's records.
            dispatcher.utter_message(response="utter_relative_activation")
            return [SlotSet("fix_flow", "info")]
        if token and relative_problem(text):
            # 「医院说是孩子的医保用不了 不是我的」: not this person's records but the family's.
            dispatcher.utter_message(response="utter_relative_problem")
            try:
                members = await tell_family_members(dispatcher, tracker, domain)
                if any(map(needs_chc, members)):
                    dispatcher.utter_message(response="utter_chc_info")  # what the flag asks for
            except WalletError as exc:
                logger.warning("family bindings unavailable: %s", exc)  # the general answer stands
            tonight = detail_after_records(text, tracker)
            if tonight:  # 「孩子发烧 码用不了 今晚咋办」: where to go now too (round 28: the family list alone)
                say(dispatcher, tonight, tracker)
            return [SlotSet("fix_flow", "info")]
        if asks_to_split(tracker):
            # 「分三次付 每次400行不行」 after the limit: the arithmetic, not the diagnosis again.
            # (fix_flow "info": the rules end the turn on it, whatever flow ran before.)
            return [*await answer_split(dispatcher, tracker, domain), SlotSet("fix_flow", "info")]
        if (asks_limit_figures(text) and second is None and intent in LIMIT_QUESTION_READ_AS
                and not (INPATIENT.search(text) and named_amount(text) is None)):
            # (「住院费好几千 一次付不完咋办」 names no amount: the stay, answered by narrower below)
            # 「每天最多能付多少」「2500块 能一次付吗」: the person's limits, whatever failed or not.
            if token:
                return [*await answer_limit_question(dispatcher, tracker, domain, token),
                        SlotSet("fix_flow", "info")]
            intent = "payment_limit"
        if asks_where_to_open(text):
            # 「医保码在哪打开」 after a diagnosis reads as the code not showing: how to open it.
            from actions.faq import ActionHowToPay

            return [*await ActionHowToPay().run(dispatcher, tracker, domain), SlotSet("fix_flow", "info")]
        # A longer message is judged by its last clauses only when it names no problem of its own.
        # (「…要去广州住院 异地就医备案在哪弄」 names a region, yet asks where to register)
        narrower = narrower_answer(tracker, stories=False,
                                   tail=not problems_named(text) or "备案" in question_tail(text))
        if narrower:
            # 「备案在哪弄」 after the 异地就医 answer reads as the same problem: answer the part asked.
            say(dispatcher, narrower, tracker)
            return [SlotSet("fix_flow", "info")]
        # A remembered channel the person has since ruled out must not pick the fix's channel.
        channels = remember(tracker)
        anonymous_flow = FLOW_FOR_INTENT.get(intent, "info")
        if anonymous_flow == "region_switch":
            anonymous_flow = "info"  # records can only be listed for a signed-in person
        if not token and repeats_last_answer(tracker, generic_walkthrough(intent)):
            # Asked again in other words: nothing narrower to say, so no second copy.
            dispatcher.utter_message(response="utter_no_narrower_answer")
            dispatcher.utter_message(response="utter_offer_human")
            return [SlotSet("fix_flow", "info")]
        generic_error = generic_error_answer(tracker)
        if generic_error and intent in PROBLEM_INTENTS:
            say(dispatcher, generic_error, tracker)  # 「就写了支付失败请重试 别的啥也没有 那咋办」
            return [SlotSet("fix_flow", "info"), *channels]
        if not token and intent in CHC_PROBLEMS and SHENZHEN_CHC.search(text):
            # 「深圳的 孩子少儿医保 去医院刷不了医保码」: the 社康中心 binding first (domain.md), not
            # nine causes with the one that fits buried among them.
            say(dispatcher, ["utter_chc_likely", "utter_offer_sign_in"], tracker)
            return [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", None), *channels]
        coded = error_code_answer(tracker) if not token and intent == "payment_failed" and second is None else None
        if coded:
            # 「付款的时候提示错误码1101」: the code named back, and why it alone says nothing (no
            # official table), instead of nine causes and 「告诉我提示了什么」 after it was told
            dispatcher.utter_message(**coded)
            if "utter_offer_sign_in" not in said_this_session(tracker):
                dispatcher.utter_message(response="utter_offer_sign_in")
            return [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", None), *channels]
        if not token:
            own_cause = cause_walkthrough(intent, text) if second is None else None
            if own_cause:  # 「我换了新手机 医保码激活不了」: that cause, not the list of all of them
                say(dispatcher, own_cause, tracker)
            else:
                say_for_channels_left(dispatcher, tracker, generic_walkthrough(intent))
            also = answer_second(dispatcher, domain, second, main=intent, flow=anonymous_flow)
            if "utter_offer_sign_in" not in said_this_session(tracker):
                # once a conversation (trial round 19: 13 times in 22 conversations, after every answer)
                dispatcher.utter_message(response="utter_offer_sign_in")
            return [SlotSet("fix_flow", anonymous_flow), SlotSet("diagnosed_cause", None), *also, *channels]
        client = wallet_client()
        try:
            # The three reads in one request (GET /me/overview): one round trip, one sign-in check.
            overview = await client.overview(token)
            profile, wallet, attempt = overview["profile"], overview["wallet"], overview["last_failed_attempt"]
        except WalletAuthError:
            dispatcher.utter_message(response="utter_sign_in_expired")
            say_for_channels_left(dispatcher, tracker, generic_walkthrough(intent))
            also = answer_second(dispatcher, domain, second, main=intent, flow=anonymous_flow)
            return [SlotSet("fix_flow", anonymous_flow), SlotSet("diagnosed_cause", None), *also, *channels]
        except WalletError as exc:
            logger.warning("diagnosis without backend: %s", exc)
            dispatcher.utter_message(response="utter_backend_down")
            say_for_channels_left(dispatcher, tracker, generic_walkthrough(intent))
            also = answer_second(dispatcher, domain, second, main=intent, flow="info")
            dispatcher.utter_message(response="utter_offer_human")
            return [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", "backend_unavailable"), *also, *channels]
        if (intent == "forgot_pin" and asks_if_locked(text)
                and not (profile.get("pin") or {}).get("locked")):
            # A question about the lock, and it is not locked: the answer, not a reset.
            dispatcher.utter_message(response="utter_pin_not_locked")
            also = answer_second(dispatcher, domain, second, main=intent, flow="info", signed_in=True,
                                 wallet=wallet)
            return [SlotSet("fix_flow", "info"), *also, *channels]
        if (intent == "forgot_pin" and tracker.get_slot("diagnosed_cause") == "not_activated"
                and (profile.get("credential") or {}).get("status") == "not_activated"):
            # 「那密码咋办」 after being told the code is not activated: the PIN is set at the
            # last step of activation, so there is nothing to reset (not the diagnosis again).
            dispatcher.utter_message(response="utter_pin_set_at_activation")
            return [SlotSet("fix_flow", "info"), *channels]
        diagnosis = diagnose_last_failure(intent, profile, wallet, attempt)
        if (second in FLOW_FOR_INTENT and INTENT_TO_CATEGORY.get(second) == diagnosis.cause
                and INTENT_TO_CATEGORY.get(intent) != diagnosis.cause):
            # The records confirm the second problem, not the first: its fix is the one to run.
            diagnosis.flow = FLOW_FOR_INTENT[second]
        if _already_told(tracker, diagnosis, attempt):
            narrower = narrower_answer(tracker, stories=False)
            if narrower:
                # 「那我明天复查还得刷 能把单笔限额调到2000不」: the question at its end, not the cause again.
                say(dispatcher, narrower, tracker)
                return [SlotSet("fix_flow", "info"), *channels]
            general = WHY_OF_CAUSE.get(diagnosis.cause or "") or GENERAL_ANSWER_OF_CAUSE.get(diagnosis.cause or "")
            if general and asks_why_or_change(text):
                # 「为啥会暂停啊」「能不能把限额调高」: what the records cannot say, in general terms,
                # first (trial round 16: 「记录没有变化」 before it read as no answer)
                dispatcher.utter_message(response=general)
            else:
                # 「怎么没反应？？」 after the answer: refer to it instead of three bubbles again.
                dispatcher.utter_message(response="utter_already_diagnosed",
                                         cause_label=CAUSE_LABELS[diagnosis.cause])
            also = answer_second(dispatcher, domain, second, main=intent, flow="info",
                                 cause=diagnosis.cause, signed_in=True, wallet=wallet)
            return [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", diagnosis.cause), *also, *channels]
        told_place = place_kind(text)
        if attempt and told_place and place_kind(attempt.get("institution") or "") not in (None, told_place):
            # 「在药店付不了」 and the last failure is a hospital's (trial round 27: that payment named
            # as if it were the story's): say so before the records.
            dispatcher.utter_message(response="utter_diag_other_place", told_place=told_place)
        # The offer of a human stays last, after what is said about the second problem.
        offer = diagnosis.utterances[-1:] if diagnosis.utterances[-1:] == [("utter_offer_human", {})] else []
        _say(dispatcher, diagnosis.utterances[:len(diagnosis.utterances) - len(offer)])
        if (diagnosis.cause == "region_mismatch" and STILL_SAID.search(text)
                and any(name == "utter_diag_resolved" for name, _ in diagnosis.utterances)):
            # 「收银员说还是参保地不对」 after the switch: the code on screen predates it, or their side.
            say(dispatcher, ["utter_region_refresh_code", "utter_offer_human"], tracker)
            return [SlotSet("fix_flow", "info"), SlotSet("diagnosed_cause", diagnosis.cause), *channels]
        if diagnosis.cause == "network_timeout" and CHARGED.search(compact(text)):
            # 「…我又用现金付了一遍，担心医保那边是不是也扣了钱」: the records answer that too.
            dispatcher.utter_message(response="utter_timeout_not_charged")
        if diagnosis.flow == "region_switch":
            try:
                regions = await client.regions(token)
            except WalletError:
                regions = []
            if len(regions) == 1:  # nothing to switch to: explain transfer and 备案 instead
                dispatcher.utter_message(response="utter_region_single_record",
                                         region=regions[0].get("region_name"))
                diagnosis.flow = "info"
        detail = detail_after_records(text, tracker)
        if detail:  # 「…是不是省电模式的问题」: the records, then the detail asked about
            say(dispatcher, detail, tracker)
        also = answer_second(dispatcher, domain, second, main=intent, flow=diagnosis.flow,
                             cause=diagnosis.cause, signed_in=True, wallet=wallet)
        _say(dispatcher, offer)
        return [SlotSet("fix_flow", diagnosis.flow), SlotSet("diagnosed_cause", diagnosis.cause), *also, *channels]


# What kind of place a story or an institution's name is: a pharmacy or a hospital (clinics too).
PHARMACY = re.compile(r"药店|药房|药铺|大药房|同仁堂|药业|医药连锁")
HOSPITAL = re.compile(r"医院|卫生院|诊所|卫生服务中心|社康|门诊部|卫生室|医疗中心")


def place_kind(text: str) -> Optional[str]:
    """「药店」 or 「医院」 when the text names only one kind of place, else None."""
    pharmacy, hospital = bool(PHARMACY.search(text)), bool(HOSPITAL.search(text))
    return "药店" if pharmacy and not hospital else "医院" if hospital and not pharmacy else None


def _already_told(tracker: Tracker, diagnosis: Diagnosis,
                  attempt: Optional[Dict[str, Any]] = None) -> bool:
    """This cause was already explained in this session and nothing changed since.

    Only for causes without a guided fix still to run (a fix that was left can be started
    again by asking again); a resolved cause, or a failed attempt newer than the last
    diagnosis, is news and is said in full."""
    if diagnosis.cause not in CAUSE_LABELS or diagnosis.flow != "info":
        return False
    if any(name == "utter_diag_resolved" for name, _ in diagnosis.utterances):
        return False
    if tracker.get_slot("diagnosed_cause") != diagnosis.cause:
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if event.get("event") == "action" and event.get("name") == "action_diagnose":
            return not _newer_than(attempt, event.get("timestamp"))
    return False


def _newer_than(attempt: Optional[Dict[str, Any]], told_at: Optional[float]) -> bool:
    if not attempt or not attempt.get("occurred_at") or not told_at:
        return False
    occurred = parse_time(attempt["occurred_at"])
    if occurred is None:
        return True  # unreadable: rather say it all again than claim nothing changed
    return occurred.timestamp() > float(told_at)


# Questions that sound like a done-report (actions.recent.specific_question).
QUESTIONS_AFTER_DONE = {"utter_chc_after_bind", "utter_pin_after_reset", "utter_no_reactivation_after_fix"}
# Aspects (actions.aspects) of a question read as 「还是不行」 that a re-check would not answer.
ASKED_NOT_DONE = {"whose", "double_charge", "network_fine", "reimburse", "prevent"}


class ActionCheckStatus(Action):
    """"我已经改好了，现在可以了吗": look again instead of trusting the user's word."""

    def name(self) -> Text:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        # 「我已经点了」 after a scam warning reads like "I did it, check now": it is about that
        # warning, answered with the channels to check (imported here: both modules import this one).
        from actions.context import about_last_answer
        from actions.faq import ActionSecurityInfo

        if about_last_answer(tracker):
            return await ActionSecurityInfo().run(dispatcher, tracker, domain)
        own = named_in_whole(tracker)
        if own and IS_QUESTION.search(tracker.latest_message.get("text") or ""):
            # 「附近哪家能用 你能帮我查一下吗」 (round 29: 「一切正常，可以再去付一次款了」)
            say(dispatcher, own, tracker)
            return []
        asked = specific_answer(tracker)
        if asked and set(asked) & QUESTIONS_AFTER_DONE:
            # 「弄完了就能用了吗」「重置完了要等多久」 sound like "done": they ask, nothing was done yet.
            say(dispatcher, asked, tracker)
            return []
        short = compact_text(tracker)
        narrow = aspect_answer(short, last_answer(tracker), tracker) \
            if len(short) <= SHORT_QUESTION and set(aspects_of(short)) & ASKED_NOT_DONE else None
        if narrow:
            # 「是我的问题还是药店的问题」「我网络好好的」 read as 「还是不行」: the line for it (trial round 16)
            say(dispatcher, narrow, tracker)
            return []
        token = user_token(tracker)
        if not token:
            asked = round26_answer(short, tracker)
            if asked:
                say(dispatcher, asked, tracker)  # a question, not a re-check: nothing to sign in for
                return []
            # 「激活好了」 right after the activation steps (which promise a re-check): how to use it
            # now, and the sign-in the re-check needs.
            steps = bool(last_answer(tracker) & ACTIVATION_STEPS)
            dispatcher.utter_message(response="utter_activation_done_anonymous" if steps else "utter_sign_in_to_check")
            return []
        client = wallet_client()
        ticket_id = tracker.get_slot("pin_ticket_id")

        async def fetch():
            async def ticket():
                return await client.pin_reset_status(token, ticket_id) if ticket_id else None
            return await asyncio.gather(client.profile(token), client.wallet(token), ticket())

        found = await ask_wallet(dispatcher, fetch)
        if found is None:
            return []
        profile, wallet, ticket = found
        if ticket is not None:
            if ticket.get("status") == "completed" and not ticket.get("pin_locked"):
                dispatcher.utter_message(response="utter_pin_reset_done")
            else:
                dispatcher.utter_message(response="utter_pin_reset_pending",
                                         ticket_state=_TICKET_STATES.get(ticket.get("status"), "处理中"))
        credential = profile.get("credential") or {}
        dispatcher.utter_message(
            response="utter_status_exact",
            credential_status=CREDENTIAL_STATUS_LABELS.get(credential.get("status"), "状态未知"),
            shown_region=region_label(profile.get("shown_region")),
            pin_state="已锁定" if (profile.get("pin") or {}).get("locked") else "正常",
            balance=(f"{yuan(wallet.get('balance'))}元" if wallet.get("balance") is not None
                     else "无（居民医保没有个人账户）"),
        )
        blockers = current_blockers(profile)
        if blockers:
            dispatcher.utter_message(response="utter_status_still_blocked",
                                     blockers="；".join(text for _, text in blockers))
            if blockers[0][0] == "not_activated":
                # 「我在支付宝里看着是激活了啊」: what makes the page and the records differ.
                dispatcher.utter_message(response="utter_status_not_activated_next")
        elif phone_side(tracker):
            # The records are fine but the APP will not open: "go and pay again" would not help.
            dispatcher.utter_message(response="utter_status_all_good_phone")
        elif PAID_ALREADY.search(tracker.latest_message.get("text") or ""):
            # 「我已经扫了280了 咋办」 read as done (round 33: 「可以再去付一次款了」 — a double payment)
            dispatcher.utter_message(response="utter_status_all_good_paid")
        elif latest_intent(tracker) == "still_not_working":
            # 「我换了个地方又试了 还是不行」: it just failed again, so not "go and pay again" but
            # where else it can be, and what to try.
            dispatcher.utter_message(response="utter_status_all_good_still_failing")
        else:
            dispatcher.utter_message(response="utter_status_all_good")
        return []


def phone_side(tracker: Tracker) -> bool:
    """The trouble is the phone or the APP (found earlier, or described in this message)."""
    from actions.context import SYMPTOM

    return (tracker.get_slot("diagnosed_cause") == "phone_app"
            or bool(SYMPTOM.search(tracker.latest_message.get("text") or "")))


# money already handed over in this message: the records being fine must not send the person to pay again
PAID_ALREADY = re.compile(r"(已经|都|刚)(扫|付|交|转)(了|过)|(扫|付|交|转)了\s*\d+|钱(已经|都)?(扣|付|交)了")
ACTIVATION_STEPS = {f"utter_activation_steps_{channel}" for channel in ("app", "wechat", "alipay")}
_TICKET_STATES = {"pending": "等待刷脸", "face_verified": "已刷脸、还没设置新密码",
                  "expired": "已过期，请重新申请", "completed": "已完成"}


class ActionShowWallet(Action):
    def name(self) -> Text:
        return "action_show_wallet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        # 「单笔限额多少？异地就医要备案吗」: the first question here, the later one after it.
        return await answer_both(self.answer, dispatcher, tracker, domain)

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: Dict[Text, Any]) -> List[EventType]:
        token = user_token(tracker)
        if not token:
            asked = round26_answer(compact_text(tracker), tracker)
            if asked:  # 「那我余额他们能看到吗」 asks about the pharmacy, not for the balance (round 26)
                say(dispatcher, asked, tracker)
                return []
            dispatcher.utter_message(response="utter_sign_in_to_check")
            return self.then_problem(tracker)
        wallet = await ask_wallet(dispatcher, lambda: wallet_client().wallet(token))
        if wallet is None:
            return []
        tell_wallet_figures(dispatcher, wallet)
        tell_today_most(dispatcher, tracker.latest_message.get("text") or "", wallet)
        return self.then_problem(tracker)

    @staticmethod
    def then_problem(tracker: Tracker) -> List[EventType]:
        """「码出不来，还有我卡里还剩多少钱」: the balance, then the problem beside it."""
        if (latest_intent(tracker) == "check_balance" and not tracker.active_loop_name
                and any(name not in ANSWERED_WITH_BALANCE
                        for name in problems_named(tracker.latest_message.get("text") or ""))):
            return [FollowupAction("action_diagnose")]
        return []
