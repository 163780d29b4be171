"""Mask personal numbers before a message reaches Rasa (NLU, tracker store, logs).

The PIN is never wanted in chat; ID-card, bank-card and phone numbers are not needed either.
Channels call `mask_sensitive` on every incoming text; the placeholders tell the NLU guard
(`bot.nlu.guard`) that something was masked, so the assistant warns the user.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import re
import secrets
import time
import unicodedata
import warnings
from typing import List, Optional, Tuple
from urllib.parse import unquote

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot.settings import require_secret

logger = logging.getLogger(__name__)

PLACEHOLDERS = {
    "id_card": "[身份证号已隐藏]",
    "bank_card": "[银行卡号已隐藏]",
    "phone": "[手机号已隐藏]",
    "pin": "[密码已隐藏]",
}
PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))

# People get numbers past a pattern by writing them differently, so matching runs on a copy
# normalised one character for one character (positions stay valid for the original):
# any Unicode digit (full-width １, ①), Chinese numerals (三八六, 幺 as said for phone numbers,
# 叁 as on cheques), full-width letters and spaces, traditional 碼.
_CHINESE_DIGITS = {
    **dict.fromkeys("零〇○◯", "0"), **dict.fromkeys("一壹幺", "1"), **dict.fromkeys("二贰貳两兩", "2"),
    **dict.fromkeys("三叁參", "3"), **dict.fromkeys("四肆", "4"), **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"), **dict.fromkeys("七柒", "7"), **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
_TRADITIONAL = {"碼": "码", "驗": "验", "證": "证", "數": "数"}
# What people put between digit groups: spaces of any width, dashes, dots, slashes,
# underscores and invisible format characters (zero-width space).
_SEP_CHARS = " \t\u00a0\u3000-‐‑‒–—―−﹣.·・•‧∙_/\u200b\u200c\u200d\u2060\ufeff"
_SEP = "[" + re.escape(_SEP_CHARS) + "]{1,3}"
# A digit run: digit groups joined by short separators, maybe an ID card's final X.
_RUN = re.compile(r"\d+(?:" + _SEP + r"\d+)*(?:(?:" + _SEP + r")?X(?![A-Za-z]))?")
_GROUP = re.compile(r"\d+|X")

_ID_18 = re.compile(r"[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")
_ID_15 = re.compile(r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")  # before 1999: 2-digit year
_PHONE = re.compile(r"(?:0086|86)?(1[3-9]\d{9})")
_SIZES = {6, 11, 13, 15, 16, 17, 18, 19}  # PIN, phone (86…, 0086…), ID cards, bank cards
_LONGEST = max(_SIZES)

# A PIN is six digits like many harmless numbers (region 440300), so only in a PIN context.
# Not 验证码: a one-time SMS code is asked for in chat (phone sign-in) and is worthless once used.
_GAP = r"[\s·._*\-]{0,2}"
_PIN_WORDS = ("密码", "密马", "口令", "支付码", "交易码")
_PIN_CONTEXT = re.compile(
    "|".join(_GAP.join(map(re.escape, word)) for word in _PIN_WORDS)
    + r"|(?<![a-z])(?:pin|password|passcode|passwd|pwd|mima)(?![a-z])", re.IGNORECASE)
# "六位数是…" names a PIN too, unless the six digits are the SMS code being asked for.
_SIX_DIGIT_CONTEXT = re.compile(r"[6六]" + _GAP + r"位" + _GAP + "数")
_SMS_CONTEXT = re.compile(r"验证码|校验码|短信|动态码")


def _digit(ch: str) -> str:
    if ch.isdigit():
        try:
            return str(unicodedata.digit(ch))
        except ValueError:
            return ch
    return ch


def ascii_digits(text: str) -> str:
    """Every Unicode digit as its ASCII digit (１ → 1, ① → 1), one character for one."""
    return "".join(_digit(ch) for ch in text)


def _wide_to_narrow(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII: Ｘ, －, ．
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    return _TRADITIONAL.get(ch, ch)


def normalise(text: str) -> str:
    """The text as matched: same length, every digit-like character an ASCII digit, ID-card
    X upper case, full-width ASCII narrowed, traditional 碼 simplified."""
    out = []
    for ch in text:
        ch = _wide_to_narrow(_digit(ch))
        out.append(_CHINESE_DIGITS.get(ch, "X" if ch == "x" else ch))
    return "".join(out)


def _kind_of(number: str, pin_context: bool) -> Optional[str]:
    """What a digit string (with separators removed) is, if it is personal."""
    size = len(number)
    if "X" in number:
        return "id_card" if size == 18 and number.index("X") == 17 else None
    if size == 18 and _ID_18.fullmatch(number) or size == 15 and _ID_15.fullmatch(number):
        return "id_card"
    if _PHONE.fullmatch(number):
        return "phone"
    if 15 <= size <= 19:
        return "bank_card"
    if size == 6 and pin_context:
        return "pin"
    return None


def _pin_context(text: str) -> bool:
    if _PIN_CONTEXT.search(text):
        return True
    return bool(_SIX_DIGIT_CONTEXT.search(text)) and not _SMS_CONTEXT.search(text)


def _best_split(groups: List[Tuple[int, int, str]], pin_context: bool) -> List[Tuple[int, int, str, str]]:
    n = len(groups)
    best: List[int] = [0] * (n + 1)  # digits masked in groups[i:]
    choice: List[Optional[Tuple[int, str, str]]] = [None] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i] = best[i + 1]
        number = ""
        for j in range(i, min(n, i + _LONGEST)):
            number += groups[j][2]
            if len(number) > _LONGEST:
                break
            if len(number) not in _SIZES:
                continue
            kind = _kind_of(number, pin_context and i == j)
            if kind and len(number) + best[j + 1] > best[i]:
                best[i], choice[i] = len(number) + best[j + 1], (j, kind, number)
    found, i = [], 0
    while i < n:
        picked = choice[i]
        if picked is None:
            i += 1
            continue
        j, kind, number = picked
        found.append((groups[i][0], groups[j][1], kind, number))
        i = j + 1
    return found


def _find(text: str) -> List[Tuple[int, int, str, str]]:
    """(start, end, kind, digits) of every personal number in the text, in order."""
    flat = normalise(text)
    narrow = "".join(_wide_to_narrow(ch) for ch in text)  # Chinese numerals kept: 六位数
    pin_context = _pin_context(narrow)
    found: List[Tuple[int, int, str, str]] = []
    for run in _RUN.finditer(flat):
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group()) for m in _GROUP.finditer(run.group())]
        whole = "".join(g[2] for g in groups)
        kind = _kind_of(whole, pin_context)
        if kind:
            found.append((groups[0][0], groups[-1][1], kind, whole))
            continue
        # Several numbers in one run ("13812345678 6222…"): split it at separators so that
        # as many digits as possible are masked (dynamic programming over the groups, each
        # number at most _LONGEST digits). A PIN only as one whole group, so that a date
        # written 2026 11 25 is not taken for one.
        found.extend(_best_split(groups, pin_context))
    return found


# C0/C1 control characters other than tab and newline: a NUL once made every later handoff
# fail (the wallet refuses it in the ticket summary), and nobody types them on purpose.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # JSON may carry a lone surrogate; no database stores it


def clean_text(text: str) -> str:
    """The text without control characters (CR LF becomes LF) and with lone surrogates as U+FFFD."""
    if not isinstance(text, str):
        return text
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text.replace("\r\n", "\n")))


def mask_sensitive(text: str) -> Tuple[str, List[str]]:
    """(masked text, kinds masked). Digits elsewhere come back as ASCII digits when anything
    was masked, the text unchanged when nothing was."""
    found = _find(text)
    if not found:
        return text, []
    out, kinds, last = [], [], 0
    plain = ascii_digits(text)
    for start, end, kind, _ in found:
        if start > 0 and plain[start - 1] in "+＋" and kind == "phone":
            start -= 1  # +86 138…
        out.append(plain[last:start])
        out.append(PLACEHOLDERS[kind])
        last = end
        if kind not in kinds:
            kinds.append(kind)
    out.append(plain[last:])
    return "".join(out), kinds


def phones_in(text: str) -> List[str]:
    """The mobile numbers in a message, as 11 plain digits (what `mask_sensitive` hides)."""
    phones = [_PHONE.fullmatch(digits).group(1) for _, _, kind, digits in _find(text) if kind == "phone"]
    return list(dict.fromkeys(phones))


# --- logs: Rasa echoes the text of a message it cannot parse ("Failed to parse arguments in
# line '/inform{…'" as a Python warning, "message.parsing.failed" through structlog). Channels
# mask before that, but Rasa's HTTP API (/model/parse) does not go through them.
USER_TEXT_LOGGERS = (
    "rasa.shared.core.training_data.story_reader.yaml_story_reader",
    "rasa.nlu.classifiers.regex_message_handler",
    "py.warnings",  # where warnings go once something calls logging.captureWarnings(True)
)


class MaskingLogFilter(logging.Filter):
    """Masks personal numbers in the message of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's problem, not ours
            return True
        masked, kinds = mask_sensitive(message)
        if kinds:
            record.msg, record.args = masked, None
        return True


