"""Messages that only make sense in context: 「那我咋办嘛」 after a diagnosis, 「还是不行」 after a
fix, 「好的」 after a human was offered, and the phone-side failures that need device steps."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Set, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.aspects import SCAM_ANSWERS
from actions.channel_choice import CHANNELS, ruled_out
from actions.charges import answer_payments
from actions.common import HUMAN_OFFERS, PROBLEM_INTENTS, ask_wallet, said_this_session, say, user_token, wallet_client
from actions.diagnosis import ActionCheckStatus, ActionShowWallet, phone_side
from actions.flows import form_label, form_next
from actions.forms import typed_revoke
from actions.handoff import ActionHandoff, open_ticket_of, tell_open_ticket
from actions.limits import (
    LIMIT_TOLD,
    answer_limit_question,
    answer_split,
    asks_about_excess,
    asks_limit_figures,
    asks_to_split,
    named_amount,
)
from actions.recent import (
    APP_FINE,
    ASKS_STEPS,
    CLAUSE_BREAK,
    IS_QUESTION,
    SHORT_QUESTION,
    WHY_FIRST,
    WHY_ONLY,
    compact,
    compact_text,
    generic_error_answer,
    last_answer,
    narrower_answer,
    pushback_answer,
    specific_answer,
)
from actions.repeats import resend, same_question_answers
from actions.round22 import TODAY_MEDICINE
from actions.round23 import round23_question, scan_still
from actions.round24 import error_code_answer, not_sent_yet, round24_first, round24_question
from actions.round25 import failure_told
from actions.round27 import round27_priority, round27_question
from actions.second_problem import pending_asked_for
from bot.nlu.later import DONE_LENGTH, says_done
from bot.nlu.resend import asks_to_resend
from bot.nlu.scam import bank_card_given, gave_away
from bot.nlu.topics import FAMILY_WORDS, old_device

# Intents that carry no topic of their own: look further back for what the person meant.
CONTEXT_FREE = {"follow_up", "still_not_working", "affirm", "deny", "thank", "greet", "inform",
                "nlu_fallback", "stop", "share_sensitive_data", "other_language", "verify_phone",
                "goodbye", "try_later", "ticket_status"}
HOW_TO = {"how_to_pay", "medical_wallet", "family_binding", "what_is_credential", "faq",
          "payment_limit+medical_wallet"}
# After the balance, 「那咋办」「不够咋整」 asks how to pay what it does not cover.
BALANCE = {"check_balance", "check_balance+how_to_pay", "check_balance+payment_limit",
           "check_balance+family_binding"}
# The steps of a fix that end with 「…好了告诉我」: a done after them asks for the re-check.
FIX_STEPS = {"utter_activation_steps_app", "utter_activation_steps_wechat", "utter_activation_steps_alipay",
             "utter_activation_troubles", "utter_pin_ticket", "utter_region_switched"}
# 「激活好啦」「弄好喽」: the NLU guard's done (bot.nlu.later) ends in 了 only.
DONE_OTHERWISE = re.compile(r"(弄|搞|激活|改|设置?|切换|办|装|重置|绑)(好|完)(啦|喽|咯|嘞|哒|哈)|激活了|弄完|搞好")


def done_after_steps(tracker: Tracker) -> bool:
    """「弄好了」「激活好啦」 right after the steps of a fix, whatever intent it was read as."""
    text = tracker.latest_message.get("text") or ""
    short = compact(text)
    return (0 < len(short) <= DONE_LENGTH and (says_done(text) or bool(DONE_OTHERWISE.search(short)))
            and not NOT_YET.search(short) and bool(last_answer(tracker) & FIX_STEPS))


NOT_YET = re.compile(r"没|不了|不上|失败|不行|咋|怎么|如何|吗|么|[?？]")
# Asked again right after one of these: one more concrete step, then the person.
FURTHER = {"utter_app_troubleshoot_after": ["utter_app_next_step", "utter_offer_human"],
           # not signed in, the general answer given: the error text on the screen tells the cause
           "utter_offer_sign_in": ["utter_follow_up_error_text", "utter_offer_human"],
           # how to check and switch the region (or 备案) yourself, before a person
           "utter_generic_region_mismatch": ["utter_region_check_steps", "utter_offer_human"],
           # 「那咋办」 after the balance was found short: the rest is paid another way, then a person
           "utter_generic_insufficient_balance": ["utter_pay_excess", "utter_offer_human"],
           # 「然后呢」 after the network steps: another channel's code or the card, nothing was charged
           "utter_network_checklist": ["utter_timeout_next", "utter_offer_human"],
           # 「那咋办」 after the reasons for a paused insurance (trial round 16: only a person
           # offered): where to go, and today's medicine
           "utter_generic_credential_abnormal": ["utter_jingban_where", "utter_today_status_abnormal",
                                                 "utter_offer_human"]}
# The device steps (actions.recent.APP_ANSWERS) after which 「那咋办」 gets the easiest next step.
APP_STEPS = {"utter_app_troubleshoot", "utter_app_troubleshoot_after", "utter_app_old_phone"}
# The ways to pay told with the channels left after some were ruled out.
HOW_TO_PAY_ANSWERS = {"utter_how_to_pay_generic", "utter_how_to_pay_others", "utter_ask_pay_channel_others"}
# 「那她自己咋弄」 after an answer about a family member's code (a screenshot, binding).
THIRD_PERSON = re.compile(r"她|他|老娘|老爷子|老太太|" + FAMILY_WORDS)

# The cause the backend found -> what to do about it (not the whole diagnosis again).
NEXT_STEP = {
    "not_activated": ["utter_generic_activate_credential"],
    "status_abnormal": ["utter_generic_credential_abnormal", "utter_offer_human"],
    "insufficient_balance": ["utter_generic_insufficient_balance"],
    "region_mismatch": ["utter_generic_region_mismatch"],
    "over_limit": ["utter_generic_payment_limit"],
    "network_timeout": ["utter_network_checklist"],
    "institution_system_error": ["utter_system_failure_pay_now"],  # the diagnosis gave the causes
    "pin_locked": ["utter_generic_forgot_pin"],
    "info_mismatch": ["utter_generic_info_mismatch", "utter_offer_human"],
    "backend_unavailable": ["utter_offer_human"],
    "phone_app": ["utter_app_troubleshoot_after"],
}


def previous_bot_responses(tracker: Tracker) -> Set[str]:
    """Names of the responses the assistant sent in its last turn before this message."""
    names: Set[str] = set()
    seen_message = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if not seen_message:
            seen_message = kind == "user"
            continue
        if kind == "user":
            break
        if kind == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                names.add(name)
    return names


def previous_topic(tracker: Tracker) -> Optional[str]:
    """The intent of the last earlier message in this session that had a topic of its own."""
    seen_message = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            return None
        if kind != "user":
            continue
        if not seen_message:
            seen_message = True
            continue
        if compact(event.get("text") or "").isdigit():
            continue  # an SMS code or a number: whatever the classifier made of it, no topic
        name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if name and name not in CONTEXT_FREE:
            return name
    return None


def last_diagnosis_was_anonymous(tracker: Tracker) -> bool:
    """The last problem this session was answered without the person's records (the general
    fix and a sign-in offer), and nothing personal has been said since."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        name = (event.get("metadata") or {}).get("utter_action") or ""
        if event.get("event") == "bot" and (name.split("_")[:2] == ["utter", "diag"] or name in PERSONAL_ANSWERS):
            return False
        if event.get("event") == "bot" and name == "utter_offer_sign_in":
            return True
    return False


