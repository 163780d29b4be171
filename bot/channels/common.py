"""What every channel of ours shares."""
from __future__ import annotations

from typing import Any, Dict, Optional

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.privacy import mask_sensitive

# Sent when the assistant produced no reply at all (e.g. the action server is down), so that
# a person is never left with silence. Everything else the assistant says lives in domain.yml.
NO_REPLY_FALLBACK = "抱歉，我这边暂时出了点问题，没能处理您的消息。请稍后再试，或拨打医保服务热线12393。"


def masked_user_message(text: str, output: OutputChannel, sender_id: str, input_channel: str,
                        metadata: Optional[Dict[str, Any]] = None) -> UserMessage:
    """The one way our channels hand a message to Rasa: personal numbers masked first, so they
    never reach NLU, the tracker store or the logs."""
    masked, _ = mask_sensitive(text)
    return UserMessage(masked, output, sender_id, input_channel=input_channel,
                       metadata=metadata or {})