def _masking_showwarning(show):
    def showwarning(message, category, filename, lineno, file=None, line=None):
        masked, kinds = mask_sensitive(str(message))
        show(masked if kinds else message, category, filename, lineno, file, line)

    showwarning.masks_personal_numbers = True
    return showwarning


def install_log_masking() -> None:
    """Mask personal numbers in what Rasa logs about user text (idempotent; the Rasa process
    calls it when it loads our channels)."""
    for name in USER_TEXT_LOGGERS:
        log = logging.getLogger(name)
        if not any(isinstance(f, MaskingLogFilter) for f in log.filters):
            log.addFilter(MaskingLogFilter())
    if not getattr(warnings.showwarning, "masks_personal_numbers", False):
        warnings.showwarning = _masking_showwarning(warnings.showwarning)


# --- access logs: request paths may carry a phone number (the demo SMS inbox,
# /api/v1/demo/sms?phone=…), which uvicorn would write down verbatim.
_PHONE_PARAM = re.compile(r"([?&](?:phone|mobile|tel)=)[^&#\s]*", re.IGNORECASE)


# A PIN-reset link's last part is a credential for 30 minutes (bot/wallet/security.py).
_RESET_LINK = re.compile(r"(/wallet/pin-reset/)[^\s/?#\"'<>）)]+")


