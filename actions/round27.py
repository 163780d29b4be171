"""Round 26's re-grade leftovers and trial round 27's follow-ups (docs/dialogue-trials.md), each
answered for the topic in view. round26 calls these cues at the end of its own; the anonymous
diagnosis asks `cause_walkthrough` before the generic walk-through of a problem."""
from __future__ import annotations

import re
from typing import List, Optional, Set

from rasa_sdk import Tracker

from actions.common import faq_given, said_this_session, wrote

# 「我换了新手机 医保码激活不了」: a new handset (the number may be the same) is no new activation
NEW_HANDSET = re.compile(r"换(了)?(个|部|台)?新手机|新(买|换)的手机|手机(换|丢)了|换(了)?手机")
NEW_NUMBER = re.compile(r"换(了)?(手机)?号|手机号(换|改|变)|收不到(验证码|短信)")
# 「能不能在建设银行app里激活医保码」: banks are one of the channels (domain.md)
BANK_APP = re.compile(r"(银行|建行|工行|农行|中行|交行|招行|邮储)(的)?(app|APP|手机银行|客户端)?|手机银行")
# 「医院里没信号 医保码打不开」: a building without signal, not the shop's Wi-Fi
NO_SIGNAL_INSIDE = re.compile(r"(医院|药店|药房|地下|电梯|楼里|住院部|门诊|大厅|里面|屋里|病房).{0,10}"
                              r"(没|没有|没啥)(信号|网)|(没|没有)(信号|网).{0,10}(医院|药店|药房|地下|住院部|门诊|病房)")
CODE_USE = re.compile(r"医保码|码|付|刷|结算|打不开|出不来")
SCREENSHOT_TEXTS = {"utter_code_no_screenshot", "utter_code_photo_useless"}
SEND_SHOT = re.compile(r"(截(个|张)?图|截屏|拍(个|张)?照|照片).{0,6}(发|传|给)|(发|传)(个|张)?(截图|照片)")
WALLET_TEXTS = {"utter_medical_wallet", "utter_wallet_vs_code"}
ONLY_IN_APP = re.compile(r"只(在|有|能在)(那个|国家医保|医保)?.{0,6}(app|APP|软件)|"
                         r"(微信|支付宝).{0,8}(没有|没)(钱包|这个)")
CHANNEL = re.compile(r"微信|支付宝|国家医保(服务平台)?(app|APP)?|银行")
CHANGE_NUMBER_THERE = re.compile(r"(改|换|更换|修改)(绑定的?)?(手机号|号码|号)|(手机号|号码).{0,4}(改|换)")


def cause_walkthrough(intent: str, text: str) -> Optional[List[str]]:
    """An anonymous first message naming its cause gets that cause's answer, not the list of all
    causes (round 26's re-grade: a changed phone, a bank app got the generic activation text)."""
    if intent == "activate_credential":
        if BANK_APP.search(text):
            return ["utter_activation_bank_app"]
        if NEW_NUMBER.search(text):
            return ["utter_activation_new_number"]
        if NEW_HANDSET.search(text):
            return ["utter_activation_new_handset"]
    if intent in ("network_error", "payment_failed", "app_problem") and NO_SIGNAL_INSIDE.search(text):
        return ["utter_no_signal_inside"]
    return None


def round27_first(short: str, tracker: Tracker) -> Optional[List[str]]:
    """Questions that name their own topic."""
    if NO_SIGNAL_INSIDE.search(short) and CODE_USE.search(short):
        return ["utter_no_signal_inside"]  # (round 26's re-grade: the shop Wi-Fi text for a hospital)
    return None


def round27_question(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    """Follow-ups that only make sense after what was said before in this conversation."""
    earlier = said_this_session(tracker) | said
    if (faq_given(earlier, "screenshot") or earlier & SCREENSHOT_TEXTS) and SEND_SHOT.search(short):
        return ["utter_screenshot_send_no"]  # 「截个图发给他呢」 (round 26's re-grade: the same text again)
    if earlier & WALLET_TEXTS and ONLY_IN_APP.search(short):
        return ["utter_wallet_any_code"]  # 「但是医保钱包只在那个app里啊」 (the wallet intro again)
    if wrote(tracker, NEW_NUMBER) and CHANNEL.search(short) and CHANGE_NUMBER_THERE.search(short):
        return ["utter_phone_change_channel"]  # 「那能在微信里直接改手机号不」 (read as the form's channel)
    return None
