"""NLU guards that run after the classifiers and override their guess where a rule knows better.

SensitiveDataGuard: a message in which a channel masked a PIN, ID-card, bank-card or phone number
is classified as `share_sensitive_data`, so the assistant warns the user before anything else —
except a phone number given to sign in with it ("用手机号…验证"), which the sign-in form takes.

Runs after the other intent classifiers (last in the pipeline); keeps their ranking.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.later import asks_about_ticket, says_done, tries_first
from bot.nlu.resend import asks_to_resend
from bot.nlu.ruled_out import ruled_out_channels
from bot.nlu.scam import fears_losing_money, gave_away, looks_like_scam, threatens_cancellation
from bot.nlu.topics import (
    ADDRESSED,
    CHOICE_ONLY,
    SEES_RECORDS,
    URGENT_NEED,
    app_fails,
    asks_family_pin,
    asks_fee,
    asks_for_relative_code,
    asks_to_split_payment,
    asks_why,
    card_locked,
    card_status,
    declines_for_self_service,
    fears_double_charge,
    no_money,
    old_device,
    other_service,
    pasted_code_sms,
    screen_cause,
    shows_other_region,
    tries_other_phone,
)
from bot.privacy import PLACEHOLDER_RE, PLACEHOLDERS

SENSITIVE_INTENT = "share_sensitive_data"
# "用手机号138…验证": the number is what the phone sign-in needs, not something to warn about.
PHONE_SIGN_IN_INTENT = "verify_phone"


class _Guard(GraphComponent):
    """A stateless rule after the classifiers: where `override` names an intent, it replaces
    the classifier's guess (the ranking is kept)."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "_Guard":
        return cls()

    def override(self, text: str, intent: Optional[str]) -> Optional[str]:
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            name = self.override(message.get(TEXT) or "", (message.get(INTENT) or {}).get("name"))
            if name:
                message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SensitiveDataGuard(_Guard):
    def override(self, text: str, intent: Optional[str]) -> Optional[str]:
        found = set(PLACEHOLDER_RE.findall(text))
        if found == {PLACEHOLDERS["phone"]} and intent == PHONE_SIGN_IN_INTENT:
            return None
        if found:
            return SENSITIVE_INTENT
        # The platform's code SMS pasted whole: nobody's to have (the phone sign-in reads it too).
        return SECURITY_INTENT if pasted_code_sms(text) else None


# --- language and nonsense ---------------------------------------------------------------
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_LONE_NUMBER = re.compile(r"\s*[0-9\uff10-\uff19]{1,2}\s*")
_MEANINGFUL = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")
# Latin words our users mix into Chinese or type alone; they are not "another language".
_KNOWN_LATIN = {
    "app", "apps", "alipay", "wechat", "weixin", "vx", "wx", "qq", "ok", "okay", "hi", "hello",
    "hey", "yes", "no", "thanks", "thank", "you", "bye", "pin", "id", "wifi", "sms", "nfc", "ios",
    "android", "iphone", "huawei", "oppo", "vivo", "xiaomi", "emm", "em", "hh", "hhh", "haha",
}
# Thanks or a person asked for in English, answered in English (actions/english.py)...
_ENGLISH_ONLY_WORDS = {"thanks", "thank", "thx", "agent", "human", "operator"}
# ...and a mixed message that says which language the person reads.
_SAYS_LANGUAGE = re.compile(r"\b(chinese|english|mandarin)\b", re.IGNORECASE)
OTHER_LANGUAGE_INTENT = "other_language"
FALLBACK_INTENT = "nlu_fallback"
# Interjections, particles and sounds: a message of only these (「的的的 嗯嗯 啥」「咕噜咕噜 噗」
# 「哈哈哈呵呵额鹅鹅鹅」) says nothing, yet the classifier is sure of something (affirm, greet...).
_FILLERS = frozenset("的了啊阿呀哈呵嘿嘻哎唉诶欸哦噢喔嗯恩呃额鹅啦吧呢吗么嘛哇咦呜哼噗咕噜嘟啾哒咯啥嗷呦哟呼嘤")
# ...except a plain 「嗯嗯」「哦」「好」-like yes, which answers the question before it.
_YES_SOUNDS = frozenset("嗯恩哦噢喔好行对")
# Letters of one keyboard row typed at random (「asdfgh jkl」) are no language.
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _held_key(word: str) -> bool:
    """「jjjjjj」「aaaa」: one letter repeated, no word (「hhh」 laughs, and is no question either)."""
    return len(word) >= 3 and len(set(word.lower())) == 1