def redact_reset_links(text: str, replacement: str = "***") -> str:
    """Keep that a reset link was there, never its secret (logs, stored conversations)."""
    return _RESET_LINK.sub(lambda m: m.group(1) + replacement, text) if "/wallet/pin-reset/" in text else text


def redact_url(url: str) -> str:
    """A request path fit for a log: phone parameters and personal numbers hidden."""
    url = _PHONE_PARAM.sub(r"\1***", url)
    masked, kinds = mask_sensitive(unquote(url))  # %20 between digit groups is a separator too
    return masked if kinds else url


class AccessLogFilter(logging.Filter):
    """For uvicorn.access (and httpx's request log): every string or URL argument of the record
    through redact()."""

    def redact(self, value: str) -> str:
        return redact_url(value)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.redact(str(a)) if isinstance(a, str) or type(a).__name__ == "URL" else a
                                for a in record.args)
        return True


# --- sealing: a masked phone number, readable only by our own action server ----------------
# Phone sign-in needs the number the user typed, but the text is masked before Rasa sees it.
# The channel seals the number (AES-GCM, key from PII_SEAL_KEY) into the message metadata,
# bound to the conversation id and to a time, so the tracker store holds only ciphertext that
# cannot be replayed in another conversation or after SEAL_TTL_SECONDS.
SEAL_KEY_ENV = "PII_SEAL_KEY"
SEALED_PHONES_KEY = "sealed_phones"  # message metadata key; only our channels may set it
SEAL_TTL_SECONDS = 15 * 60


@functools.lru_cache(maxsize=4)
def _derive_seal_key(secret: str) -> bytes:
    return hashlib.sha256(b"pii-seal:" + secret.encode("utf-8")).digest()


def _seal_key() -> bytes:
    # No public fallback: a known key would let anyone open the seals kept in the tracker store.
    return _derive_seal_key(require_secret(SEAL_KEY_ENV))


def seal(value: str, conversation_id: str, now: Optional[float] = None) -> str:
    nonce = secrets.token_bytes(12)
    payload = json.dumps({"v": value, "t": int(now if now is not None else time.time())}).encode("utf-8")
    sealed = AESGCM(_seal_key()).encrypt(nonce, payload, conversation_id.encode("utf-8"))
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(sealed: object, conversation_id: str, now: Optional[float] = None) -> Optional[str]:
    """The sealed value, or None when forged, from another conversation or too old."""
    if not isinstance(sealed, str) or len(sealed) > 512:
        return None
    try:
        raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
        data = json.loads(AESGCM(_seal_key()).decrypt(raw[:12], raw[12:], conversation_id.encode("utf-8")))
    except (ValueError, InvalidTag, UnicodeError):
        return None
    moment = now if now is not None else time.time()
    if not isinstance(data, dict) or not isinstance(data.get("v"), str) or not isinstance(data.get("t"), int):
        return None
    if not 0 <= moment - data["t"] <= SEAL_TTL_SECONDS:
        return None
    return data["v"]
