"""What the browser tests share: the demo page and its chat widget, driven like a visitor would."""
from __future__ import annotations

import json
import queue
import re
from typing import Any, Dict, List, Optional

import httpx
import socketio
from playwright.sync_api import Page, expect

from tests.conftest import API_TOKEN

PHONE = {"width": 390, "height": 844}  # a phone-sized viewport (iPhone 12-14)


class Widget:
    """The demo page and the chat widget on it, driven like a visitor would."""

    def __init__(self, page: Page, stack) -> None:
        self.page, self.stack = page, stack

    def open_site(self) -> "Widget":
        self.page.goto(self.stack.web_url)
        expect(self.page.locator("body")).to_have_attribute("data-personas-loaded", "true")
        return self

    def sign_in(self, persona: str, name: str) -> None:
        self.page.select_option("#persona", persona)
        self.page.click("#signin-btn")  # the page reloads with the token kept for this tab
        expect(self.page.locator("#signin-status")).to_contain_text(f"已登录为 {name}")

    def open_chat(self) -> None:
        self.page.click(".rw-launcher")
        expect(self.page.locator(".rw-conversation-container")).to_be_visible()

    def say(self, text: str) -> None:
        self.page.fill(".rw-new-message", text)
        self.page.keyboard.press("Enter")
        expect(self.page.locator(".rw-client").filter(has_text=text).last).to_be_visible()

    def bot(self, text: str):
        """The bot message containing `text`, once it shows."""
        message = self.page.locator(".rw-response").filter(has_text=text).last
        expect(message).to_be_visible()
        return message

    def click_button(self, title: str) -> None:
        button = self.page.get_by_role("button", name=title, exact=True)
        expect(button).to_have_class(re.compile(r"\brw-reply\b"))  # a quick reply of the widget
        button.click()
        expect(self.page.locator(".rw-client").filter(has_text=title).last).to_be_visible()

    def session_id(self) -> str:
        """The signed session id the widget keeps ("<conversation id>.<signature>")."""
        return json.loads(self.page.evaluate("sessionStorage.getItem('chat_session')"))["session_id"]

    def conversation_id(self) -> str:
        """Rasa's sender id: the session id without its signature."""
        conversation, _, signature = self.session_id().partition(".")
        assert len(conversation) == len(signature) == 32
        return conversation

    def tracker_events(self) -> List[Dict[str, Any]]:
        response = httpx.get(f"{self.stack.rasa_url}/conversations/{self.conversation_id()}/tracker",
                             params={"token": API_TOKEN}, timeout=10)
        response.raise_for_status()
        return response.json()["events"]


def collect_console_errors(page: Page) -> List[str]:
    """Console errors and uncaught exceptions of the page, as they happen."""
    errors: List[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def collect_foreign_requests(page: Page, *own_hosts: str) -> List[str]:
    """Every request the page makes to a host other than the given ones (third parties)."""
    foreign: List[str] = []

    def check(request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        host = url.split("://", 1)[-1].split("/", 1)[0]
        if host not in own_hosts:
            foreign.append(url)

    page.on("request", check)
    return foreign


class SocketChat:
    """What rasa-webchat does on the wire: session_request, then user_uttered with customData."""

    def __init__(self, stack, session_id: Optional[str] = None, browser: bool = True) -> None:
        self.replies: "queue.Queue[Dict[str, Any]]" = queue.Queue()
        confirmed: "queue.Queue[str]" = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self.replies.put)
        self.client.on("session_confirm", confirmed.put)
        # A non-browser client sends no Origin header, so the origin allow-list does not stop it.
        headers = {"Origin": f"http://127.0.0.1:{stack.ports.web}"} if browser else {}
        self.client.connect(stack.rasa_url, headers=headers,
                            transports=["polling"], socketio_path="/socket.io", wait_timeout=10)
        self.client.emit("session_request", {"session_id": session_id})
        self.session_id = confirmed.get(timeout=10)

    @property
    def conversation_id(self) -> str:
        """Rasa's sender id: the session id without its signature (what trackers and logs show)."""
        return self.session_id.split(".")[0]

    def say(self, text: str, session_id: Optional[str] = None, wait: float = 15,
            **custom: Any) -> List[Dict[str, Any]]:
        self.client.emit("user_uttered", {"message": text, "customData": custom,
                                          "session_id": session_id or self.session_id})
        return self.collect(wait)

    def collect(self, wait: float = 15, quiet: float = 2.5) -> List[Dict[str, Any]]:
        messages = []
        try:
            messages.append(self.replies.get(timeout=wait))
            while True:
                messages.append(self.replies.get(timeout=quiet))
        except queue.Empty:
            return messages

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()
