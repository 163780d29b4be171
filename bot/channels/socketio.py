"""The socket.io channel of the website widget (rasa-webchat), masked and limited to known origins.

Registered in credentials.yml as `bot.channels.socketio.MaskingSocketIOInput`; `name()` stays
"socketio", so the endpoint stays `/socket.io` and conversations keep `input_channel: socketio`.

What differs from Rasa 3.6's `SocketIOInput` (whose `blueprint` this replaces; the output side,
`SocketIOOutput`, is Rasa's own):
- Text is masked (`bot.channels.common.masked_user_message`) before a `UserMessage` exists, so PINs and
  ID/bank/phone numbers never reach NLU, the tracker store or the logs (as in `bot.channels.rest`).
- Only configured origins may connect. Rasa builds `AsyncServer(cors_allowed_origins=[])`, and an
  empty list switches python-engineio's Origin check off completely: any web site could open a
  socket in a visitor's browser. Here the list comes from `WEB_ALLOWED_ORIGINS` (comma-separated,
  default: the demo site, http://127.0.0.1:8080 and http://localhost:8080); connections from
  other origins, polling or WebSocket, are answered with 400 before any session exists.
- Session ids are minted and signed by the server: "<conversation id>.<HMAC of it>" (32 + 32 hex
  digits; key `SOCKET_SESSION_KEY`, else derived from `PII_SEAL_KEY`). The widget keeps the whole
  id and presents it in `session_request` to resume after a reload; Rasa's sender id is only the
  conversation id, so what the tracker store, the audit log or a log line shows cannot resume a
  session. A requested id that does not verify gets a fresh session. A socket sends only into the
  session confirmed to it (or, when a message overtakes its socket's session_request, into the
  signed id it carries, which that request would have been granted anyway): a page cannot pick the
  sender id of another channel's or another visitor's conversation.
- `enter_room` is awaited when it returns a coroutine (python-socketio >= 5.10 made it one and
  Rasa never awaits it; 5.9.0 stays pinned, see stack.md).
- Malformed events are dropped with a warning that never contains message text.
- A phone + code sign-in made in the chat is kept server-side for the socket that verified and
  attached to its later messages (a reload means signing in again); the token is never sent to
  the browser.
- The same text sent again into a conversation while the first is still being answered (an
  impatient resend, a double click) is not dispatched again: one diagnosis, one answer.
- A typed answer to the last turn's quick replies (「2」「第二个」「深圳那个」) counts as pressing
  that button (`bot.channels.choices`, per conversation), and long texts are sent as chat-sized
  bubbles (`bot.bubbles`; Rasa's output split only at blank lines).
"""
from __future__ import annotations

import hashlib
import hmac
import inspect
import json
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import rasa.core.channels.channel
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.bubbles import bubbles
from bot.channels.choices import PendingChoices
from bot.channels.common import choose, masked_user_message, session_from_payload
from bot.channels.load import BUSY_REPLY, admit_turn
from bot.config import Settings
from bot.shared_state import TokenCache, choice_store, token_cache

logger = logging.getLogger(__name__)

ALLOWED_ORIGINS_ENV = "WEB_ALLOWED_ORIGINS"
DEFAULT_ALLOWED_ORIGINS = ("http://127.0.0.1:8080", "http://localhost:8080")
MAX_MESSAGE_CHARS = 20000
MAX_PACKET_BYTES = 64 * 1024
SESSION_ID = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{32})$")  # "<conversation id>.<mac>"
SESSION_KEY_ENV = "SOCKET_SESSION_KEY"
_ORIGIN = re.compile(r"^https?://[^/\s?#]+$")


def parse_origins(value: Optional[str]) -> List[str]:
    """`WEB_ALLOWED_ORIGINS` → list of origins; unset → the demo site. Never empty, never '*'."""
    if value is None:
        return list(DEFAULT_ALLOWED_ORIGINS)
    origins = []
    for item in value.split(","):
        origin = item.strip().rstrip("/")
        if not origin:
            continue
        if not _ORIGIN.match(origin):
            raise ValueError(f"{ALLOWED_ORIGINS_ENV}: {origin!r} is not an origin like "
                             "https://www.example.com ('*' is not accepted)")
        scheme, rest = origin.split("://", 1)
        origins.append(f"{scheme.lower()}://{rest.lower()}")
    if not origins:
        # python-engineio reads an empty list as "no Origin check at all"; refuse that here.
        raise ValueError(f"{ALLOWED_ORIGINS_ENV} is set but lists no origin")
    return list(dict.fromkeys(origins))


