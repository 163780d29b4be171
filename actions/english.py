"""A message in English (other_language): the assistant works in Chinese, with the 12393 hotline,
plus one short English line for the topic the words name, so a specific question gets more
than the same canned text (trial round 6). Keywords, not NLU: the classifier is trained on
Chinese only.

Trial round 9: a conversation, not the same canned line every turn. The intro (Chinese only,
what the assistant helps with, 12393) is said once a conversation; later turns get the topic line
or a one-line reminder. Thanks get a you're-welcome; a request for a person gets an English line
and the same handoff 「转人工」 starts (action_handoff); a payment that fails gets the key checks; a
mixed message (「my chinese not good. 医保码 不能 用」) also gets them in short Chinese."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import said_this_session

INTRO = "utter_english_only"
# First match wins: a stranger asking for the code is about a scam even when it names the PIN.
TOPICS = (
    (re.compile(r"scam|fraud|stranger|someone|somebody|caller|called me|a call|texted|\bsms\b|"
                r"verification code|on the phone|should i (send|give|share|tell)|"
                r"(want|ask|need)\w*( me)?( for)? (my|the|your) (code|qr|pin|password|screenshot)|"
                r"(send|share|give|tell)\w*\b.{0,25}\b(code|pin|password|screenshot)",
                re.IGNORECASE), "utter_english_scam"),
    (re.compile(r"\bpins?\b|password|passcode|passwort", re.IGNORECASE), "utter_english_pin"),
    (re.compile(r"not insured|uninsured|suspend|frozen|freez|terminat|invalid|insur\w* status|status",
                re.IGNORECASE), "utter_english_status"),
    (re.compile(r"activat|enable|turn on|set ?up|register|sign ?up|apply", re.IGNORECASE), "utter_english_activation"),
    (re.compile(r"balance|how much money|money left|personal account", re.IGNORECASE), "utter_english_balance"),
    (re.compile(r"limit|maximum|\bmax\b|too (much|large|big|high)|exceed", re.IGNORECASE), "utter_english_limits"),
    (re.compile(r"region|city|province|another place|other place|moved|travel|out of town|wrong place|"
                r"hometown|elsewhere", re.IGNORECASE), "utter_english_region"),
    # 「where is the app」 (trial round 16: the canned reminder): its name and the mini programs
    (re.compile(r"\bapps?\b|download|install|mini ?program", re.IGNORECASE), "utter_english_app"),
    # The most general last: the code or a payment that fails, no cause named.
    (re.compile(r"won'?t (work|pay|scan)|doesn'?t (work|pay|scan)|does not (work|pay|scan)|"
                r"not working|can'?t (pay|use|scan)|cannot (pay|use|scan)|\bfail|\berror|declin|reject|refused|"
                r"\bqr\b|\bcode\b|\bpay(ment|ing)?\b|\bscan|pharmacy|hospital|cashier", re.IGNORECASE),
     "utter_english_payment"),
)
THANKS = re.compile(r"\bthanks?\b|\bthank you\b|\bthx\b|\bcheers\b|谢谢", re.IGNORECASE)
# 「thanks, but it still doesn't work」 is no goodbye.
STILL_A_PROBLEM = re.compile(r"\?|\bbut\b|still|n'?t\b|\bnot\b|\bhow\b|\bwhat\b|\bwhy\b|problem", re.IGNORECASE)
HUMAN = re.compile(r"\bhumans?\b|\bagents?\b|\boperator\b|representative|real person|live person|"
                   r"customer service|talk to (some|a |an )|speak to (some|a |an )",
                   re.IGNORECASE)
# 「an agent called me and wants my code」 describes a scam, it asks for nobody.
NOT_A_REQUEST = re.compile(r"called me|texted|asked (me )?for|wants? my|\bsms\b|link", re.IGNORECASE)
# Mixed 「my chinese not good. 医保码 不能 用. 怎么办」: the code or a payment not working.
CHINESE_PAYMENT = re.compile(r"(医保码|码|医保|付款|付钱|支付|扫码).{0,8}(不能|用不了|付不了|刷不了|不行|失败|扫不)|"
                             r"(不能|付不了|刷不了)\s*(用|付|刷)")


def english_topic(text: str) -> Optional[str]:
    return next((name for pattern, name in TOPICS if pattern.search(text or "")), None)


def asks_for_human(text: str) -> bool:
    return bool(HUMAN.search(text or "")) and not NOT_A_REQUEST.search(text or "")


def says_thanks(text: str) -> bool:
    return bool(THANKS.search(text or "")) and not STILL_A_PROBLEM.search(text or "")


# One pinyin syllable (tone marks and numbers dropped): 「yibaoma」「zenme」「jihuo」 (round 34: three English
# lines to 「yibaoma xianshi hui se de」). A word is pinyin when it splits wholly into syllables.
_SYLLABLE = (r"(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
             r"(iang|iong|uang|ueng|ang|eng|ing|ong|uai|uan|iao|ian|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|ve|"
             r"er|a|o|e|i|u|v)")
_PINYIN_WORD = re.compile(rf"(?:{_SYLLABLE})+[1-5]?")
# English words that also split into syllables
_ENGLISH_WORDS = {"a", "i", "o", "an", "in", "on", "he", "she", "we", "me", "you", "be", "no", "go", "so", "to",
                  "can", "man", "ban", "hang", "long", "pin", "ping", "sun", "gang", "bang", "hi", "die",
                  "lie", "tie", "pie", "bus", "gun", "run", "bin", "tan", "ran", "pan", "fan", "den", "hen", "ten",
                  "men", "when", "then", "zen", "yen", "yes", "wang", "hong", "kong", "ok", "qr", "app"}


def looks_like_pinyin(text: str) -> bool:
    """Latin letters only, at least three words, nearly all of them pinyin and most no English word."""
    if re.search(r"[\u4e00-\u9fff]", text or ""):
        return False
    words = re.findall(r"[a-zA-Z]+[1-5]?", (text or "").lower())
    if len(words) < 3:
        return False
    pinyin = [w for w in words if _PINYIN_WORD.fullmatch(w)]
    plain = [w for w in pinyin if w.rstrip("12345") not in _ENGLISH_WORDS]
    return len(pinyin) >= 0.85 * len(words) and len(plain) >= 0.6 * len(words)


def english_reply(text: str, introduced: bool = False) -> Tuple[List[str], bool]:
    """The responses for an English (or mixed) message, and whether the human handoff follows.

    introduced: the intro was said earlier this conversation (then never again)."""
    if looks_like_pinyin(text):
        return ["utter_pinyin_reply"], False  # in Chinese: the person reads it, only types pinyin
    if says_thanks(text):
        return ["utter_english_welcome"], False
    if asks_for_human(text):
        return ["utter_english_human"], True
    chinese_payment = bool(CHINESE_PAYMENT.search(text))
    topic = english_topic(text) or ("utter_english_payment" if chinese_payment else None)
    names = [] if introduced else [INTRO]
    if topic:
        names.append(topic)
        if topic == "utter_english_payment" and chinese_payment:
            names.append("utter_code_not_working_simple")  # some Chinese read: the same checks in Chinese
    elif introduced:
        names.append("utter_english_reminder")
    return names, False


def after_english(tracker: Tracker) -> bool:
    """The message before this one was in English (「???」 then gets the English reminder)."""
    seen_latest = False
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if event.get("event") != "user":
            continue
        if seen_latest:
            return ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "other_language"
        seen_latest = True
    return False


def english_answer(text: str, introduced: bool = False) -> List[str]:
    """The responses only (a guided fix in progress: no handoff, the hotline instead)."""
    names, handoff = english_reply(text, introduced)
    return ["utter_english_reminder"] if handoff else names


# 「pls speak english」 right after a diagnosis in Chinese: the cause found, in English.
CAUSE_LINES = {"network_timeout": "utter_english_cause_network",
               "institution_system_error": "utter_english_cause_institution",
               "not_activated": "utter_english_activation", "status_abnormal": "utter_english_status",
               "insufficient_balance": "utter_english_balance", "over_limit": "utter_english_limits",
               "region_mismatch": "utter_english_region", "pin_locked": "utter_english_pin"}


def with_cause(names: List[str], cause: Optional[str]) -> List[str]:
    """The cause found instead of the bare reminder when the English words name no topic."""
    line = CAUSE_LINES.get(cause or "")
    if not line or set(names) - {INTRO, "utter_english_reminder"}:
        return names
    return [name for name in names if name != "utter_english_reminder"] + [line]


class ActionAnswerEnglish(Action):
    def name(self) -> Text:
        return "action_answer_english"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        names, handoff = english_reply(tracker.latest_message.get("text") or "",
                                       INTRO in said_this_session(tracker))
        if not handoff:
            names = with_cause(names, tracker.get_slot("diagnosed_cause"))
        for name in names:
            dispatcher.utter_message(response=name)
        if not handoff:
            return []
        # A person, by the same handoff 「转人工」 starts (a ticket; its confirmation is in Chinese).
        # Run here, not as a FollowupAction: no rule follows the handoff after this intent.
        from actions.handoff import ActionHandoff  # actions.handoff reads after_english from here
        return await ActionHandoff().run(dispatcher, tracker, domain)
