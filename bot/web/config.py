"""Settings of the website, read from the environment in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from .bundle import widget_bundle

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
WIDGET_SOURCE = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
# What /widget.js serves: the installed bundle with our fixes (bot.web.bundle), built once per
# installed version under node_modules (never committed). Missing → /widget.js answers 503.
WIDGET_BUNDLE, WIDGET_BUNDLE_ERROR = widget_bundle(WIDGET_SOURCE, WEB_DIR / "node_modules" / ".yibao")


@dataclass(frozen=True)
class WebSettings:
    port: int = 8080
    # Where the visitor's browser reaches Rasa's socket.io channel (the Rasa server URL).
    rasa_url: str = "http://127.0.0.1:5005"
    # The wallet backend, called server-side only (demo personas and demo sign-in).
    wallet_url: str = "http://127.0.0.1:8000"
    wallet_timeout: float = 5.0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "WebSettings":
        env = os.environ if env is None else env
        return cls(
            port=int(env.get("WEB_PORT", cls.port)),
            rasa_url=env.get("RASA_URL", cls.rasa_url).rstrip("/"),
            wallet_url=env.get("WALLET_URL", cls.wallet_url).rstrip("/"),
            wallet_timeout=float(env.get("WALLET_TIMEOUT_SECONDS", cls.wallet_timeout)),
        )