# Answers read from the person's records (besides the diagnosis's utter_diag…): after them,
# not anonymous.
PERSONAL_ANSWERS = {"utter_already_diagnosed", "utter_pin_not_locked", "utter_status_exact",
                    "utter_wallet_figures", "utter_wallet_resident"}


# A short question about the answer just given (its link, whether the message it warned about is
# real), whatever intent NLU made of it: 「那链接在哪」 reads like a security question and
# 「这是真的吗 怎么弄」 like a scam report, but both ask about that answer.
ASKS_LINK = re.compile(r"链接|网址|网页|网站|页面|link", re.IGNORECASE)
ASKS_REAL = re.compile(r"真的|真假|假的|是真|骗|靠谱|可信|能信|官方|能点|能不能点|可以点|要不要理")
SAFE = re.compile(r"安全|放心|没问题吧|有没有风险|有风险")
ASKS_HOW = re.compile(r"怎么|咋|然后|办|弄|处理")
# The PIN answers: utter_pin_* (the ticket, each channel's path, the rules, the link answers).
PIN_ANSWERS = ("utter_generic_forgot_pin", "utter_generic_forgot_pin_left", "utter_diag_pin_locked")
# 「要报警不」「钱会不会没了」「打12393要钱不」「要不要换手机号」 after a scam warning or a theft: that
# one question, answered about the scam (first match wins: 「打12393要钱不」 is about the hotline).
SCAM_QUESTIONS = ((re.compile(r"12393|热线"), "utter_scam_hotline"),
                  (re.compile(r"报警|报案|110|派出所|警察"), "utter_scam_police"),
                  (re.compile(r"换.{0,2}(?:手机)?号|手机号.{0,3}换|换手机"), "utter_scam_change_number"),
                  (re.compile(r"钱|余额|个人账户|个账"), "utter_scam_money"))
