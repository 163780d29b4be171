"""Service-key check, user tokens (HMAC-SHA256), PIN hashing and PIN-reset URL secrets.

Stdlib only. A user token is `base64url(json payload) "." base64url(hmac_sha256(payload))`;
the payload carries the person id, issued-at, expiry and a random jti.
"""
from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

TOKEN_VERSION = 1
MAX_TOKEN_LENGTH = 1024
PIN_HASH_ALGORITHM = "pbkdf2_sha256"
PIN_HASH_ITERATIONS = 310_000


class TokenError(Exception):
    """`reason` is the API detail: 'invalid_token' or 'token_expired'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class TokenClaims:
    person_id: str
    issued_at: datetime
    expires_at: datetime
    jti: str


def service_key_matches(presented: Optional[str], expected: str) -> bool:
    if not presented:
        return False
    return hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8"))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def _derive_key(secret: str, purpose: str) -> bytes:
    # Separate keys per purpose so a token can never double as a PIN-reset secret.
    return hmac.new(secret.encode("utf-8"), purpose.encode("utf-8"), hashlib.sha256).digest()


def _sign(secret: str, message: bytes) -> bytes:
    return hmac.new(_derive_key(secret, "user-token"), message, hashlib.sha256).digest()


def issue_user_token(person_id: str, *, secret: str, now: datetime, ttl_seconds: int) -> tuple[str, TokenClaims]:
    issued = int(now.timestamp())
    claims = {
        "v": TOKEN_VERSION,
        "sub": person_id,
        "iat": issued,
        "exp": issued + int(ttl_seconds),
        "jti": secrets.token_hex(16),
    }
    payload = _b64encode(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    token = f"{payload}.{_b64encode(_sign(secret, payload.encode('ascii')))}"
    return token, _claims_from_dict(claims)


def _claims_from_dict(data: dict) -> TokenClaims:
    return TokenClaims(
        person_id=data["sub"],
        issued_at=datetime.fromtimestamp(data["iat"], timezone.utc),
        expires_at=datetime.fromtimestamp(data["exp"], timezone.utc),
        jti=data["jti"],
    )


_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def verify_user_token(token: Optional[str], *, secret: str, now: datetime) -> TokenClaims:
    """Return the claims or raise TokenError; never raises anything else for any input."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not _TOKEN_SHAPE.fullmatch(token):
        raise TokenError("invalid_token")
    payload, signature = token.split(".")
    try:
        presented = _b64decode(signature)
    except (binascii.Error, ValueError):
        raise TokenError("invalid_token") from None
    if not hmac.compare_digest(presented, _sign(secret, payload.encode("ascii"))):
        raise TokenError("invalid_token")
    try:
        data = json.loads(_b64decode(payload).decode("utf-8"))
    except (binascii.Error, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise TokenError("invalid_token") from None
    if (
        not isinstance(data, dict)
        or data.get("v") != TOKEN_VERSION
        or not isinstance(data.get("sub"), str)
        or not isinstance(data.get("jti"), str)
        or type(data.get("iat")) is not int
        or type(data.get("exp")) is not int
    ):
        raise TokenError("invalid_token")
    if now.timestamp() >= data["exp"]:
        raise TokenError("token_expired")
    try:
        return _claims_from_dict(data)
    except (OverflowError, OSError, ValueError):
        raise TokenError("invalid_token") from None


# --- PIN hashing -------------------------------------------------------------------------

def hash_pin(pin: str, *, salt: Optional[bytes] = None, iterations: int = PIN_HASH_ITERATIONS) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    return _hash_pin_cached(pin, salt, iterations)


@functools.lru_cache(maxsize=64)
def _hash_pin_cached(pin: str, salt: bytes, iterations: int) -> str:
    # Cached so re-seeding demo personas (fixed salts) does not pay the slow hash again.
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return f"{PIN_HASH_ALGORITHM}${iterations}${_b64encode(salt)}${_b64encode(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        algorithm, iterations_text, salt_text, digest_text = stored.split("$")
        iterations = int(iterations_text)
        salt, expected = _b64decode(salt_text), _b64decode(digest_text)
    except (ValueError, binascii.Error):
        return False
    if algorithm != PIN_HASH_ALGORITHM:
        return False
    actual = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(actual, expected)


# --- PIN-reset URL secrets ----------------------------------------------------------------

_RESET_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,128}")


def pin_reset_secret(ticket_id: str, *, secret: str) -> str:
    """Derived, not stored: the ticket can hand out its URL again without keeping the secret."""
    mac = hmac.new(_derive_key(secret, "pin-reset-url"), ticket_id.encode("utf-8"), hashlib.sha256)
    return _b64encode(mac.digest())


def pin_reset_secret_hash(url_secret: str) -> str:
    return hashlib.sha256(url_secret.encode("utf-8")).hexdigest()


def looks_like_reset_secret(url_secret: str) -> bool:
    return bool(_RESET_SECRET_SHAPE.fullmatch(url_secret))


PHONE_CODE_DIGITS = 6


def new_phone_code() -> str:
    return f"{secrets.randbelow(10 ** PHONE_CODE_DIGITS):0{PHONE_CODE_DIGITS}d}"


def phone_code_hash(secret: str, phone: str, code: str) -> str:
    # Keyed: a 6-digit code has too little entropy for a plain hash to protect it.
    message = f"{phone}:{code}".encode("utf-8")
    return hmac.new(_derive_key(secret, "phone-code"), message, hashlib.sha256).hexdigest()


def phone_code_matches(secret: str, phone: str, code: str, expected_hash: str) -> bool:
    return hmac.compare_digest(phone_code_hash(secret, phone, code), expected_hash)
