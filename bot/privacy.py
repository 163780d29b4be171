"""Mask personal numbers before a message reaches Rasa (NLU, tracker store, logs).

The PIN is never wanted in chat; ID-card, bank-card and phone numbers are not needed either.
Channels call `mask_sensitive` on every incoming text; the placeholders tell the NLU guard
(`bot.nlu.guard`) that something was masked, so the assistant warns the user.
"""
from __future__ import annotations

import re
import unicodedata
from typing import List, Tuple

PLACEHOLDERS = {
    "id_card": "[身份证号已隐藏]",
    "bank_card": "[银行卡号已隐藏]",
    "phone": "[手机号已隐藏]",
    "pin": "[密码已隐藏]",
}
PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))

_ID_CARD = re.compile(r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])")
_BANK_CARD = re.compile(r"(?<![0-9])(?:\d[ -]?){15,18}\d(?![0-9])")
_PHONE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])")
_PIN_CONTEXT = re.compile(r"密码|密马|口令|pin|支付码|验证码", re.IGNORECASE)
_SIX_DIGITS = re.compile(r"(?<![0-9])\d{6}(?![0-9])")


def _ascii_digits(text: str) -> str:
    # Full-width digits (１２３) are digits too; NFKC maps them without touching Chinese.
    return "".join(unicodedata.normalize("NFKC", ch) if ch.isdigit() else ch for ch in text)


def mask_sensitive(text: str) -> Tuple[str, List[str]]:
    """(masked text, kinds masked). Order matters: the longest numbers first."""
    masked = _ascii_digits(text)
    kinds: List[str] = []
    for kind, pattern in (("id_card", _ID_CARD), ("bank_card", _BANK_CARD), ("phone", _PHONE)):
        masked, count = pattern.subn(PLACEHOLDERS[kind], masked)
        if count:
            kinds.append(kind)
    if _PIN_CONTEXT.search(masked):
        masked, count = _SIX_DIGITS.subn(PLACEHOLDERS["pin"], masked)
        if count:
            kinds.append("pin")
    if not kinds:
        return text, []
    return masked, kinds