# 「我已经点了」「验证码已经告诉他了」 after a scam warning: only what to do now, however it was read
# (check_status, security_info...). Longer than a short question: it still says nothing new.
ALREADY_DONE = re.compile(r"已经|点了|点进|点开了|填了|输了|输入了|告诉[他她对]|给[他她]了|给了|报给|发给|"
                          r"发过去|转了|被骗|上当")
ALREADY_DONE_LENGTH = 40
# 「我已经挂了」「没点」: nothing was given away.
NOT_DONE = re.compile(r"没有?[点填给告说报输转发]|挂了|挂断|删了|拉黑")

# What to do now, for a secret already given away: before any prevention text (trial round 6).
NOW_STEPS = "utter_scam_already"


def says_given_away(text: str) -> bool:
    """「已经发过去了」「验证码告诉他了」: said after a warning, the secret is gone already."""
    short = compact(text)
    return bool(gave_away(text) or (len(short) <= ALREADY_DONE_LENGTH and ALREADY_DONE.search(short)
                                    and not NOT_DONE.search(short)))


def steps_first(names: List[str], tracker: Tracker) -> List[str]:
    """After a warning, a secret given away gets what to do now: not the prevention half
    (utter_scam_next_steps) nor the verdict again (utter_scam_called_out) before it."""
    earlier = said_this_session(tracker)
    if not earlier & SCAM_ANSWERS or not says_given_away(tracker.latest_message.get("text") or ""):
        return names
    if NOW_STEPS in earlier and NOW_STEPS not in names:
        return names  # told already: whatever else was asked
    rest = [name for name in names if name not in ("utter_scam_called_out", "utter_scam_next_steps",
                                                    "utter_scam_warning", NOW_STEPS)]
    return [NOW_STEPS, *rest]


def about_scam(tracker: Tracker) -> Optional[List[str]]:
    """about_last_answer, only where it is about a scam warning (an answer of its own, whatever
    intent the message was read as: 「已经发过去了 还把密码也说了」 reads as a forgotten PIN)."""
    about = about_last_answer(tracker)
    return about if about and last_answer(tracker) & SCAM_ANSWERS else None


def about_last_answer(tracker: Tracker) -> Optional[List[str]]:
    """The answer to a short question about the last answer (the PIN-reset link, whether the
    scam it warned about is real), or None when the message is not one."""
    text = tracker.latest_message.get("text") or ""
    short = compact(text)
    if not short or "http" in text.lower():
        return None  # a pasted message: answered for itself
    said = last_answer(tracker)
    if said & SCAM_ANSWERS and len(short) <= ALREADY_DONE_LENGTH and bank_card_given(short):
        # 「还填了银行卡号和验证码」 (trial round 22: the sign-in, then only a human offered): the bank first
        return ["utter_scam_bank_card" if "utter_scam_bank_card" not in said else "utter_offer_human"]
    if (said & SCAM_ANSWERS and len(short) <= ALREADY_DONE_LENGTH and ALREADY_DONE.search(short)
            and not NOT_DONE.search(short)):
        return ["utter_scam_already" if "utter_scam_already" not in said else "utter_offer_human"]
    if len(short) > SHORT_QUESTION:
        return None  # a new story: answered for itself
    if said & SCAM_ANSWERS and not_sent_yet(short) and "utter_scam_not_sent" not in said:
        return ["utter_scam_not_sent"]  # 「我还没发 他说不发就冻结」 (round 24's re-grade: the theft steps)
    if said & (SCAM_ANSWERS | {"utter_theft_steps"}):
        asked = next((name for pattern, name in SCAM_QUESTIONS if pattern.search(short)), None)
        if asked:
            return [asked if asked not in said else "utter_offer_human"]
    about_pin = any(name.split("_")[:2] == ["utter", "pin"] or name in PIN_ANSWERS for name in said)
    if about_pin and ASKS_LINK.search(short):
        if tracker.get_slot("pin_ticket_id") and (ASKS_REAL.search(short) or SAFE.search(short)):
            names = ["utter_pin_link_safe"]  # 「这个链接安全吗 不会是骗子吧」: ours, and why
        elif tracker.get_slot("pin_ticket_id"):
            names = ["utter_pin_link_above"]  # sent in this conversation; never a PIN in chat
        else:
            names = ["utter_pin_link_none" if user_token(tracker) else "utter_pin_link_sign_in"]
    elif said & SCAM_ANSWERS and (ASKS_REAL.search(short) or ASKS_HOW.search(short)):
        # 「是真的吗」: the verdict first; 「然后呢」: what to do next; the other one if asked again
        order = ["utter_scam_verdict", "utter_scam_next_steps"]
        names = order if ASKS_REAL.search(short) else order[::-1]
    else:
        return None
    return [next((name for name in names if name not in said), "utter_offer_human")]


