"""Action-server settings, read from the environment in one place (secrets have no default: bot.settings)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from bot.settings import require_secret


@dataclass(frozen=True)
class ActionSettings:
    wallet_url: str
    service_key: str
    timeout_seconds: float
    read_retries: int
    hotline: str = "12393"
    # Demo only: where the demo platform's "phone" shows SMS codes (never the codes themselves).
    demo_sms_url: Optional[str] = None
    # One pooled client per process: connections to the wallet at most, kept-alive ones, and
    # how long an idle one is kept (below the wallet's 5 s keep-alive, so it never races a close).
    pool_max_connections: int = 64
    pool_max_keepalive: int = 32
    pool_keepalive_seconds: float = 3.0

    @classmethod
    def from_env(cls) -> "ActionSettings":
        return cls(
            wallet_url=os.environ.get("WALLET_URL", "http://127.0.0.1:8000").rstrip("/"),
            service_key=require_secret("WALLET_SERVICE_KEY"),
            timeout_seconds=float(os.environ.get("WALLET_TIMEOUT_SECONDS", "3")),
            read_retries=int(os.environ.get("WALLET_READ_RETRIES", "1")),
            demo_sms_url=os.environ.get("DEMO_SMS_URL") or None,
        )
