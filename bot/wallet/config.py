"""Wallet backend settings: its view of the one settings layer (bot.config)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Optional

from bot.config import DEFAULT_WALLET_URL, Settings


@dataclass(frozen=True)
class WalletSettings:
    """Runtime configuration; the defaults are safe for a local demo only."""

    # No defaults: secrets come from the environment or this install's var/secrets.env.
    service_key: str
    token_secret: str
    database_url: str = Settings.__fields__["wallet_database_url"].default
    token_ttl_seconds: int = 3600
    demo_mode: bool = False
    public_url: str = DEFAULT_WALLET_URL
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
        """From the one settings layer (bot.config); SecretError / SettingsError name the variable."""
        s = Settings.from_env(environ)
        secrets = s.require("wallet")
        return cls(
            database_url=s.wallet_database_url,
            service_key=secrets["WALLET_SERVICE_KEY"],
            token_secret=secrets["WALLET_TOKEN_SECRET"],
            token_ttl_seconds=s.wallet_token_ttl_seconds,
            demo_mode=s.demo_mode,
            public_url=s.wallet_public_url,
            pin_max_tries=s.wallet_pin_max_tries,
        )

    def with_overrides(self, **changes) -> "WalletSettings":
        return replace(self, **changes)

