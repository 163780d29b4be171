"""What every channel of ours shares."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional, Tuple

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels.choices import PendingChoices, Resolution
from bot.privacy import SEALED_PHONES_KEY, clean_text, install_log_masking, mask_sensitive, phones_in, seal

install_log_masking()  # loaded by the Rasa process: mask what Rasa logs about user text too

# A bot message carrying {"session": {"token", "expires_at"}} hands a phone sign-in to the channel.
SESSION_PAYLOAD_KEY = "session"
# Message metadata that only the server sets (our channels, Rasa's processor).
SERVER_METADATA_KEYS = frozenset({SEALED_PHONES_KEY, "model_id", "assistant_id"})

# Sent when the assistant produced no reply at all (e.g. the action server is down), so that
# a person is never left with silence. Everything else the assistant says lives in domain.yml.
NO_REPLY_FALLBACK = "抱歉，我这边暂时出了点问题，没能处理您的消息。请稍后再试，或拨打医保服务热线12393。"


def masked_user_message(text: str, output: OutputChannel, sender_id: str, input_channel: str,
                        metadata: Optional[Dict[str, Any]] = None) -> UserMessage:
    """The one way our channels hand a message to Rasa: control characters dropped and personal
    numbers masked first, so they never reach NLU, the tracker store, the logs or a ticket."""
    text = clean_text(text)
    masked, kinds = mask_sensitive(text)
    # Only we set sealed values, and Rasa its model and assistant ids: a client's are dropped.
    metadata = {k: v for k, v in (metadata or {}).items() if k not in SERVER_METADATA_KEYS}
    if "phone" in kinds:
        # Phone sign-in needs the number; the action server alone can open this (bot.privacy).
        metadata[SEALED_PHONES_KEY] = [seal(phone, sender_id) for phone in phones_in(text)[:3]]
    return UserMessage(masked, output, sender_id, input_channel=input_channel, metadata=metadata)


async def choose(message: UserMessage, choices: PendingChoices) -> Resolution:
    """A typed answer to the last bot turn's buttons becomes that button's payload.

    On the masked text: a number the person types as a choice (one or two digits) is never masked,
    and nothing masked must come back by way of a choice."""
    resolution = await choices.resolve(message.sender_id, message.text or "")
    if resolution.chosen:
        message.text = resolution.text
    return resolution


def buttons_of(messages: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The buttons of a bot turn, in the order shown."""
    return [b for m in messages for b in (m.get("buttons") or m.get("quick_replies") or [])
            if isinstance(b, dict)]


def session_from_payload(message: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The phone sign-in a bot message hands over ({"token", "expires_at"}), if it is one."""
    custom = message.get("custom")
    session = custom.get(SESSION_PAYLOAD_KEY) if isinstance(custom, dict) else None
    if isinstance(session, dict) and isinstance(session.get("token"), str):
        return session
    return None


TOKEN_MARGIN_SECONDS = 60


def token_lifetime(expires_at: Any) -> float:
    """Seconds a sign-in token may still be used, from the wallet's `expires_at` (0: not at all):
    a token is dropped a minute before the wallet would refuse it."""
    try:
        expires = datetime.fromisoformat(str(expires_at).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return 0.0
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=timezone.utc)
    return max(0.0, (expires - datetime.now(timezone.utc)).total_seconds() - TOKEN_MARGIN_SECONDS)


class ConversationTokens:
    """Sign-in tokens per conversation, kept by a channel that can tell its callers apart.

    Only channels that can tell a caller apart from a stranger use this: WeChat (the openid
    comes from a signed request) and the widget (keyed by the socket). The REST channel cannot,
    so its callers keep the token themselves. A token is dropped
    a minute before the wallet would refuse it.
    """

    PRUNE_AT = 10_000

    def __init__(self) -> None:
        self._tokens: Dict[str, Tuple[str, float]] = {}

    def remember(self, conversation_id: str, token: Optional[str], expires_at: Any) -> None:
        lifetime = token_lifetime(expires_at)
        if token and lifetime > 0:
            now = time.monotonic()
            if len(self._tokens) >= self.PRUNE_AT:  # bounded memory: drop what has expired
                self._tokens = {k: v for k, v in self._tokens.items() if v[1] > now}
            self._tokens[conversation_id] = (token, now + lifetime)

    def forget(self, conversation_id: str) -> None:
        self._tokens.pop(conversation_id, None)

    def token(self, conversation_id: str) -> Optional[str]:
        entry = self._tokens.get(conversation_id)
        if entry is None:
            return None
        if entry[1] <= time.monotonic():
            del self._tokens[conversation_id]
            return None
        return entry[0]
