"""Settings of the website: its view of the one settings layer (bot.config)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from bot.config import DEFAULT_RASA_URL, DEFAULT_WALLET_URL, Settings

from .bundle import widget_bundle

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
WIDGET_SOURCE = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
# What /widget.js serves: the installed bundle with our fixes (bot.web.bundle), built once per
# installed version under node_modules (never committed). Missing → /widget.js answers 503.
WIDGET_BUNDLE, WIDGET_BUNDLE_ERROR = widget_bundle(WIDGET_SOURCE, WEB_DIR / "node_modules" / ".yibao")


@dataclass(frozen=True)
class WebSettings:
    port: int = Settings.__fields__["web_port"].default
    # Where the visitor's browser reaches Rasa's socket.io channel (the Rasa server URL).
    rasa_url: str = DEFAULT_RASA_URL
    # The wallet backend, called server-side only (demo personas and demo sign-in).
    wallet_url: str = DEFAULT_WALLET_URL
    # Longer than the actions' budget: nothing waits on the site's demo calls but a person.
    wallet_timeout: float = 5.0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "WebSettings":
        s = Settings.from_env(env)
        return cls(port=s.web_port, rasa_url=s.rasa_url, wallet_url=s.wallet_url,
                   wallet_timeout=s.wallet_timeout_seconds or cls.wallet_timeout)
