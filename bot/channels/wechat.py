"""WeChat Official Account (公众号) message push as a Rasa input channel.

- GET  /webhooks/wechat/webhook  URL verification (signature, timestamp, nonce, echostr)
- POST /webhooks/wechat/webhook  signed message push, plaintext or AES safe mode; passive XML reply

WeChat waits 5 s for a passive reply and retries the same MsgId up to 3 times. Each (openid, MsgId)
is processed once: a retry gets the same reply, or an empty "success" while the first is still being
answered; an answer that misses the window goes out through the customer-service message API.

In plaintext mode the signature covers only token, timestamp and nonce, not the body: a signed URL
could be replayed with any openid and text while its timestamp is fresh. So each signed
(timestamp, nonce) is remembered, with a digest of the message it carried, for as long as the
timestamp is accepted: the same message again is a WeChat retry, another one is refused (403).
In AES safe mode msg_signature also covers the encrypted body; that is the production setting.

A turn's messages go out as one passive reply; buttons become numbered choices that the person
answers with the number or the option's name (`bot.channels.choices`). A reply longer than
WECHAT_REPLY_CHARS is sent in parts: each ends with 「回复 0 看下一部分」, and 「0」 (「继续」
「下一步」) brings the next without a Rasa turn.

Many elderly people speak instead of typing: a voice message whose `Recognition` WeChat filled
(speech recognition on for the account) is answered exactly as that text typed. Voice without it,
images, videos, locations, links, files and menu events get a short fixed reply saying what the
assistant can read, without a Rasa turn; events nobody waits an answer for get an empty "success".
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy import create_reply, parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import check_signature

from bot.bubbles import split_bubbles
from bot.channels.choices import PendingChoices
from bot.channels.common import NO_REPLY_FALLBACK, choose, masked_user_message, session_from_payload
from bot.channels.load import BUSY_REPLY, admit_turn
from bot.channels.wechat_nonces import MemoryNonceStore, NonceStore, NonceStoreFull
from bot.config import Settings
from bot.settings import require_secret
from bot.shared_state import choice_store, deduplicator, nonce_store, token_cache
from bot.wallet_api import WalletApiSettings, WalletClient, WalletError, WalletNotFound

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
CHANNEL = "wechat"
# A passive reply's text may have 2048 bytes (about 680 Chinese characters); a screenful is less.
WECHAT_REPLY_CHARS = 600
MORE_HINT = "回复 0 看下一部分"

# Fixed replies, no Rasa turn: the person learns what to send instead.
VOICE_NOT_RECOGNISED_REPLY = (
    "抱歉，这条语音我听不了。请用文字告诉我遇到的问题，比如「付款失败了」「怎么激活医保码」；"
    "按住说话时向上滑到「转文字」，说完就能发出文字。不方便打字的话，可以拨打医保服务热线12393。")
UNREADABLE_REPLY = (
    "抱歉，我只能看懂文字和语音消息，图片、视频、位置、链接和文件暂时看不了。"
    "请用文字或语音告诉我遇到的问题，比如「付款失败了」「忘记支付密码」；也可以拨打医保服务热线12393。")
# Events WeChat pushes without the person waiting for an answer (left, opened a menu link,
# background location report, delivery receipts): a reply would be noise or is not shown.
SILENT_EVENTS = frozenset({"unsubscribe", "view", "location", "templatesendjobfinish",
                           "masssendjobfinish", "view_miniprogram", "subscribe_msg_popup_event",
                           "subscribe_msg_change_event", "subscribe_msg_sent_event"})


class CustomerServiceSender:
    """Delivers a late answer through WeChat's customer-service message API."""

    async def send_text(self, openid: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingSender(CustomerServiceSender):
    """Demo default: no AppSecret, no outbound calls; the late answer is only logged."""

    def __init__(self) -> None:
        self.sent: List[tuple] = []

    async def send_text(self, openid: str, text: str) -> None:
        self.sent.append((openid, text))
        logger.info("customer-service message queued for an openid (%d chars)", len(text))


def render(messages: List[Dict[str, Any]]) -> tuple:
    """Bot messages → one text for WeChat; buttons become numbered choices."""
    parts: List[str] = []
    buttons: List[Dict[str, Any]] = []
    for message in messages:
        if message.get("text"):
            parts.append(message["text"])
        for button in message.get("buttons") or []:
            buttons.append(button)
    if buttons:
        parts.append("回复数字选择：\n" + "\n".join(
            f"{i}. {b.get('title')}" for i, b in enumerate(buttons, start=1)))
    return "\n\n".join(parts), buttons


def paginate(text: str, limit: int = WECHAT_REPLY_CHARS) -> List[str]:
    """`text` as one reply, or as parts that each fit `limit` together with MORE_HINT."""
    if len(text) <= limit:
        return [text]
    return split_bubbles(text, limit - len(MORE_HINT) - 2)


def with_hint(part: str, more: bool) -> str:
    return f"{part}\n\n{MORE_HINT}" if more else part


@dataclass
class _Pending:
    task: "asyncio.Task[str]"
    late: bool = False
    created: float = field(default_factory=time.monotonic)


class MessageDeduplicator:
    """One answer per message key ("openid:MsgId"); late answers go to the customer-service sender."""

    def __init__(self, sender: CustomerServiceSender, reply_window: float = 4.5,
                 ttl: float = 600.0) -> None:
        self.sender = sender
        self.reply_window = reply_window
        self.ttl = ttl
        self._pending: Dict[str, _Pending] = {}

    def _expire(self) -> None:
        cutoff = time.monotonic() - self.ttl
        for key in [k for k, p in self._pending.items() if p.created < cutoff and p.task.done()]:
            del self._pending[key]

    def owns(self, msg_key: str) -> bool:
        """This server is running (or ran) this message's turn."""
        return msg_key in self._pending

    def is_late(self, msg_key: str) -> bool:
        pending = self._pending.get(msg_key)
        return pending is not None and pending.late

    async def answer(self, msg_key: str, openid: str,
                     produce: Callable[[], Awaitable[str]]) -> Optional[str]:
        """The passive reply text, or None for an empty "success"."""
        self._expire()
        pending = self._pending.get(msg_key)
        if pending is None:
            pending = _Pending(asyncio.ensure_future(produce()))
            self._pending[msg_key] = pending
        elif pending.late:
            return None  # the answer goes (or went) out through the customer-service API
        try:
            return await asyncio.wait_for(asyncio.shield(pending.task), self.reply_window)
        except asyncio.TimeoutError:
            if not pending.late:
                pending.late = True
                pending.task.add_done_callback(lambda t: self._deliver_late(openid, t))
            return None

    def _deliver_late(self, openid: str, task: "asyncio.Task[str]") -> None:
        if task.cancelled() or task.exception() is not None:
            logger.warning("late WeChat answer failed")
            return
        asyncio.ensure_future(self.sender.send_text(openid, task.result()))


class WeChatInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        settings = Settings.from_env()
        # The Rasa process checks the secrets it uses at start (bot.config.PROCESS_SECRETS).
        token = credentials.get("token") or settings.wechat_token or ""
        return cls(
            # credentials.yml may name the token too; either way it must not be a public value.
            token=require_secret("WECHAT_TOKEN", {"WECHAT_TOKEN": token,
                                                  "WALLET_DEMO_MODE": str(settings.demo_mode)}),
            app_id=credentials.get("app_id") or settings.wechat_app_id,
            aes_key=credentials.get("encoding_aes_key") or settings.wechat_encoding_aes_key,
            wallet_url=settings.wallet_url,
            service_key=settings.secret("WALLET_SERVICE_KEY"),
            max_clock_skew=settings.wechat_max_clock_skew_seconds,
            reply_window=settings.wechat_reply_window_seconds,
        )

    def __init__(self, token: str, app_id: str, aes_key: Optional[str], wallet_url: str,
                 service_key: str, max_clock_skew: int = 300, reply_window: float = 4.5,
                 sender: Optional[CustomerServiceSender] = None,
                 nonces: Optional[NonceStore] = None) -> None:
        self.token = token
        self.app_id = app_id
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None
        self.wallet = WalletClient(WalletApiSettings(wallet_url=wallet_url.rstrip("/"),
                                                     service_key=service_key))
        self.max_clock_skew = max_clock_skew
        self.sender = sender or LoggingSender()
        # With several Rasa servers these live in Redis (bot/shared_state.py): a retry or the next
        # message of the same openid may reach another server.
        self.dedup = deduplicator(MessageDeduplicator(self.sender, reply_window))
        self.nonces = nonces or nonce_store() or MemoryNonceStore()
        self.choices = PendingChoices(CHANNEL, store=choice_store())  # numbered choices, parts not shown
        self._tokens = token_cache(CHANNEL)  # openid -> token (bound openid or phone sign-in)

    def _fresh(self, timestamp: str) -> bool:
        try:
            return abs(time.time() - int(timestamp)) <= self.max_clock_skew
        except (TypeError, ValueError):
            return False

    def _signed(self, request: Request) -> bool:
        args = request.args
        timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
        try:
            check_signature(self.token, args.get("signature", ""), timestamp, nonce)
        except InvalidSignatureException:
            return False
        return self._fresh(timestamp)

    async def _first_use(self, args: Any, message_xml: str) -> bool:
        """False when this signed timestamp + nonce already carried another message (a replay of
        the signed URL); a WeChat retry repeats the very same message and passes."""
        timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
        digest = hashlib.sha256(message_xml.encode("utf-8")).hexdigest()
        # Kept until the timestamp is refused as stale anyway (`_fresh`).
        return await self.nonces.claim(f"{timestamp}:{nonce}", digest,
                                       int(timestamp) + self.max_clock_skew + 1)

    async def _token_for(self, openid: str) -> Optional[str]:
        """A sign-in token for the person bound to this openid, or signed in by phone + code
        in this chat (None otherwise).

        Tokens are reused until shortly before they expire, so a conversation costs one
        wallet call per token lifetime rather than one per message. Unbound openids are asked
        again each time (a binding can be made at any moment).
        """
        cached = await self._tokens.token(openid)
        if cached:
            return cached
        try:
            body = await self.wallet.wechat_session(openid)
        except WalletNotFound:  # not bound to anyone (yet): anonymous
            return None
        except WalletError as exc:
            logger.warning("openid lookup failed: %s", type(exc).__name__)
            return None
        token = body.get("token")
        await self._tokens.remember(openid, token, body.get("expires_at"))
        return token

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("wechat_webhook", __name__)

        @hook.listener("after_server_stop")
        async def close_wallet_client(*_: Any) -> None:
            await self.wallet.aclose()

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self._signed(request):
                return response.text("invalid signature", status=403)
            return response.text(request.args.get("echostr", ""))

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.text("request too large", status=413)
            if not self._signed(request):
                return response.text("invalid signature", status=403)
            args = request.args
            raw = (request.body or b"").decode("utf-8", errors="replace")
            encrypted = args.get("encrypt_type") == "aes"
            if encrypted:
                if self.crypto is None:
                    return response.text("safe mode not configured", status=400)
                try:
                    raw = self.crypto.decrypt_message(raw, args.get("msg_signature", ""),
                                                      args.get("timestamp"), args.get("nonce"))
                except (InvalidSignatureException, InvalidAppIdException):
                    return response.text("invalid signature", status=403)
                except Exception:  # malformed ciphertext or XML
                    return response.text("malformed message", status=400)
            # After the safe-mode check, so a forged ciphertext cannot claim a nonce; in safe mode
            # the digest is of the decrypted message (a retry may be encrypted anew).
            try:
                if not await self._first_use(args, raw):
                    logger.warning("WeChat push refused: signed timestamp/nonce reused for another message")
                    return response.text("invalid signature", status=403)
            except NonceStoreFull:
                logger.error("WeChat nonce store full; push refused (WeChat retries)")
                return response.text("busy", status=503)
            try:
                message = parse_message(raw)
            except Exception:
                return response.text("malformed XML", status=400)
            openid = getattr(message, "source", None)
            if not openid:
                return response.text("malformed message", status=400)

            text = self._text_of(message)
            if text is None:
                fixed = self._fixed_reply(message)
                if fixed is None:
                    return response.text("success")
                return self._passive_reply(fixed, message, args, encrypted)
            # Per sender: MsgIds are not secret, and another openid's reply must never be served.
            msg_key = f"{openid}:" + str(getattr(message, "id", None) or
                                         f"{getattr(message, 'create_time', '')}:{message.type}")

            async def produce() -> str:
                return await self._ask_assistant(on_new_message, openid, text)

            answer = await self.dedup.answer(msg_key, openid, produce)
            if answer is None:
                return response.text("success")
            return self._passive_reply(answer, message, args, encrypted)

        return hook

    def _passive_reply(self, answer: str, message: Any, args: Any, encrypted: bool) -> HTTPResponse:
        xml = create_reply(answer, message).render()
        if encrypted:
            xml = self.crypto.encrypt_message(xml, args.get("nonce"), args.get("timestamp"))
        return response.text(xml, content_type="application/xml")

    def _text_of(self, message: Any) -> Optional[str]:
        """What goes to the assistant as typed text, or None for no Rasa turn."""
        if message.type == "text":
            return (message.content or "").strip() or " "
        if message.type == "voice":
            return (getattr(message, "recognition", None) or "").strip() or None
        # Following by scanning a QR code is a subscribe too (wechatpy names it subscribe_scan).
        if message.type == "event" and getattr(message, "event", "") in ("subscribe", "subscribe_scan"):
            return "/greet"
        return None

    def _fixed_reply(self, message: Any) -> Optional[str]:
        """The reply to a message the assistant cannot read, or None for an empty "success"."""
        if message.type == "voice":  # speech recognition off, or nothing recognised
            return VOICE_NOT_RECOGNISED_REPLY
        if message.type == "event" and (getattr(message, "event", "") or "").lower() in SILENT_EVENTS:
            return None
        return UNREADABLE_REPLY

    async def _ask_assistant(self, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                             openid: str, text: str) -> str:
        collector = CollectingOutputChannel()
        token = await self._token_for(openid)
        message = masked_user_message(text, collector, openid, CHANNEL, {"token": token} if token else {})
        choice = await choose(message, self.choices)
        if choice.part is not None:  # the next part of the last reply: no Rasa turn
            return with_hint(choice.part, choice.more)
        if choice.reply:  # 「第三个」 of two: the numbered options again, no Rasa turn
            return render([{"text": choice.reply, "buttons": choice.options}])[0]
        # The same admission gate as REST: under overload say so at once, process nothing.
        if not await admit_turn(on_new_message, message):
            await self.choices.restore(openid, choice)  # the same answer works on a retry
            return BUSY_REPLY
        for message in collector.messages:
            session = session_from_payload(message)
            if session:  # phone sign-in in this chat: the signed openid now carries it
                await self._tokens.remember(openid, session["token"], session.get("expires_at"))
        reply, buttons = render(collector.messages)
        parts = paginate(reply or NO_REPLY_FALLBACK)
        await self.choices.record(openid, buttons, parts[1:])
        return with_hint(parts[0], len(parts) > 1)
