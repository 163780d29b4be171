"""Two questions the classifier reads as something else, recognised by their words.

- An old phone (「手机是iphone6 是不是太老了」「好几年前的oppo 系统没升级过」): a device-compatibility
  question (app_problem), not the bound phone number (faq/change_phone) or the hospital's system.
- A family member's PIN (「我孩子的密码也是这个吗」): about one PIN per person and 亲情账户
  (family_binding), not a PIN reset.
Used by the NLU guards (bot/nlu/guard.py) and by the actions that answer them.
"""
from __future__ import annotations

import re

_DEVICE = re.compile(r"iphone|苹果|oppo|vivo|华为|荣耀|小米|红米|三星|魅族|一加|安卓|android|ios|老人机|手机|机子",
                     re.IGNORECASE)
_OLD = re.compile(r"太老|老了|旧了|太旧|老手机|旧手机|老款|好几年|几年前|多年前|用了\d+年|"
                  r"[0-9一二两三四五六七八九十]+年前|系统没(?:有)?(?:升级|更新)|没(?:有)?(?:升级|更新)过|"
                  r"系统太(?:老|旧|低)|版本太(?:低|老|旧)|不兼容|iphone\s*[4-8](?!\d)|苹果[4-8](?!\d)",
                  re.IGNORECASE)
# The bound number, a new phone number: the change-phone answer.
_NUMBER = re.compile(r"手机号|号码|换号|号换|验证码|短信")


def old_device(text: str) -> bool:
    """The person's phone (or its system) may be too old for the APP."""
    return bool(_DEVICE.search(text) and _OLD.search(text) and not _NUMBER.search(text))


_FAMILY = re.compile(r"孩子|小孩|儿子|女儿|闺女|宝宝|娃|老人|父母|爸|妈|老婆|老公|媳妇|爱人|家人|家里人|亲属")
_PIN = re.compile(r"密码")
_SAME = re.compile(r"也是|一样|同一个|共用|通用|也用|也要|一起|同样|跟我")


def asks_family_pin(text: str) -> bool:
    """Whether a family member's PIN is the person's own (one credential and PIN per person)."""
    return bool(_FAMILY.search(text) and _PIN.search(text) and _SAME.search(text))