HOW_ONLY = re.compile(r"^(那|所以|那我|我)?(现在|到底)?(该|要)?(咋办|怎么办|咋整|怎么整|咋弄|怎么弄|怎么处理)"
                      r"(呢|啊|嘛|呀|捏)*$")


def diagnosis_due(tracker: Tracker) -> bool:
    """A short question that only the person's records can answer: why it failed, right
    after a diagnosis, or right after signing in to learn it (「所以到底是啥原因」)."""
    if not user_token(tracker):
        return False
    short = compact_text(tracker)
    if not short or len(short) > SHORT_QUESTION:
        return False
    if previous_topic(tracker) in PROBLEM_INTENTS and last_diagnosis_was_anonymous(tracker):
        # only a why or a what-now: 「今天天气咋样」 has a 咋 too and stays out of scope
        return bool(WHY_ONLY.search(short) or HOW_ONLY.search(short) or "原因" in short)
    told = last_answer(tracker)
    diagnosed = any(name.split("_")[:2] == ["utter", "diag"] for name in told) or "utter_already_diagnosed" in told
    # 「为啥会这样啊 我每年都按时交了钱的」 (trial round 17: 「帮不上忙」): the why, then why not
    clauses = [compact(c) for c in CLAUSE_BREAK.split(tracker.latest_message.get("text") or "") if compact(c)]
    why_then_reason = len(clauses) > 1 and bool(WHY_THIS.search(clauses[0]))
    return diagnosed and bool(tracker.get_slot("diagnosed_cause")) and bool(WHY_ONLY.search(short) or why_then_reason)


WHY_THIS = re.compile(r"^(那|可|但)?(为啥|为什么|咋|怎么)会?(这样|这个样子|这么回事)(呀|啊|呢|嘛|的)*$")


# 「能把我医保卡里的钱转给我老婆吗」「个账能提现吗」: moving the personal account's money to
# someone else or out as cash, which is not possible; read as family binding or the wallet, it
# got binding steps. The answer says what does exist (家庭共济, wallet transfers, 亲情账户).
_ACCOUNT_MONEY = re.compile(r"钱|余额|个人账户|个账|医保卡里|卡里")
_MOVE_OUT = re.compile(r"转(?!人工)|提现|取现|取出|取钱|提出|提取|套现|划给|划到|划走")


def asks_to_move_money(text: str) -> bool:
    return bool(_ACCOUNT_MONEY.search(text) and _MOVE_OUT.search(text))


# 「那地方呢 显示的对不对」「参保地对吗」: is the region the code shows right.
REGION_WORDS = re.compile(r"地方|参保地|地区|城市|哪里的|哪儿的")
IS_IT_RIGHT = re.compile(r"对不对|对吗|对么|对不|是不是|有没有问题|没问题吧|有问题吗|正确|错了吗|错没错")


def asks_if_region_right(short: str) -> bool:
    return 0 < len(short) <= SHORT_QUESTION and bool(REGION_WORDS.search(short)
                                                       and IS_IT_RIGHT.search(short))


async def tell_region(dispatcher: CollectingDispatcher, token: str) -> List[EventType]:
    profile = await ask_wallet(dispatcher, lambda: wallet_client().profile(token))
    if profile is None:
        return []
    shown, real = profile.get("shown_region") or {}, profile.get("real_region") or {}
    if shown.get("code") and shown.get("code") == real.get("code"):
        dispatcher.utter_message(response="utter_region_matches", region=shown.get("name"))
    elif shown.get("code") and real.get("code"):
        dispatcher.utter_message(response="utter_region_differs", shown=shown.get("name"),
                                 real=real.get("name"))
    else:
        dispatcher.utter_message(response="utter_region_unknown")
    return []