def language_verdict(text: str) -> Optional[str]:
    """"other" for a message in another language (no Chinese, at least two Latin words, one of
    them unknown; or thanks or a person asked for in English; or Chinese beside English that names
    a language, 「my chinese not good」), "nonsense" for one with nothing to read (punctuation, a random Latin
    string, only interjections and sounds, or a lone one- or two-digit number: the channels
    turn a number into the pending choice, so one that reaches NLU answers nothing), None
    otherwise. Longer digit strings are
    left to the classifier and the forms (SMS codes)."""
    chinese = _CJK.findall(text)
    if chinese and _SAYS_LANGUAGE.search(text) and len(_LATIN_WORD.findall(text)) >= 2:
        return "other"  # 「my chinese not good. 医保码 不能 用」: answered in English and short Chinese
    if chinese:
        # 「jjjjjj啊啊啊」: a key held down beside sounds says nothing either.
        latin = _LATIN_WORD.findall(text)
        only_sounds = (not re.search(r"[0-9]", text) and all(_held_key(w) for w in latin)
                       and set(chinese) <= _FILLERS and not set(chinese) <= _YES_SOUNDS)
        return "nonsense" if only_sounds and (len(chinese) >= 3 or latin) else None
    if _LONE_NUMBER.fullmatch(text):
        return "nonsense"
    if not _MEANINGFUL.search(text):
        return "nonsense" if text.strip() else None
    words = [w.lower() for w in _LATIN_WORD.findall(text)]
    if set(words) & _ENGLISH_ONLY_WORDS:
        return "other"  # "ok thanks", "agent": English, though every word is known or alone
    unknown = [w for w in words if w not in _KNOWN_LATIN]
    if len(words) >= 2 and unknown:
        typed_at_random = all(len(w) >= 3 and any(set(w) <= set(row) for row in _KEYBOARD_ROWS)
                              for w in words)
        return "nonsense" if typed_at_random else "other"
    if len(words) == 1 and unknown and len(unknown[0]) >= 4 and not re.search(r"\d", text):
        return "nonsense"  # "asdfgh", "jjjjjj": a keyboard, not a word we know
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageGuard(_Guard):
    """English (or other Latin-script) messages get a short English answer instead of a Chinese
    fallback; a message with nothing to read gets the fallback with choices, whatever the
    classifier guessed (it is always confident about something)."""

    def override(self, text: str, intent: Optional[str]) -> Optional[str]:
        if CHOICE_ONLY.match(re.sub(r"\s", "", text)):
            # 「选3」「第二个」 reaching NLU means no choice was pending (the channels take them when
            # one is): the fallback says so and offers the choices, never a goodbye.
            return FALLBACK_INTENT
        return {"other": OTHER_LANGUAGE_INTENT, "nonsense": FALLBACK_INTENT}.get(
            language_verdict(text) or "")


# --- described scams ---------------------------------------------------------------------
SECURITY_INTENT = "security_info"
# Intents a scam description must not be taken from: the masking warning and the sign-in
# form come first (a masked number is warned about anyway).
_KEEP = {SENSITIVE_INTENT, PHONE_SIGN_IN_INTENT, SECURITY_INTENT}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ScamGuard(_Guard):
    """A message describing a likely scam (someone wants the code, a screenshot or an SMS code,
    an 「升级费」, a 「医保停用」 SMS with a link, a stranger's reset link, a code already given away)
    is answered as a security question, which starts with the scam warning — whatever problem
    the rest of the story mentions. So is the fear of losing the money to one."""

    def override(self, text: str, intent: Optional[str]) -> Optional[str]:
        if bare_fee_question(text):
            # 「有手续费吗」 about a transfer just explained: a question about a fee, no lure
            # (answered for the topic in view: actions/aspects.py)
            return FAQ_INTENT
        # A pasted 「不验证自动取消」 threat is no request to sign in with the phone, nor is
        # 「验证码告诉他了」 (given away to a caller: trial round 15).
        if intent in _KEEP and not (intent == PHONE_SIGN_IN_INTENT
                                    and (threatens_cancellation(text) or gave_away(text))):
            return None
        # 「我卡里的钱会不会没了」: a worry about theft (read as a balance check), answered with
        # where to look and what protects the money.
        return SECURITY_INTENT if looks_like_scam(text) or fears_losing_money(text) else None


