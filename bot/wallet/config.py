"""Wallet backend settings, read from the environment in exactly one place."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Optional

from bot.settings import require_secret

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = REPO_ROOT / "var" / "wallet.db"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, got {raw!r}")


def _parse_positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


@dataclass(frozen=True)
class WalletSettings:
    """Runtime configuration; the defaults are safe for a local demo only."""

    # No defaults: secrets come from the environment or this install's var/secrets.env.
    service_key: str
    token_secret: str
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    token_ttl_seconds: int = 3600
    demo_mode: bool = False
    public_url: str = "http://127.0.0.1:8000"
    pin_max_tries: int = 5
    # Not env-driven: fixed by the product (see docs/wallet-api.md).
    pin_reset_ticket_ttl_seconds: int = 30 * 60
    # One-time codes for phone sign-in from a chat (docs/wallet-api.md).
    phone_code_ttl_seconds: int = 5 * 60
    phone_code_max_tries: int = 5
    phone_code_resend_seconds: int = 60
    phone_code_lock_seconds: int = 15 * 60
    phone_code_max_per_hour: int = 5  # no SMS bombing of someone else's number
    # Every code request takes at least this long, bound number or not (no timing oracle).
    phone_code_min_response_seconds: float = 0.08

    def __post_init__(self) -> None:
        # An empty secret would make every forged value "match" nothing useful; fail loudly.
        if not self.service_key or not self.token_secret:
            raise ValueError("WALLET_SERVICE_KEY and WALLET_TOKEN_SECRET must not be empty")

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "WalletSettings":
        env = os.environ if environ is None else environ
        defaults = cls(service_key="unused", token_secret="unused")

        def get(name: str, default: str) -> str:
            return env.get(name, default)

        return cls(
            database_url=get("WALLET_DATABASE_URL", defaults.database_url),
            service_key=require_secret("WALLET_SERVICE_KEY", env),
            token_secret=require_secret("WALLET_TOKEN_SECRET", env),
            token_ttl_seconds=_parse_positive_int(
                "WALLET_TOKEN_TTL_SECONDS",
                get("WALLET_TOKEN_TTL_SECONDS", str(defaults.token_ttl_seconds)),
            ),
            demo_mode=_parse_bool("WALLET_DEMO_MODE", get("WALLET_DEMO_MODE", "false")),
            public_url=get("WALLET_PUBLIC_URL", defaults.public_url).rstrip("/"),
            pin_max_tries=_parse_positive_int(
                "WALLET_PIN_MAX_TRIES", get("WALLET_PIN_MAX_TRIES", str(defaults.pin_max_tries))
            ),
        )

    def with_overrides(self, **changes) -> "WalletSettings":
        return replace(self, **changes)