# The exact cause demanded (「到底哪里出问题了」), not why such failures happen.
EXACT_CAUSE = re.compile(r"(到底|究竟|直接|具体)(说)?.{0,4}(哪|什么|啥)(里|个|儿)?(出)?(了)?(问题|原因|毛病)|"
                         r"(问题|原因|毛病)(到底|究竟)?(出)?在哪")
OLD_NUMBER_ANSWERS = {"utter_sign_in_old_number", "utter_sign_in_old_number_signed_in"}


class ActionFollowUp(Action):
    """「那怎么办」「然后呢」「咋整」: answered for the last problem, cause or topic."""

    def name(self) -> Text:
        return "action_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if asks_to_resend(tracker.latest_message.get("text") or ""):
            # 「再发一遍」: the last answer again (or what a pointer to an earlier one stood for)
            messages, events = resend(tracker.events, tracker.current_slot_values(), domain.get("responses") or {})
            dispatcher.messages.extend(messages)
            if not messages:
                dispatcher.utter_message(response="utter_resend_nothing")
            return [SlotSet(event["name"], event["value"]) for event in events]
        if asks_to_split(tracker):
            return await answer_split(dispatcher, tracker, domain)
        if pending_asked_for(tracker):
            return [FollowupAction("action_diagnose")]  # 「下一个呢」: the problem put off
        specific = specific_answer(tracker) or generic_error_answer(tracker)
        if specific:  # 「超了咋办 我住院要花好几千」: the stay, not only the excess
            say(dispatcher, specific, tracker)
            return []
        if asks_about_excess(tracker):
            say(dispatcher, ["utter_pay_excess"], tracker)
            return []
        about = about_last_answer(tracker) or narrower_answer(tracker)
        if about:
            say(dispatcher, about, tracker)
            return []
        token = user_token(tracker)
        said_before = last_answer(tracker)
        if said_before & OLD_NUMBER_ANSWERS:
            # 「那咋办」 after the old number cannot be used (trial round 17: the choices): no wait
            # for the change to ask here, and a person when the change cannot be made.
            say(dispatcher, ["utter_sign_in_meanwhile_signed_in" if token else "utter_sign_in_meanwhile"], tracker)
            return []
        short = compact_text(tracker)
        topic = previous_topic(tracker)
        limits_in_view = (bool(said_before & LIMIT_TOLD) and topic not in BALANCE and "不够" not in short
                          or tracker.get_slot("diagnosed_cause") == "over_limit")
        if limits_in_view:
            # 「那1200这单咋弄」: that amount against the limits; 「那咋办」: how the rest is paid.
            if token and named_amount(tracker.latest_message.get("text") or ""):
                return await answer_limit_question(dispatcher, tracker, domain, token)
            if "utter_pay_excess" not in said_before:
                say(dispatcher, ["utter_pay_excess"], tracker)
                return []
        if topic in PROBLEM_INTENTS and not token and WHY_FIRST.search(short):
            say(dispatcher, ["utter_why_failed_general"], tracker)  # what changes; a sign-in tells which
            return []
        if topic in PROBLEM_INTENTS and not token and EXACT_CAUSE.search(short) \
                and "utter_cause_needs_records" not in said_this_session(tracker):
            # 「你就不能直接说到底哪里出问题了吗」 (trial round 17: the human offer again): why it cannot
            # be told without the records, and the two ways to learn it.
            say(dispatcher, ["utter_cause_needs_records"], tracker)
            return []
        if topic in HOW_TO and THIRD_PERSON.search(short) and ASKS_STEPS.search(short):
            say(dispatcher, ["utter_family_member_own_code"], tracker)
            return []
        if token and asks_if_region_right(short):
            # 「那地方呢 显示的对不对」 after another cause was found: the records answer it.
            return await tell_region(dispatcher, token)
        if diagnosis_due(tracker) and WHY_ONLY.search(short):
            return [FollowupAction("action_diagnose")]  # 「为啥啊」 after a diagnosis: refer + why
        said = previous_bot_responses(tracker)
        pay_now = NEXT_STEP["institution_system_error"]
        if (said & HUMAN_OFFERS and tracker.get_slot("diagnosed_cause") == "institution_system_error"
                and not set(pay_now) & said_this_session(tracker)):
            # 「那咋办 药还得买啊」 after a re-check offered a person: the medicine is bought today.
            say(dispatcher, pay_now + ["utter_offer_human"], tracker)
            return []
        channels_left = [c for c in CHANNELS if c not in ruled_out(tracker)]
        if said_before & HOW_TO_PAY_ANSWERS and len(channels_left) <= 1:
            # 「那咋办」 once 支付宝 and 微信 are ruled out: the one way left, step by step.
            say(dispatcher, [f"utter_how_to_pay_{channels_left[0]}" if channels_left
                             else "utter_channels_none_left"], tracker)
            return []
        if said & APP_STEPS and "utter_app_next_step" not in said_this_session(tracker):
            # 「那咋办」 after the device or old-phone steps: the one easiest step, then a person.
            say(dispatcher, ["utter_app_next_step", "utter_offer_human"], tracker)
            return []
        if said & HUMAN_OFFERS:
            # The ways on after an offer; asked again right after them, only the offer (reworded).
            say(dispatcher, ["utter_offer_human" if "utter_follow_up_human_offered" in said
                             else "utter_follow_up_human_offered"], tracker)
            return []
        if token and topic in PROBLEM_INTENTS and last_diagnosis_was_anonymous(tracker):
            # Told the general fix before signing in: now the person's own records can answer.
            return [FollowupAction("action_diagnose")]
        pushback = pushback_answer(tracker)
        if pushback:
            say(dispatcher, pushback, tracker)  # 「你没回答我」: not the same answer again
            return []
        names = self.next_answer(tracker, said)
        if "utter_offer_human" in names and open_ticket_of(tracker):
            # A person is already on it: the ticket open, not the offer of another.
            say(dispatcher, [name for name in names if name != "utter_offer_human"], tracker)
            tell_open_ticket(dispatcher, tracker)
            return []
        say(dispatcher, names, tracker)
        return []

    @staticmethod
    def next_answer(tracker: Tracker, said: Set[str]) -> List[str]:
        """The answer for the last cause or topic, without what the last turn already said:
        asking again after an answer means it did not help, so a person is offered instead."""
        cause = tracker.get_slot("diagnosed_cause")
        topic = previous_topic(tracker)
        if cause in NEXT_STEP:
            names = NEXT_STEP[cause]
        elif topic in PROBLEM_INTENTS:
            # No personal cause known (anonymous, or nothing failed): the general fix for what
            # they described was given; the next step is a lookup or a person.
            names = ([f"utter_generic_{topic}", "utter_offer_sign_in"] if not user_token(tracker)
                     else ["utter_follow_up_howto", "utter_offer_human"])
        elif topic == "app_problem":
            names = ["utter_app_troubleshoot_after"]
        elif topic == "security_info":
            # the warning first; asked again, what to do after such a call or message (what to
            # do now first when the secret is gone already)
            names = steps_first(["utter_scam_next_steps" if "utter_scam_warning" in said else "utter_scam_warning"],
                                tracker)
        elif topic in BALANCE:
            names = ["utter_generic_insufficient_balance"]
        elif topic in HOW_TO:
            names = ["utter_follow_up_howto"]
        else:
            return ["utter_follow_up_no_context"]
        fresh = [name for name in names if name not in said]
        if not [name for name in fresh if name not in HUMAN_OFFERS]:  # nothing but a person left
            # the first answer with a further step decides (the region's own steps before the
            # error text that the sign-in offer leads to)
            further = next((FURTHER[name] for name in names if name in FURTHER), [])
            fresh = [step for step in further if step not in said] or fresh
        return fresh or ["utter_offer_human"]


