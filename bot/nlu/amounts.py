"""Parse the text of an ``amount`` entity ("128元", "¥128.00", "１２８块钱", "一百二十八元")."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Optional

_MAX_LEN = 40
# Upper bound for a plausible payment amount (yuan); anything larger is treated as noise.
MAX_AMOUNT = Decimal("100000000")

_PREFIXES = ("人民币", "rmb", "cny", "¥", "￥", "$")
# longest first
_SUFFIXES = ("块钱", "元钱", "元整", "人民币", "块", "元", "圆", "rmb", "cny")

_ARABIC = re.compile(r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?(万)?$")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = re.compile(r"^[零〇一二两三四五六七八九十百千万]+$")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits/letters/punctuation (１２８．５ -> 128.5) but keeps ¥/￥ apart
    text = unicodedata.normalize("NFKC", text).replace("￥", "¥")
    text = "".join(ch for ch in text if not ch.isspace())
    return text.lower().replace("，", ",").replace("。", ".")


def _strip_currency(text: str) -> str:
    changed = True
    while changed and text:
        changed = False
        for prefix in _PREFIXES:
            if text.startswith(prefix):
                text = text[len(prefix):]
                changed = True
        for suffix in _SUFFIXES:
            if text.endswith(suffix):
                text = text[: -len(suffix)]
                changed = True
    return text


def _cn_below_10000(text: str) -> Optional[int]:
    if not text:
        return 0
    total, digit, unit, zero = 0, None, None, False
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0:
                return None  # "二三" is not a number
            zero = zero or _CN_DIGITS[ch] == 0
            digit = _CN_DIGITS[ch] if _CN_DIGITS[ch] != 0 else None
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit, unit, zero = None, _CN_UNITS[ch], False
        else:
            return None
    if digit and unit and not zero:
        # 「一千五」 is 1500 and 「三百五」 350 (the unit below is left out); 「一千零五」 is 1005
        return total + digit * unit // 10
    return total + (digit or 0)


def _parse_chinese(text: str) -> Optional[Decimal]:
    if not _CN_NUMBER.match(text) or text.count("万") > 1:
        return None
    if "万" in text:
        high, low = text.split("万")
        high_value = _cn_below_10000(high) if high else None
        # 「一万二」 is 12000: a lone digit after 万 counts thousands
        low_value = _CN_DIGITS[low] * 1000 if len(low) == 1 and low in _CN_DIGITS else _cn_below_10000(low)
        if high_value is None or low_value is None:
            return None
        return Decimal(high_value * 10000 + low_value)
    value = _cn_below_10000(text)
    return None if value is None else Decimal(value)


def parse_amount(text: Optional[str]) -> Optional[Decimal]:
    """Return the amount in yuan as a :class:`~decimal.Decimal`, or ``None``.

    Full-width digits are normalised and currency words/symbols (元, 块, 块钱, ¥, ￥, RMB,
    人民币 ...) are stripped. The rest must be a whole number: "128", "128.5", "1,280",
    "1.5万" or Chinese numerals ("一百二十八"). Never raises; never uses float.
    """
    if not isinstance(text, str) or not text or len(text) > _MAX_LEN:
        return None
    try:
        number = _strip_currency(_normalise(text))
    except Exception:  # pragma: no cover - defensive: odd unicode
        return None
    if not number:
        return None
    match = _ARABIC.match(number)
    value: Optional[Decimal]
    if match:
        try:
            value = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            return None
        if match.group(3):
            value *= 10000
    else:
        value = _parse_chinese(number)
    if value is None or value < 0 or value > MAX_AMOUNT:
        return None
    return value