def session_key_from_env(env: Optional[Dict[str, str]] = None) -> bytes:
    """The key that signs widget session ids: `SOCKET_SESSION_KEY`, else derived from
    `PII_SEAL_KEY` (both per-install secrets; a public demo value is refused by require_secret)."""
    settings = Settings.from_env(env)
    if settings.socket_session_key:
        return settings.secret(SESSION_KEY_ENV).encode("utf-8")
    # Derived, so the seal key itself never signs anything the browser gets to see.
    return hmac.new(settings.secret("PII_SEAL_KEY").encode("utf-8"), b"socketio-session-key",
                    hashlib.sha256).digest()


class SessionIds:
    """Mints session ids bound to a server key and tells which conversation a presented id resumes."""

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("the session key is empty")
        self._key = key

    def _mac(self, conversation_id: str) -> str:
        return hmac.new(self._key, b"socketio-session:" + conversation_id.encode("ascii"),
                        hashlib.sha256).hexdigest()[:32]

    def mint(self) -> str:
        conversation_id = uuid.uuid4().hex
        return f"{conversation_id}.{self._mac(conversation_id)}"

    def conversation(self, session_id: Any) -> Optional[str]:
        """The conversation id of a session id this server minted, else None."""
        match = SESSION_ID.match(session_id) if isinstance(session_id, str) else None
        if not match or not hmac.compare_digest(match.group(2), self._mac(match.group(1))):
            return None
        return match.group(1)


class InFlight:
    """(conversation, text) pairs whose turn is running now, so that a resend is not run twice.

    Per process, like the turn gate: the socket.io channel runs in one process per conversation
    (sticky sessions, see stack.md). Bounded by the turns that can run or wait at once."""

    def __init__(self) -> None:
        self._running: set = set()

    def claim(self, conversation_id: str, text: str) -> bool:
        key = (conversation_id, text)
        if key in self._running:
            return False
        self._running.add(key)
        return True

    def release(self, conversation_id: str, text: str) -> None:
        self._running.discard((conversation_id, text))