SPENT_TODAY = re.compile(r"(今天|今日|今儿)(一共|总共|已经|共)?(花|用|付|扣|刷|消费)(了|掉)?(多少|几)")


class ActionOutOfScope(Action):
    """Out of scope, unless it is a short question about the last answer or cause (「为啥啊」
    after a limit, 「在哪办」 after a mismatch) or a story the classifier could not place (an
    elderly person without phone skills, moving account money to a spouse)."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        revoke = await typed_revoke(tracker)
        if revoke:  # 「微信那个删掉」 after the list of authorizations: its button's confirmation
            return revoke
        if asks_to_split(tracker):
            return await answer_split(dispatcher, tracker, domain)
        if pending_asked_for(tracker):
            return [FollowupAction("action_diagnose")]  # 「还有一个问题呢」: the problem put off
        if diagnosis_due(tracker):
            # action_diagnose refers to a diagnosis already given and adds why (no repeat).
            return [FollowupAction("action_diagnose")]
        text = tracker.latest_message.get("text") or ""
        token = user_token(tracker)
        if token and asks_limit_figures(text) and named_amount(text):
            # 「我想买个三千块的药 能一次刷完不」: that amount against the person's limits and balance.
            return await answer_limit_question(dispatcher, tracker, domain, token)
        payments = await answer_payments(dispatcher, tracker)
        if payments is not None:  # 「最近都在哪花的」「这几个药店我好像没去过」 (trial round 18)
            return payments
        coded = error_code_answer(tracker)
        if coded:  # 「手机上显示 E1002 什么意思」 read as out of scope
            dispatcher.utter_message(**coded)
            return []
        if SPENT_TODAY.search(compact(text)):
            # 「今天一共花了多少」 (trial round 17: 「帮不上忙」): today's use is in the wallet figures.
            return await ActionShowWallet().run(dispatcher, tracker, domain)
        names = narrower_answer(tracker) or about_last_answer(tracker) or pushback_answer(tracker)
        if not names and asks_to_move_money(text):
            names = ["utter_account_transfer"]
        if not names and failure_told(text):
            # 「慢特病 每个月去药店拿药 这次一千多块付不了」 (round 25: 「帮不上忙」): a failure to look at
            return [FollowupAction("action_diagnose")]
        # Asked again in nearly the same words: the same answer (the action server points to it).
        say(dispatcher, names or same_question_answers(tracker.events) or ["utter_out_of_scope"], tracker)
        return []


class ActionAnswerYes(Action):
    """「好的」「嗯」: yes to what the assistant just offered (a human), else what's next."""

    def name(self) -> Text:
        return "action_answer_yes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if previous_bot_responses(tracker) & HUMAN_OFFERS:
            return await ActionHandoff().run(dispatcher, tracker, domain)
        if pending_asked_for(tracker):
            return [FollowupAction("action_diagnose")]  # 「好 下一个」: the problem put off
        if done_after_steps(tracker):
            # 「好了 弄好了」 after the steps of a fix: look again (the steps promised it)
            return await ActionCheckStatus().run(dispatcher, tracker, domain)
        if tracker.active_loop_name:
            # 「行 开吧」 before the fix's question is answered: what it needs, not 「还有其他需要帮忙的吗」
            form = tracker.active_loop_name
            dispatcher.utter_message(response="utter_in_form_hint", form_label=form_label(domain, form),
                                     form_next=form_next(domain, form))
            return []
        specific = specific_answer(tracker) if len(compact_text(tracker)) > 4 else None
        if specific:
            # 「那剩下的刷银行卡可以吧」 read as a yes (round 22's re-grade: 「还有其他需要帮忙的吗」)
            say(dispatcher, specific, tracker)
            return []
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionDeny(Action):
    """「不用了」: fine. A question read as a no (「有没有不用刷脸的办法」; round 24: 「好的。」 and the
    form's question again) is answered for the topic in view."""

    def name(self) -> Text:
        return "action_deny"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if len(compact(text)) > 4 and (IS_QUESTION.search(text)
                                       or re.search(r"有没有|是不是|要不要|哪个|为准|[?？]", text)):
            asked = narrower_answer(tracker)
            if asked:
                say(dispatcher, asked, tracker)
                return []
        dispatcher.utter_message(response="utter_ok")
        return []


