"""The REST channel with the request checked first.

Rasa's own RestInput answers a JSON list or a non-string message with a 500 or an empty 200
and logs the raw text on failure; this one answers bad requests with a 4xx that says what is
wrong, and never logs message text.

A typed answer to the last reply's buttons (「2」「第二个」「深圳那个」) counts as pressing that button
(`bot.channels.choices`), and long texts come back as chat-sized bubbles (`bot.bubbles`).
"""
from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.bubbles import bubble_messages
from bot.channels.choices import PendingChoices
from bot.channels.common import NO_REPLY_FALLBACK, buttons_of, choose, masked_user_message
from bot.channels.load import BUSY_REPLY, admit_turn
from bot.shared_state import choice_store

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 20000
MAX_SENDER_CHARS = 128
# The message limit counts characters as decoded: a client that escapes non-ASCII (\u4e2d, or
# two escapes for an emoji) sends up to 12 bytes per character, so the raw body may be that much
# larger. Anything beyond is refused before JSON parsing.
MAX_BODY_BYTES = 12 * MAX_MESSAGE_CHARS + 16 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def validate_body(body: Any) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """(clean request, None) or (None, Chinese-and-English error message)."""
    if not isinstance(body, dict):
        return None, "request body must be a JSON object / 请求体必须是 JSON 对象"
    sender, message, metadata = body.get("sender", "default"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return None, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters"
    if _CONTROL.search(sender) or any("\ud800" <= ch <= "\udfff" for ch in sender):
        return None, "'sender' must not contain control characters / 'sender' 不能包含控制字符"
    if not isinstance(message, str):
        return None, "'message' must be a string / 'message' 必须是字符串"
    if len(message) > MAX_MESSAGE_CHARS:
        return None, f"'message' is longer than {MAX_MESSAGE_CHARS} characters / 消息不能超过{MAX_MESSAGE_CHARS}个字"
    if metadata is not None and not isinstance(metadata, dict):
        return None, "'metadata' must be a JSON object"
    return {"sender": sender, "message": message, "metadata": metadata or {}}, None


class ValidatedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self, choices: Optional[PendingChoices] = None) -> None:
        super().__init__()
        # Several Rasa servers share the choices in Redis (bot/shared_state.py); one keeps them here.
        self.choices = choices or PendingChoices(self.name(), store=choice_store())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("validated_rest_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.json({"error": f"request body larger than {MAX_BODY_BYTES} bytes / 请求过大"},
                                     status=413)
            try:
                body = request.json
            except Exception:  # Sanic raises its own InvalidUsage for broken JSON
                return response.json({"error": "invalid JSON / JSON 格式错误"}, status=400)
            clean, error = validate_body(body)
            if error:
                return response.json({"error": error}, status=422)
            collector = CollectingOutputChannel()
            sender = clean["sender"]
            message = masked_user_message(clean["message"], collector, sender,
                                          self.name(), clean["metadata"])
            choice = await choose(message, self.choices)
            if choice.reply:  # 「第三个」 of two: the same question again, no Rasa turn
                return response.json([{"recipient_id": sender, "text": choice.reply,
                                       "buttons": choice.options}])
            try:
                if not await admit_turn(on_new_message, message):  # overload: not processed
                    await self.choices.restore(sender, choice)  # the same answer works on a retry
                    return response.json([{"recipient_id": sender, "text": BUSY_REPLY}],
                                         headers={"Retry-After": "30"})
            except Exception:
                logger.exception("REST message for a conversation could not be handled")
                collector.messages.clear()
            messages = bubble_messages(collector.messages)
            await self.choices.record(sender, buttons_of(messages))
            if not messages and message.text.strip():
                return response.json([{"recipient_id": sender, "text": NO_REPLY_FALLBACK}])
            return response.json(messages)

        return hook