_BARE_FEE = re.compile(r"^(那|请问|这个|转账|转钱)?(有|要|收|需要)(没有|不)?(手续费|服务费|费用)"
                       r"(吗|么|不|没|没有|嘛|呢)?$")


def bare_fee_question(text: str) -> bool:
    """「有手续费吗」「收手续费不」: a fee asked about, nothing else said (no payer, link or caller)."""
    return bool(_BARE_FEE.match(re.sub(r"[\W_]", "", text)))


# --- old phones, a family member's PIN ---------------------------------------------------
APP_PROBLEM_INTENT = "app_problem"
FAMILY_INTENT = "family_binding"
FAQ_INTENT = "faq"  # the answer: faq/is_free (bot/nlu/faq_selector.py)
LIMIT_INTENT = "payment_limit"
OUT_OF_SCOPE_INTENT = "out_of_scope"
FOLLOW_UP_INTENT = "follow_up"
_YES_NO = {"affirm", "deny"}
BALANCE_INTENT = "insufficient_balance"
STATUS_INTENT = "credential_abnormal"
PIN_INTENT = "forgot_pin"
PAYMENT_FAILED_INTENT = "payment_failed"
# Readings that name no cause: a status word or 「没钱」 in the message is the cause.
_GENERAL_READINGS = {FALLBACK_INTENT, "payment_failed", "system_failure", "network_error", "out_of_scope",
                     "how_to_pay", "what_is_credential", "cannot_show_code", "faq"}
# 「国家医保服务平台app打不开 一直在那转圈圈」 read as none of the problems: the APP itself fails.
# (A code that will not show or a payment that fails keep their own intents and answers.)
# A relative's code (「医保码能给我老爸用不」) read as the writer's own problem or a how-to; the
# readings that already fit (activation for them, a payment of their code, a lure) are kept.
# 「社康中心是啥」「社康在哪绑」 read as what the code is, an FAQ or out of scope (trial round 11).
_CHC_MISREAD = {"what_is_credential", "faq", "out_of_scope", "how_to_pay", "activate_credential"}
_RELATIVE_MISREAD = {FALLBACK_INTENT, "forgot_pin", "network_error", "how_to_pay", "system_failure",
                     "region_mismatch", "out_of_scope", "info_mismatch", "cannot_show_code", "app_problem",
                     "credential_abnormal", "payment_limit", "what_is_credential", "insufficient_balance"}
# 「我那个医保码显示的是长沙 可我现在在深圳上班 咋改」 read as an answer naming cities, or a how-to.
_REGION_MISREAD = {"inform", "how_to_pay", "info_mismatch", "out_of_scope", "faq", FALLBACK_INTENT}
REGION_INTENT = "region_mismatch"
_APP_SYMPTOM_MISREAD = {FALLBACK_INTENT, "out_of_scope", "faq", "security_info", "system_failure",
                        "network_error", "how_to_pay", "inform", "affirm", "deny", "greet", "goodbye"}


# A question about the assistant names it (机器人, 真人, 你是谁…); a goodbye asks nothing.
ABOUT_BOT = re.compile(r"机器|真人|人工|智能|程序|电脑|模型|chatgpt|gpt|ai|bot|小爱|活人|是人|人吗|你是谁|谁啊|"
                       r"名字|你叫|是个啥|什么东西|跟谁|和谁|自动|客服|你们是", re.IGNORECASE)
ASKS = re.compile(r"咋|怎么(?!着)|怎样|如何|吗|啥|什么|哪|几|多少|能不能|可不可以|要不要|是吧|对吧|对不对|[?？]")
_SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "nlu_fallback"}
# 「说重点」 (read as the security text in trial round 13), 「你说的这些我都知道」.
# 「你说的这些我都看不懂」 is about the answer just given (trial round 15: the fallback menu);
# 「这个提示看不懂」 without the answer named is left to the classifier.
TO_THE_POINT = re.compile(r"说重点|讲重点|说人话|长话短说|简单点说|直接说|我都知道|这些我知道|别绕|"
                          r"(你说的|你讲的|你发的|你这|这些|上面|说的啥).{0,6}(看不懂|看不明白|没看懂|听不懂|不懂)")