class ActionStillNotWorking(Action):
    """「还是不行」 after a fix: look again at the person's records, then offer a human."""

    def name(self) -> Text:
        return "action_still_not_working"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        still = scan_still(tracker, last_answer(tracker))
        if still:  # 「调了 还是不行」 after the scanning tips (round 23: the sign-in offer)
            say(dispatcher, still, tracker)
            return []
        text = tracker.latest_message.get("text") or ""
        if IS_QUESTION.search(text) or "还是" in text:
            # 「是机器的问题还是我手机的问题」 is a question, not 「还是不行」 (round 24: the re-check)
            short = compact(text)
            said = said_this_session(tracker)
            asked = (round27_priority(short, tracker) or round24_first(short, tracker)
                     or round23_question(short, said, tracker)
                     or round24_question(short, said, tracker))
            if asked:
                say(dispatcher, asked, tracker)
                return []
        if TODAY_MEDICINE.search(compact_text(tracker)):
            # 「还是不行的话 今天的药怎么拿」 (trial round 22: the re-check): the ways to get it today.
            say(dispatcher, ["utter_pay_now_generic"], tracker)
            return []
        if previous_bot_responses(tracker) & HUMAN_OFFERS:
            # Still not working right after a person was offered: take that person, do not
            # re-check and offer again.
            return await ActionHandoff().run(dispatcher, tracker, domain)
        ticket = open_ticket_of(tracker)
        if not user_token(tracker):
            if ticket:  # nothing to look up; the ticket is the way on
                tell_open_ticket(dispatcher, tracker)
                dispatcher.utter_message(response="utter_meanwhile_self_pay")
                return []
            say(dispatcher, ["utter_still_not_working_anonymous", "utter_offer_human"], tracker)
            return []
        dispatcher.utter_message(response="utter_still_not_working")
        events = await ActionCheckStatus().run(dispatcher, tracker, domain)
        if phone_side(tracker) and "utter_app_next_step" not in said_this_session(tracker):
            # The APP still will not open: one step that needs no working APP, then a person.
            dispatcher.utter_message(response="utter_app_next_step")
        if ticket:
            # A person is already on it: say which ticket instead of offering another.
            tell_open_ticket(dispatcher, tracker)
            dispatcher.utter_message(response="utter_meanwhile_self_pay")
        else:
            say(dispatcher, ["utter_offer_human"], tracker)
        return events


