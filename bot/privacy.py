"""Mask personal numbers before a message reaches Rasa (NLU, tracker store, logs).

The PIN is never wanted in chat; ID-card, bank-card and phone numbers are not needed either.
Channels call `mask_sensitive` on every incoming text; the placeholders tell the NLU guard
(`bot.nlu.guard`) that something was masked, so the assistant warns the user.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import secrets
import time
import unicodedata
from typing import List, Optional, Tuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

logger = logging.getLogger(__name__)

PLACEHOLDERS = {
    "id_card": "[身份证号已隐藏]",
    "bank_card": "[银行卡号已隐藏]",
    "phone": "[手机号已隐藏]",
    "pin": "[密码已隐藏]",
}
PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))

_ID_CARD = re.compile(r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])")
# 16–19 digits, written straight or in groups of four (6222 0212 3456 7890 123).
_BANK_CARD = re.compile(r"(?<![0-9])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)(?![0-9])")
# 11 digits from 13x–19x, with any single separator people put in (138 1234 5678, 13800-138000,
# 138.0013.8000, a full-width space), optionally +86 first.
_PHONE = re.compile(r"(?<![0-9])(?:[+＋]?86[ -]?)?1[3-9](?:[ .\-\u3000]?\d){9}(?![0-9])")
# Not 验证码: a one-time SMS code is asked for in chat (phone sign-in) and is worthless once used.
_PIN_CONTEXT = re.compile(r"密码|密马|口令|pin|支付码", re.IGNORECASE)
_SIX_DIGITS = re.compile(r"(?<![0-9])\d{6}(?![0-9])")


def ascii_digits(text: str) -> str:
    # Full-width digits (１２３) are digits too; NFKC maps them without touching Chinese.
    return "".join(unicodedata.normalize("NFKC", ch) if ch.isdigit() else ch for ch in text)


def mask_sensitive(text: str) -> Tuple[str, List[str]]:
    """(masked text, kinds masked). Order matters: the longest numbers first."""
    masked = ascii_digits(text)
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


def phones_in(text: str) -> List[str]:
    """The mobile numbers in a message, as 11 plain digits (what `mask_sensitive` hides)."""
    found = []
    for match in _PHONE.finditer(ascii_digits(text)):
        digits = re.sub(r"\D", "", match.group())
        found.append(digits[-11:])
    return list(dict.fromkeys(found))


# --- sealing: a masked phone number, readable only by our own action server ----------------
# Phone sign-in needs the number the user typed, but the text is masked before Rasa sees it.
# The channel seals the number (AES-GCM, key from PII_SEAL_KEY) into the message metadata,
# bound to the conversation id and to a time, so the tracker store holds only ciphertext that
# cannot be replayed in another conversation or after SEAL_TTL_SECONDS.
SEAL_KEY_ENV = "PII_SEAL_KEY"
SEALED_PHONES_KEY = "sealed_phones"  # message metadata key; only our channels may set it
DEMO_SEAL_KEY = "demo-pii-seal-key-change-me"
SEAL_TTL_SECONDS = 15 * 60


_warned_demo_key = False


def _seal_key() -> bytes:
    global _warned_demo_key
    secret = os.environ.get(SEAL_KEY_ENV)
    if not secret:
        if not _warned_demo_key:  # fine for the demo; anyone with the source can open the seals
            logger.warning("%s is not set: sealing phone numbers with the public demo key", SEAL_KEY_ENV)
            _warned_demo_key = True
        secret = DEMO_SEAL_KEY
    return hashlib.sha256(b"pii-seal:" + secret.encode("utf-8")).digest()


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
