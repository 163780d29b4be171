"""The widget bundle the site serves: rasa-webchat 1.0.1's `lib/index.js` with two fixes applied.

The package is pinned (package-lock.json, with its integrity hash), so the fixes are exact text
replacements; each must match exactly as often as expected, else the build fails loudly (a new
widget version has to be looked at, not patched blindly).

1. No third-party request: every stylesheet of the bundle starts with
   `@import url(https://fonts.googleapis.com/...Inter...)`. The demo page's CSP blocked it and the
   console logged one error per stylesheet (11 per page load); a host site without such a CSP
   would send its visitors' addresses to Google. Removed; the widget falls back to system fonts
   (embed.css names CJK ones).
2. One socket per widget: `isInitialized()` was "a socket exists *and is connected*". When the
   chat was opened (or a message sent) before the first socket had connected,
   `initializeWidget()` created a second socket. Both asked for a session, the server minted two,
   the widget kept whichever `session_confirm` came last, but emitted through the other socket,
   and the channel (which accepts a message only for the session confirmed to that very socket)
   dropped every message: silence. A socket that exists reconnects by itself, so "exists" is
   the right test.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Optional, Tuple

logger = logging.getLogger(__name__)

FONT_IMPORT = "@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
FONT_IMPORTS_EXPECTED = 11
IS_INITIALIZED = ('key:"isInitialized",value:function(){return null!==this.socket&&this.socket.connected}',
                  'key:"isInitialized",value:function(){return null!==this.socket}')
PATCH_VERSION = "1"


class BundleError(RuntimeError):
    """The installed widget is not the version these fixes were written for."""


def patch(source: str) -> str:
    found = source.count(FONT_IMPORT)
    if found != FONT_IMPORTS_EXPECTED:
        raise BundleError(f"expected {FONT_IMPORTS_EXPECTED} Google font imports in the widget bundle, "
                          f"found {found}: is rasa-webchat still 1.0.1 (bot/web/package-lock.json)?")
    patched = source.replace(FONT_IMPORT, "")
    old, new = IS_INITIALIZED
    if patched.count(old) != 1:
        raise BundleError("the widget bundle's Socket.isInitialized() is not the one of rasa-webchat 1.0.1")
    patched = patched.replace(old, new)
    if "fonts.googleapis.com" in patched:
        raise BundleError("the widget bundle still refers to fonts.googleapis.com")
    return patched


def build(source: Path, target_dir: Path) -> Optional[Path]:
    """The patched bundle for `source` (written next to it, under node_modules, never committed);
    None when the widget is not installed."""
    if not source.is_file():
        return None
    raw = source.read_bytes()
    digest = hashlib.sha256(raw + PATCH_VERSION.encode()).hexdigest()[:16]
    target = target_dir / f"widget-{digest}.js"
    if not target.is_file():
        target_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".tmp")
        partial.write_text(patch(raw.decode("utf-8")), encoding="utf-8")
        partial.replace(target)  # atomic: a concurrent reader sees the old file or the whole new one
        logger.info("widget bundle patched: %s", target)
    return target


def widget_bundle(source: Path, target_dir: Path) -> Tuple[Path, Optional[str]]:
    """The path to serve as /widget.js and, when it cannot be built, why."""
    try:
        built = build(source, target_dir)
    except (BundleError, OSError, UnicodeDecodeError) as exc:
        logger.error("widget bundle not served: %s", exc)
        return target_dir / "missing.js", str(exc)
    return (built or target_dir / "missing.js"), None