class ActionTryLater(Action):
    """「我去药店再试试，还是不行再找你」: nothing failed yet, so no re-check and no human;
    a short yes, and the ticket if one is open."""

    def name(self) -> Text:
        return "action_try_later"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        ticket = open_ticket_of(tracker)
        if ticket:
            dispatcher.utter_message(response="utter_try_later_ticket", ticket_no=ticket[0])
        else:
            dispatcher.utter_message(response="utter_try_later")
        return []


# What the APP does wrong: the device steps start there (restart, update, reinstall).
PAYMENT_FAILED = re.compile(r"付不了|付不出|支付失败|付款失败|结算失败|扣不了|刷不了|用不了")
SYMPTOM = re.compile(r"闪退|打不开|白屏|黑屏|卡死|卡住|卡顿|进不去|装不上|装不了|没反应|转圈|报错")


class ActionAppTroubleshoot(Action):
    """The APP or the phone fails (闪退, 打不开, 版本太旧): device steps, not the hospital."""

    def name(self) -> Text:
        return "action_app_troubleshoot"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if about_last_answer(tracker):
            # 「我刚才已经点进去了 还填了验证码」 after a scam warning can read as an APP problem;
            # it is about that warning (imported here: actions.faq imports this module).
            from actions.faq import ActionSecurityInfo

            return await ActionSecurityInfo().run(dispatcher, tracker, domain)
        text = tracker.latest_message.get("text") or ""
        asked = (round27_priority(compact(text), tracker)
                 or round23_question(compact(text), said_this_session(tracker), tracker)
                 or round27_question(compact(text), said_this_session(tracker), tracker))
        if asked:  # 「老手机上那个还能用吗 要不要解绑」 (round 23: the old-phone text): that question
            say(dispatcher, asked, tracker)
            return []
        if user_token(tracker) and PAYMENT_FAILED.search(text) and not SYMPTOM.search(text):
            # 「app更新了以后医保码就付不了了」 signed in (round 23's re-grade: 「这是手机的问题」 and the
            # device steps): the APP opens, the payment fails, so the records say why.
            return [FollowupAction("action_diagnose")]
        steps_given = "utter_app_troubleshoot" in said_this_session(tracker)
        generic_error = generic_error_answer(tracker)
        if generic_error and (not steps_given or APP_FINE.search(text)):
            # 「不登录不行吗 你就说最可能是啥原因」 reads as the APP failing: nothing says it is the APP.
            say(dispatcher, generic_error, tracker)
            return []
        if old_device(text) and not SYMPTOM.search(text):
            # 「手机是iphone6 是不是太老了」: whether it can be updated, what works without it, a
            # person. A crash on an old phone (「太旧了 装上就闪退」) gets the device steps first.
            say(dispatcher, ["utter_app_old_phone", "utter_offer_human"], tracker)
        elif steps_given:
            # 「卸载了重新装也一样闪」: the steps were given (and tried); the way round the APP now.
            say(dispatcher, ["utter_app_next_step", "utter_offer_human"], tracker)
        else:
            say(dispatcher, ["utter_app_troubleshoot", "utter_app_troubleshoot_after"], tracker)
        return [SlotSet("diagnosed_cause", "phone_app")]