_POINT_MISREAD = {"security_info", "what_is_credential", "faq", "out_of_scope", "bot_challenge", "goodbye",
                  "how_to_pay", "still_not_working", "nlu_fallback"}


# 「你没回答我的问题」「答非所问」 and nothing else: a push-back, whatever problem it was read as.
_PUSHBACK_ONLY = re.compile(r"没(有)?回答|答非所问|等于没说|没说到点|你没听懂|没看懂我")
_PUSHBACK_LENGTH = 8  # characters: 「你没回答我 到底能不能用」 asks something of its own
_PUSHBACK_KEEP = {FOLLOW_UP_INTENT, "request_human", "stop", SENSITIVE_INTENT}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ShapeGuard(_Guard):
    """「你没回答我 我问的是能不能转」 or a long story about a refund read as bot_challenge, and
    「你就说我下次咋办」 read as goodbye: the classifier's next guess that is not small talk, else a
    follow-up of the conversation (trial round 11). Checked against every training and held-out
    example of the two intents (bot/nlu/topics.py's way)."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            if asks_to_resend(text):
                # 「再发一遍」 (read as still_not_working, it opened a ticket): the last answer again
                message.set(INTENT, {"name": FOLLOW_UP_INTENT, "confidence": 1.0}, add_to_output=True)
                continue
            if (_PUSHBACK_ONLY.search(text) and len(re.sub(r"\s+", "", text)) <= _PUSHBACK_LENGTH
                    and intent not in _PUSHBACK_KEEP):
                # 「你没回答我的问题」 read as a problem got that problem's steps (trial round 15)
                message.set(INTENT, {"name": FOLLOW_UP_INTENT, "confidence": 1.0}, add_to_output=True)
                continue
            if intent == "bot_challenge" and SEES_RECORDS.search(re.sub(r"\s", "", text)):
                # 「你这个机器人能看到我的钱吗」 asks what it can see, not what it is (round 26)
                message.set(INTENT, {"name": FOLLOW_UP_INTENT, "confidence": 1.0}, add_to_output=True)
                continue
            if TO_THE_POINT.search(text) and intent in _POINT_MISREAD:
                # 「说重点」「你说的这些我都知道」: the point of the conversation so far, not a new topic
                message.set(INTENT, {"name": FOLLOW_UP_INTENT, "confidence": 1.0}, add_to_output=True)
                continue
            if not ((intent == "bot_challenge" and not ABOUT_BOT.search(text))
                    # 「店员让我明天再来 我药等着吃呢」 (round 25: a goodbye): a need that cannot wait ends nothing
                    or (intent == "goodbye" and (ASKS.search(text) or URGENT_NEED.search(text)))):
                continue
            # not request_human either: 「你没回答我」 complains, it asks for nobody (it had opened a ticket)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                       if r.get("name") not in _SMALL_TALK | {"request_human"} and r.get("confidence", 0) >= 0.1]
            name = ranking[0]["name"] if ranking else FOLLOW_UP_INTENT
            message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
        return messages

    def override(self, text: str, intent: Optional[str]) -> Optional[str]:  # process() decides
        return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TopicGuard(_Guard):
    """「手机是iphone6 是不是太老了」 is about the device (read as changing the bound phone number,
    or as the hospital's system); 「我孩子的密码也是这个吗」 about one PIN per person (read as a
    PIN reset); 「重置密码要收费吗」 about the fee (read as a PIN reset); 「能分两笔付吗」 about the
    limits (read as an FAQ); 「12306人脸认证失败」 is another company's service (out of scope); 「医保卡停用是
    怎么回事」「社保卡怎么显示没钱」 name their cause (read as a general failure).
    Rules instead of training data, which cost wild-set accuracy (bot/nlu/topics.py)."""

    def override(self, text: str, intent: Optional[str]) -> Optional[str]:
        if _DO_IT.match(re.sub(r"\s", "", text)):
            return "affirm"  # 「开吧」 to 「现在开吗」 (trial round 18: 「没太明白」): a yes
        if _TERM_QUESTION.search(text) and len(text) <= _SIGN_IN_QUESTION:
            return FOLLOW_UP_INTENT  # 「电子围栏是啥意思」: that word (actions/aspects.py), not the intro
        if intent in _DOUBLE_CHARGE_MISREAD and fears_double_charge(text) and not looks_like_scam(text):
            return PAYMENT_FAILED_INTENT  # 「好像扣了两次钱」: the payments taken (actions/charges.py)
        if intent == SECURITY_INTENT and not (fears_losing_money(text) or ADDRESSED.search(text)):
            # A card frozen or locked, told without any lure, read as a security worry: the status
            # or the PIN is the problem (the scam warning stays wherever a lure is named).
            return _cause_named(text)
        if intent == PHONE_SIGN_IN_INTENT and _WHOSE_FACE.search(text) and not _SIGN_IN_WORDS.search(text):
            return FOLLOW_UP_INTENT  # 「要本人刷脸吗」 inside the PIN reset: about the reset, no sign-in
        if intent == PHONE_SIGN_IN_INTENT and tries_other_phone(text):
            # 「我换个手机登录试试？」 (trial round 22: the sign-in asked for the number): the code on
            # another phone, not a sign-in here
            return FOLLOW_UP_INTENT
        if intent in _KEEP:
            return None
        if intent in _SHORT_REPLIES and _FACE_QUESTION.search(text) and len(text.strip()) <= 14:
            return FOLLOW_UP_INTENT  # 「刷脸的话我不用吧」 asks about the face check (round 30: 「好的。」)
        if asks_about_sign_in_code(text):
            # 「几分钟内有效来着」「现在用的号还是以前留的号」 while a code waits: a question about
            # the sign-in (read as a status problem, it ended the sign-in in trial round 14)
            return FOLLOW_UP_INTENT
        if intent in _YES_NO and asks_why(text):
            return FOLLOW_UP_INTENT
        if other_service(text):
            return OUT_OF_SCOPE_INTENT
        if old_device(text) or (intent in _APP_SYMPTOM_MISREAD and app_fails(text)):
            return APP_PROBLEM_INTENT
        if asks_family_pin(text) or (intent in _RELATIVE_MISREAD and asks_for_relative_code(text)):
            return FAMILY_INTENT
        if "社康" in text and intent in _CHC_MISREAD:
            return FAMILY_INTENT  # 「社康中心是啥」: the 深圳 child's binding, answered with the family rules
        if asks_fee(text):
            return FAQ_INTENT
        if asks_to_split_payment(text):
            return LIMIT_INTENT
        if intent in _REGION_MISREAD and shows_other_region(text):
            return REGION_INTENT
        if intent == "still_not_working" and _WHOSE_FAULT.search(text):
            return FOLLOW_UP_INTENT  # 「是我的问题还是药店的问题」 asks about the cause found, no re-check
        if intent in _REJECTED_MISREAD and _REJECTED.search(text):
            return PAYMENT_FAILED_INTENT  # 「药店扫医保码付款被拒了」 is no how-to question
        if intent in _GENERAL_READINGS:
            return BALANCE_INTENT if no_money(text) else (_cause_named(text) or screen_cause(text))
        return None


_SHORT_REPLIES = {"stop", "deny", "affirm"}
_FACE_QUESTION = re.compile(r"(刷脸|人脸|扫脸).{0,8}(吧|吗|么|不用|用不用|要不要)")
# A payment refused at the till (trial round 16: 「刚才在药店扫医保码付款被拒了」 read as how to pay).
_REJECTED = re.compile(r"(被|给|就|又|都)拒|拒绝|拒付|拒掉")
_REJECTED_MISREAD = {"how_to_pay", "what_is_credential", "faq"}
# 「开吧」「那就办吧」「行 改吧」: a yes in the words of the offer (open a ticket, switch, reset).
_DO_IT = re.compile(r"^(那|那就|行|好|好的|可以|嗯|ok|OK)?[,，。、]*(帮我)?(开|办|弄|重置|切换|换|改)"
                    r"(一个|一下|了)?(吧|呗)[!！。~]*$")
# Readings of a double charge feared (「为什么我付了一次钱扣两次」 as a limit); a follow-up keeps its
# reading (「会不会扣两次」 after a timeout has its own line, actions/aspects.py).
_DOUBLE_CHARGE_MISREAD = {FALLBACK_INTENT, "out_of_scope", "payment_limit", "check_balance", "insufficient_balance",
                          SECURITY_INTENT, "how_to_pay", "medical_wallet"}
# Whose side the failure is on (trial round 16: read as 「还是不行」, it re-ran the check).
_WHOSE_FAULT = re.compile(r"(我|我的|我这边)的?问题还是|还是(药店|医院|他们|对方|医保)的问题|谁的问题|怪(我|谁)")

# How long a sign-in code lives, which number it goes to (not 「验证码收不到」: a problem of its own).
_CODE_LIFETIME = re.compile(r"(验证码|短信|链接).{0,8}(几分钟|多久|多长时间|有效|过期|失效)|"
                            r"几分钟(内|以内)?(有效|过期)")
_NUMBER_THEN = r"(现在|以前|原来|之前|当时)(用|留|登记|绑|办)的(手机)?号"
_WHICH_NUMBER = re.compile(_NUMBER_THEN + r".{0,6}还是|还是.{0,6}" + _NUMBER_THEN
                           + r"|(发|填|输|写)(哪个|什么|啥)(手机)?号")
_SIGN_IN_QUESTION = 24  # characters
_WHOSE_FACE = re.compile(r"刷脸|人脸|脸")
_SIGN_IN_WORDS = re.compile(r"手机号|验证码|短信|手机验证|登录|登陆|[0-9]{6,}")
# A word of the security text asked about (answered by actions.aspects.TERMS).
_TERM_QUESTION = re.compile(r"(电子围栏|安全审计|实人认证).{0,6}"
                            r"(啥意思|什么意思|是啥|是什么|指的是|指啥|干嘛|干什么|啥东西)")


def asks_about_sign_in_code(text: str) -> bool:
    short = re.sub(r"\s+", "", text)
    return len(short) <= _SIGN_IN_QUESTION and bool(_CODE_LIFETIME.search(short) or _WHICH_NUMBER.search(short))


def _cause_named(text: str) -> Optional[str]:
    """The card's status (停用/冻结…) or a locked card, named in words and with no lure in sight."""
    cause = STATUS_INTENT if card_status(text) else PIN_INTENT if card_locked(text) else None
    return cause if cause and not looks_like_scam(text) else None


