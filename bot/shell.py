"""Operator shell: chat with the running assistant as a seeded persona over the REST channel.

Each turn shows the bot's replies, then one compact line with the predicted intent,
its confidence, the entities and the actions the assistant took. Buttons are numbered; a typed
answer to them (「2」「第二个」「深圳那个」) is resolved here with the channels' own rules
(`bot.channels.choices`) and sent as that button's payload.
"""
from __future__ import annotations

import argparse
import os
import sys
import uuid
from typing import Any, Dict, List, Optional, TextIO

import httpx

from bot.channels.choices import match_choice
from bot.settings import SECRETS_FILE, load_or_create_secrets

HELP = "commands: /persona <id> (sign in as another persona; 'anonymous' for none), /restart, /quit"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--persona", default="anonymous",
                        help="seeded persona id (zhang_ok, chen_region, …) or 'anonymous'")
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--wallet-url", default=os.environ.get("WALLET_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--api-token", default=None,
                        help="token of Rasa's HTTP API, used to read the tracker (default: "
                             "$RASA_API_TOKEN, else this install's var/secrets.env)")
    parser.add_argument("--script", type=argparse.FileType("r", encoding="utf-8"),
                        help="replay the user turns of this file (one per line) and print the transcript")
    parser.add_argument("--no-debug", dest="debug", action="store_false",
                        help="hide the intent/actions line")


class Session:
    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.http = httpx.Client(timeout=30)
        self.buttons: List[Dict[str, Any]] = []
        self.token: Optional[str] = None
        self.persona = "anonymous"
        self.sender = ""
        self.sign_in(args.persona)

    def sign_in(self, persona: str) -> None:
        self.persona = persona
        self.sender = f"shell-{persona}-{uuid.uuid4().hex[:8]}"
        self.token = None
        if persona != "anonymous":
            response = self.http.post(f"{self.args.wallet_url}/api/v1/demo/session",
                                      json={"persona": persona})
            if response.status_code != 200:
                raise SystemExit(f"cannot sign in as {persona!r}: HTTP {response.status_code} "
                                 f"{response.text[:200]}")
            self.token = response.json()["token"]
        self.print(f"— signed in as {persona} (conversation {self.sender})")

    def print(self, line: str = "") -> None:
        print(line, file=self.out, flush=True)

    def send(self, text: str) -> None:
        # Only a short answer naming a choice is replaced; anything else (which may hold a number
        # to be masked) goes to the server as typed, and the REST channel masks it.
        index = match_choice(text, self.buttons)
        if index is not None:
            choice = self.buttons[index]
            self.print(f"  (choice {index + 1}: {choice.get('title')})")
            text = choice.get("payload") or choice.get("title") or text
        body: Dict[str, Any] = {"sender": self.sender, "message": text}
        if self.token:
            body["metadata"] = {"token": self.token}
        response = self.http.post(f"{self.args.rasa_url}/webhooks/rest/webhook", json=body)
        response.raise_for_status()
        self.buttons = []
        for message in response.json():
            if message.get("text"):  # already chat-sized: the REST channel splits bubbles
                self.print(f"助手: {message['text']}")
            if message.get("image"):
                self.print(f"助手: [image] {message['image']}")
            for button in message.get("buttons") or []:
                self.buttons.append(button)
                self.print(f"   [{len(self.buttons)}] {button.get('title')}")
            # Same test as bot.channels.common.session_from_payload, without importing Rasa here.
            custom = message.get("custom")
            session = custom.get("session") if isinstance(custom, dict) else None
            if isinstance(session, dict) and isinstance(session.get("token"), str):
                # Phone + code sign-in: later messages carry the token, as after /persona.
                self.token = session["token"]
                self.print("  (signed in by phone + code; the token goes with every message now)")
        if self.args.debug:
            self.print(self.debug_line())

    def debug_line(self) -> str:
        response = self.http.get(f"{self.args.rasa_url}/conversations/{self.sender}/tracker",
                                 params={"token": self.args.api_token})
        if response.status_code != 200:
            return f"  ↳ (tracker unavailable: HTTP {response.status_code})"
        events = response.json().get("events", [])
        last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
        if last_user is None:
            return "  ↳ (no user turn)"
        parse = events[last_user].get("parse_data") or {}
        intent = parse.get("intent") or {}
        entities = ", ".join(f"{e.get('entity')}={e.get('value')}" for e in parse.get("entities") or [])
        actions = [e.get("name") for e in events[last_user + 1:]
                   if e.get("event") == "action" and e.get("name") != "action_listen"]
        line = f"  ↳ intent {intent.get('name')} ({intent.get('confidence', 0):.2f})"
        if entities:
            line += f" | entities: {entities}"
        return line + f" | actions: {', '.join(actions) or '—'}"

    def handle(self, line: str) -> bool:
        """One operator line; False when the operator wants to quit."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit"):
            return False
        if line == "/help":
            self.print(HELP)
        elif line.startswith("/persona"):
            parts = line.split()
            if len(parts) != 2:
                self.print("usage: /persona <id>")
            else:
                self.sign_in(parts[1])
        elif line == "/restart":
            self.send("/restart")
            self.sender = f"shell-{self.persona}-{uuid.uuid4().hex[:8]}"
            self.print(f"— restarted (conversation {self.sender})")
        else:
            self.print(f"用户: {line}")
            self.send(line)
        return True


def _api_token() -> Optional[str]:
    """The operator runs on the install itself: its secrets file has the token `bot run` used."""
    if os.environ.get("RASA_API_TOKEN"):
        return os.environ["RASA_API_TOKEN"]
    if SECRETS_FILE.exists():
        return load_or_create_secrets()["RASA_API_TOKEN"]
    return None


def main(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    if getattr(args, "api_token", None) is None:
        args.api_token = _api_token()
    try:
        session = Session(args, out)
        if args.script:
            for line in args.script:
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                if not session.handle(line):
                    break
            return 0
        session.print(HELP)
        while True:
            try:
                line = input("> ")
            except EOFError:
                return 0
            if not session.handle(line):
                return 0
    except httpx.HTTPError as exc:
        print(f"cannot reach the assistant: {exc}", file=sys.stderr)
        return 2