class SessionKeepingOutput(SocketIOOutput):
    """Rasa's output, except that a phone sign-in ({"session": …}) stays on the server, kept for
    the socket that verified (`sid`); without one (messages sent through Rasa's HTTP API) it is
    dropped. The browser never sees the token. Texts go out as chat-sized bubbles (quick replies
    on the last one), and the buttons sent are kept in `buttons` (the turn's pending choices)."""

    def __init__(self, sio: AsyncServer, bot_message_evt: Text, tokens: Optional[TokenCache] = None,
                 sid: Optional[Text] = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.tokens, self.sid = tokens, sid
        self.buttons: List[Dict[Text, Any]] = []

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in bubbles(text):
            await self._send_message(recipient_id, {"text": part})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        parts = bubbles(text) or [text]
        for part in parts[:-1]:
            await self._send_message(recipient_id, {"text": part, "quick_replies": []})
        # The last part has no blank line left, so Rasa's method sends it as one message.
        await super().send_text_with_buttons(recipient_id, parts[-1], buttons, **kwargs)
        self.buttons.extend(b for b in buttons if isinstance(b, dict))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        session = session_from_payload({"custom": json_message})
        if session:
            if self.tokens is not None and self.sid:
                await self.tokens.remember(self.sid, session["token"], session.get("expires_at"))
            return
        await super().send_custom_json(recipient_id, json_message, **kwargs)


class MaskingSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel for the website widget; see the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def __init__(self, *args: Any, allowed_origins: Optional[List[str]] = None,
                 session_key: Optional[bytes] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_ids = SessionIds(session_key or session_key_from_env())
        self.allowed_origins = (list(allowed_origins) if allowed_origins is not None
                                else parse_origins(Settings.from_env().web_allowed_origins))
        if not self.allowed_origins:
            raise ValueError("the socket.io channel needs at least one allowed origin")
        # In Redis when several Rasa servers share the work (bot/shared_state.py), else here.
        self.phone_sessions = token_cache(self.name())
        self.choices = PendingChoices(self.name(), store=choice_store())
        self.in_flight = InFlight()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.allowed_origins,
                          cors_credentials=False, max_http_buffer_size=MAX_PACKET_BYTES)
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio  # get_output_channel() uses it
        logger.info("socket.io channel accepts origins: %s", ", ".join(self.allowed_origins))

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            if not self.jwt_key:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            payload = (rasa.core.channels.channel.decode_bearer_token(token, self.jwt_key, self.jwt_algorithm)
                       if token else None)
            return bool(payload)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text) -> None:
            await self.phone_sessions.forget(sid)

        async def join(sid: Text, session_id: Text) -> None:
            # The room (and Rasa's sender id) is the conversation id; the socket keeps the signed id.
            conversation_id = self.session_ids.conversation(session_id)
            if self.session_persistence:
                joined = sio.enter_room(sid, conversation_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.save_session(sid, {"session_id": session_id, "conversation_id": conversation_id},
                                   namespace=self.namespace)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            confirmed = (await sio.get_session(sid, namespace=self.namespace)).get("session_id")
            if not confirmed or requested != confirmed:  # else joined by its first message
                # Resume only a session this server signed; anything else starts a new one.
                confirmed = requested if self.session_ids.conversation(requested) \
                    else self.session_ids.mint()
                await join(sid, confirmed)
            await sio.emit("session_confirm", confirmed, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict):
                logger.warning("socket.io event %s ignored: payload is not an object", self.user_message_evt)
                return
            text = data.get("message", "")
            if not isinstance(text, str) or len(text) > MAX_MESSAGE_CHARS:
                logger.warning("socket.io message ignored: 'message' must be a string of at most %d "
                               "characters", MAX_MESSAGE_CHARS)
                return
            if self.session_persistence:
                session = await sio.get_session(sid, namespace=self.namespace)
                confirmed = session.get("session_id")
                requested = data.get("session_id")
                if not confirmed and self.session_ids.conversation(requested):
                    # python-socketio runs handlers concurrently, so a message can overtake its
                    # socket's session_request; a signed id is what that request would have been
                    # granted anyway.
                    await join(sid, requested)
                    session = await sio.get_session(sid, namespace=self.namespace)
                    confirmed = requested
                if not confirmed or requested != confirmed:
                    logger.warning("socket.io message ignored: no session_request, or a session_id "
                                   "other than the one confirmed to this socket")
                    return
                sender_id = session["conversation_id"]
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            if not metadata.get("token"):
                # Signed in by phone + code earlier on this very socket. Keyed by the socket, not
                # the session id: a session id can be presented again by whoever learns it.
                phone_token = await self.phone_sessions.token(sid)
                if phone_token:
                    metadata = {**metadata, "token": phone_token}
            output = SessionKeepingOutput(sio, self.bot_message_evt, self.phone_sessions, sid)
            message = masked_user_message(text, output, sender_id, self.name(), metadata)
            typed = message.text or ""
            # Claimed before the first await below: of two copies, exactly one goes on.
            if not self.in_flight.claim(sender_id, typed):
                logger.info("socket.io message not dispatched: the same text is still being answered "
                            "in this conversation")
                return
            try:
                choice = await choose(message, self.choices)
                if choice.reply:  # 「第三个」 of two: the same question again, no Rasa turn
                    await output.send_text_with_buttons(sender_id, choice.reply, choice.options)
                    return
                # The same admission gate as REST: under overload say so at once, process nothing.
                if not await admit_turn(on_new_message, message):
                    await self.choices.restore(sender_id, choice)  # the same answer works on a retry
                    await output.send_text_message(sender_id, BUSY_REPLY)
                    return
                await self.choices.record(sender_id, output.buttons)
            finally:
                self.in_flight.release(sender_id, typed)

        return socketio_webhook

    def get_output_channel(self) -> Optional[OutputChannel]:
        # For Rasa's HTTP API (output_channel=latest): like Rasa's, but never forwards a sign-in.
        if getattr(self, "sio", None) is None:
            return None
        return SessionKeepingOutput(self.sio, self.bot_message_evt)

