"""The REST channel with the request checked first.

Rasa's own RestInput answers a JSON list or a non-string message with a 500 or an empty 200
and logs the raw text on failure; this one answers bad requests with a 4xx that says what is
wrong, and never logs message text.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import NO_REPLY_FALLBACK, masked_user_message

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_MESSAGE_CHARS = 20000
MAX_SENDER_CHARS = 128


def validate_body(body: Any) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """(clean request, None) or (None, Chinese-and-English error message)."""
    if not isinstance(body, dict):
        return None, "request body must be a JSON object / 请求体必须是 JSON 对象"
    sender, message, metadata = body.get("sender", "default"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return None, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters"
    if not isinstance(message, str):
        return None, "'message' must be a string / 'message' 必须是字符串"
    if len(message) > MAX_MESSAGE_CHARS:
        return None, f"'message' is longer than {MAX_MESSAGE_CHARS} characters"
    if metadata is not None and not isinstance(metadata, dict):
        return None, "'metadata' must be a JSON object"
    return {"sender": sender, "message": message, "metadata": metadata or {}}, None


class ValidatedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("validated_rest_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.json({"error": "request too large"}, status=413)
            try:
                body = request.json
            except Exception:  # Sanic raises its own InvalidUsage for broken JSON
                return response.json({"error": "invalid JSON / JSON 格式错误"}, status=400)
            clean, error = validate_body(body)
            if error:
                return response.json({"error": error}, status=422)
            collector = CollectingOutputChannel()
            message = masked_user_message(clean["message"], collector, clean["sender"],
                                          self.name(), clean["metadata"])
            try:
                await on_new_message(message)
            except Exception:
                logger.exception("REST message for a conversation could not be handled")
                collector.messages.clear()
            if not collector.messages and message.text.strip():
                return response.json([{"recipient_id": clean["sender"], "text": NO_REPLY_FALLBACK}])
            return response.json(collector.messages)

        return hook
