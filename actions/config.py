"""Action-server settings, read from the environment in one place (safe demo defaults)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class ActionSettings:
    wallet_url: str
    service_key: str
    timeout_seconds: float
    read_retries: int
    hotline: str = "12393"
    # Demo only: where the demo platform's "phone" shows SMS codes (never the codes themselves).
    demo_sms_url: Optional[str] = None

    @classmethod
    def from_env(cls) -> "ActionSettings":
        return cls(
            wallet_url=os.environ.get("WALLET_URL", "http://127.0.0.1:8000").rstrip("/"),
            service_key=os.environ.get("WALLET_SERVICE_KEY", "demo-service-key"),
            timeout_seconds=float(os.environ.get("WALLET_TIMEOUT_SECONDS", "3")),
            read_retries=int(os.environ.get("WALLET_READ_RETRIES", "1")),
            demo_sms_url=os.environ.get("DEMO_SMS_URL") or None,
        )