# --- channels ruled out ------------------------------------------------------------------
RULED_OUT_ENTITY = "ruled_out_channel"
PAY_CHANNEL_ENTITY = "pay_channel"
INFORM_INTENT = "inform"
# Intents with no topic besides the channel: 「我不会用支付宝」 is read as an answer (inform), which
# a form takes as "not that one" and outside a form gets the ways to pay without it. Problems and
# other questions keep their intent (「我没有微信，怎么激活」 is still about activation).
_RULE_OUT_AS_INFORM = {"inform", "how_to_pay", "deny", "affirm", "stop", "out_of_scope",
                       FALLBACK_INTENT, "app_problem", "follow_up"}
# A short message taken for an FAQ (「我不会用支付宝」 reads like the several-channels one) is a
# reply too; a longer one with an FAQ in it (「很多老人没有微信，怎么看病」) keeps its answer.
_SHORT_REPLY = 16


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ChannelRuleOutGuard(_Guard):
    """「我不会用支付宝」「没装那个国家医保APP」: the channel named is one the person cannot use.
    It is tagged `ruled_out_channel` (the slot of that name remembers it) instead of
    `pay_channel`, which would pick exactly that channel."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = ruled_out_channels(text)
            if not found:
                continue
            spans = [(start, end) for _, start, end in found]
            kept = [e for e in message.get(ENTITIES) or []
                    if not (e.get("entity") == PAY_CHANNEL_ENTITY
                            and any(e.get("start", -1) < end and start < e.get("end", -1)
                                    for start, end in spans))]
            kept += [{"entity": RULED_OUT_ENTITY, "value": code, "start": start, "end": end,
                      "confidence": 1.0, "extractor": type(self).__name__}
                     for code, start, end in found]
            message.set(ENTITIES, kept, add_to_output=True)
            intent = (message.get(INTENT) or {}).get("name")
            if intent in _RULE_OUT_AS_INFORM or (intent == "faq" and len(text.strip()) <= _SHORT_REPLY):
                message.set(INTENT, {"name": INFORM_INTENT, "confidence": 1.0}, add_to_output=True)
        return messages


# --- trying first, and the ticket already open -------------------------------------------
TRY_LATER_INTENT = "try_later"
TICKET_STATUS_INTENT = "ticket_status"
CHECK_STATUS_INTENT = "check_status"
# 「我搜了我的医保凭证 弄好了 也刷了脸」 reads as a security question (a scam was ruled out above).
_DONE_MISREAD = {"thank", "affirm", "goodbye", "greet", SECURITY_INTENT, "out_of_scope", "inform"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LaterGuard(_Guard):
    """「我去药店再试试，还是不行再找你」 is not 「还是不行」 (nor yes to a human offered), and
    「那工单多久有人联系我」 asks about the ticket open, not for another: both got a ticket
    nobody asked for. A described scam keeps its warning (a 「客服」 who calls is a lure)."""

    def override(self, text: str, intent: Optional[str]) -> Optional[str]:
        if intent == SECURITY_INTENT and looks_like_scam(text):
            return None
        if asks_about_ticket(text):
            return TICKET_STATUS_INTENT
        if intent in _DONE_MISREAD and says_done(text):
            return CHECK_STATUS_INTENT  # 「弄好了 谢谢」: look again, as for 「弄好了」
        return TRY_LATER_INTENT if tries_first(text) else None


# --- declining an offer to do it for them --------------------------------------------------
DENY_INTENT = "deny"
# 「我自己弄吧」: bot.nlu.topics.declines_for_self_service (the actions read it too).


# 「不用转人工 那我去别的药店能刷不」「我说了不要人工」: a human refused, never a request for one.
_NO_HUMAN = re.compile(r"(?:不用|不要|别|不需要|用不着|甭|不想)(?:再)?(?:给我|帮我)?(?:转|找|叫|开|接)?(?:个)?"
                       r"(?:人工|客服|真人|工单)")
_NOTHING_ELSE = re.compile(r"^(?:我说了|说了|都说了|我都说了|好的|好|嗯|行|哦|那|就|暂时|先|了|啊|呀|吧|哈|的|啦|嘛|"
                           r"！|!|，|,|。|\s)*$")
FOLLOW_UP = "follow_up"
REQUEST_HUMAN = "request_human"
# Read as the human asked for, or as a reading with no answer of its own for what follows the
# refusal (「不用人工 那我以后是不是只能用社保卡了」 read as what the credential is); a problem or
# a question with its own topic keeps its intent.
_REFUSAL_MISREAD = {REQUEST_HUMAN, "what_is_credential", "faq", "out_of_scope", "bot_challenge", FALLBACK_INTENT,
                    "thank", "goodbye", "affirm"}


# 「锁了多久能自己解开啊 我不想弄了」: a question beside the stop is asked all the same (a form
# answers it and goes on; 「算了」 alone still leaves it).
_STOP_WORDS = re.compile(r"(?:我)?(?:不想|不要|不用|先不|懒得)(?:弄|办|搞|改|重置|激活|切换)?了?|"
                         r"算了|不办了|不弄了|先这样")
_ASKS = re.compile(r"多久|多长时间|怎么|咋|为啥|为什么|能不能|可不可以|吗|么|几天|什么时候|啥时候|"
                   r"[能会可].{0,6}不$|[?？]")
STOP_INTENT = "stop"


def asks_beside_stopping(text: str) -> bool:
    rest = _STOP_WORDS.sub("", re.sub(r"\s", "", text))
    return len(rest) >= 4 and bool(_ASKS.search(rest))


def refuses_human(text: str) -> Optional[str]:
    """deny when the message only refuses a human, follow_up when it asks something besides
    (answered from the conversation), None when no human is refused."""
    if not _NO_HUMAN.search(text):
        return None
    rest = _NO_HUMAN.sub("", text)
    return DENY_INTENT if _NOTHING_ELSE.match(rest) else FOLLOW_UP


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SelfServiceGuard(_Guard):
    """A short 「我自己弄吧」 declines what was offered: read as deny (the PIN-reset form takes
    it as its 「不用，我自己操作」 button and gives the channel's own path). A human refused in
    words (「不用转人工 …」) is no request for one."""

    def override(self, text: str, intent: Optional[str]) -> Optional[str]:
        if intent == SENSITIVE_INTENT:
            return None
        if declines_for_self_service(text):
            return DENY_INTENT
        if intent == STOP_INTENT and asks_beside_stopping(text):
            return FOLLOW_UP
        return refuses_human(text) if intent in _REFUSAL_MISREAD else None
