"""Operator shell: chat with the running assistant as a seeded persona over the REST channel.

Each turn shows the bot's replies, then what the assistant made of it, read from Rasa's tracker
(HTTP API with its token): the intent (FAQ answers with their sub-intent, `faq/screenshot 0.98`),
the entities, every action with the policy that chose it and its confidence, the slots the turn
changed, the active form and its requested slot. `/tracker` prints the slots set now.

What the operator types goes to the REST channel as typed, as a widget user's text goes to the
socket: the channel itself reads 「2」「第二个」「深圳那个」 as a press of the last reply's button
(`bot.channels.choices`), and the shell shows which button the channel took. `--pick-digits`
resolves such answers in the shell instead and sends the button's payload (the old behaviour).

`--script FILE` runs a transcript with expected replies (`bot.shell_script`, exit 1 on a miss);
`--replay SENDER_ID` runs a stored conversation again and shows where the answers now differ
(`bot.shell_replay`). On a terminal a typed line is shown once (by the terminal); lines read from
a pipe or a script are printed as `用户: …`, since nothing else shows them.
"""
from __future__ import annotations

import argparse
import sys
import uuid
from typing import Any, Dict, List, Optional, TextIO, Tuple

import httpx

from bot.channels.choices import match_choice
from bot.config import Settings, SettingsError
from bot.settings import SECRETS_FILE, SecretError, load_or_create_secrets
from bot.shell_report import bot_texts, chosen_button, intent_label, last_turn, tracker_lines, turn_report
from bot.wallet_api import SyncWalletClient, WalletApiSettings, WalletError, WalletNotFound, WalletRefused

HELP = ("commands: /persona <id> (sign in as another persona; 'anonymous' for none), "
        "/tracker (slots now), /restart, /quit")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--persona", default="anonymous",
                        help="seeded persona id (zhang_ok, chen_region, …) or 'anonymous'")
    # Defaults resolved in main (bot.config): building the parser must not read the settings,
    # `python -m bot` builds it for every command.
    parser.add_argument("--rasa-url", default=None, help="default: $RASA_URL, else Rasa's local port")
    parser.add_argument("--wallet-url", default=None, help="default: $WALLET_URL, else the wallet's local port")
    parser.add_argument("--api-token", default=None,
                        help="token of Rasa's HTTP API, used to read the tracker (default: "
                             "$RASA_API_TOKEN, else this install's var/secrets.env)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--script", type=argparse.FileType("r", encoding="utf-8"), metavar="FILE",
                      help="run a transcript: `> message` lines, `< keyword` (the replies must "
                           "contain it), `<! keyword` (must not); exit 1 on a mismatch")
    mode.add_argument("--replay", metavar="SENDER_ID",
                      help="replay the user turns of a stored conversation in a new one and show "
                           "where the answers now differ (exit 1 if any do)")
    parser.add_argument("--endpoints", default=None,
                        help="--replay: the endpoints file naming the tracker store "
                             "(default: $RASA_ENDPOINTS, else endpoints.yml)")
    parser.add_argument("--pick-digits", action="store_true",
                        help="resolve a typed 「2」/「第二个」 to the button here and send its payload "
                             "(default: send as typed and let the channel resolve it, as for a widget user)")
    parser.add_argument("--no-debug", dest="debug", action="store_false",
                        help="hide what the assistant made of each turn (intent, actions, slots, form)")


class SignInError(RuntimeError):
    """The wallet refused a demo sign-in (unknown persona, demo mode off)."""


class Session:
    def __init__(self, args: argparse.Namespace, out: TextIO, echo: bool = True,
                 strict: bool = False) -> None:
        self.args = args
        self.out = out
        self.echo = echo  # print `用户: …`: nobody saw the line typed (pipe, script)
        self.strict = strict  # a failed /persona ends the run (--script)
        self.http = httpx.Client(timeout=60)
        # The public demo sign-in only: the operator's shell holds no wallet key.
        self.wallet = SyncWalletClient(WalletApiSettings(wallet_url=args.wallet_url, service_key=None,
                                                         timeout_seconds=60))
        self.buttons: List[Dict[str, Any]] = []
        self.token: Optional[str] = None
        self.persona = "anonymous"
        self.sender = ""
        self.slots: Dict[str, Any] = {}  # as of the last report: what a turn changed
        self.last_replies: List[Dict[str, Any]] = []  # of the last line handled (--script)
        self.sign_in(args.persona)

    def sign_in(self, persona: str) -> None:
        token = None
        if persona != "anonymous":
            try:
                token = self.wallet.demo_session(persona)["token"]
            except (WalletNotFound, WalletRefused) as refused:
                raise SignInError(f"cannot sign in as {persona!r}: {refused}") from None
        self.persona, self.token = persona, token
        self.new_conversation()
        self.print(f"— signed in as {persona} (conversation {self.sender})")

    def new_conversation(self) -> None:
        self.sender = f"shell-{self.persona}-{uuid.uuid4().hex[:8]}"
        self.buttons, self.slots = [], {}

    def print(self, line: str = "") -> None:
        print(line, file=self.out, flush=True)

    def post(self, text: str) -> List[Dict[str, Any]]:
        body: Dict[str, Any] = {"sender": self.sender, "message": text}
        if self.token:
            body["metadata"] = {"token": self.token}
        response = self.http.post(f"{self.args.rasa_url}/webhooks/rest/webhook", json=body)
        if response.status_code >= 400:
            raise httpx.HTTPStatusError(f"HTTP {response.status_code} from the REST channel: "
                                        f"{response.text[:200]}", request=response.request,
                                        response=response)
        messages = response.json()
        self.buttons = [b for m in messages for b in (m.get("buttons") or []) if isinstance(b, dict)]
        for message in messages:
            # Same test as bot.channels.common.session_from_payload, without importing Rasa here.
            custom = message.get("custom")
            session = custom.get("session") if isinstance(custom, dict) else None
            if isinstance(session, dict) and isinstance(session.get("token"), str):
                # Phone + code sign-in: later messages carry the token, as after /persona.
                self.token = session["token"]
                self.print("  (signed in by phone + code; the token goes with every message now)")
        return messages

    def send(self, typed: str) -> List[Dict[str, Any]]:
        """One user turn: the replies as the person sees them, then what the assistant made of it."""
        pending, text = self.buttons, typed
        if getattr(self.args, "pick_digits", False):
            index = match_choice(typed, pending)
            if index is not None:
                choice = pending[index]
                self.print(f"  (choice {index + 1}: {choice.get('title')} — picked by the shell)")
                text = choice.get("payload") or choice.get("title") or typed
        messages = self.post(text)
        number = 0
        for message in messages:
            if message.get("text"):  # already chat-sized: the REST channel splits bubbles
                self.print(f"助手: {message['text']}")
            if message.get("image"):
                self.print(f"助手: [image] {message['image']}")
            for button in message.get("buttons") or []:
                number += 1
                self.print(f"   [{number}] {button.get('title')}")
        if getattr(self.args, "debug", True):
            self.report(typed if text == typed else None, pending)
        return messages

    def tracker(self) -> Tuple[Optional[Dict[str, Any]], str]:
        """The conversation's tracker, all events (a /restart turn included), or (None, why not)."""
        if not self.args.api_token:
            return None, "no API token: pass --api-token or set RASA_API_TOKEN"
        response = self.http.get(f"{self.args.rasa_url}/conversations/{self.sender}/tracker",
                                 params={"token": self.args.api_token, "include_events": "ALL"})
        if response.status_code != 200:
            return None, f"HTTP {response.status_code}"
        return response.json(), ""

    def report(self, typed: Optional[str], pending: List[Dict[str, Any]]) -> None:
        tracker, why = self.tracker()
        if tracker is None:
            self.print(f"  ↳ (tracker unavailable: {why})")
            return
        user, _ = last_turn(tracker.get("events") or [])
        index = chosen_button(typed, user, pending) if typed is not None else None
        if index is not None:
            self.print(f"  ↳ (choice {index + 1}: {pending[index].get('title')} — "
                       f"the channel read 「{typed}」 as that button)")
        for line in turn_report(tracker, self.slots):
            self.print(line)
        self.slots = dict(tracker.get("slots") or {})

    def replay_turn(self, text: str) -> Optional[Tuple[List[str], str]]:
        """--replay: send one stored user text; (what the assistant said as stored, intent)."""
        pending = self.buttons
        messages = self.post(text)
        tracker, _ = self.tracker()
        if tracker is None:
            return None
        user, turn = last_turn(tracker.get("events") or [])
        handed = user is not None and (user.get("text") == text or chosen_button(text, user, pending) is not None)
        if not handed:  # the channel answered without Rasa (busy): show its reply
            return [f"[not processed] {m.get('text')}" for m in messages], "—"
        return bot_texts(turn), intent_label(user.get("parse_data") or {})

    def show_tracker(self) -> None:
        tracker, why = self.tracker()
        lines = tracker_lines(tracker) if tracker is not None else [f"(tracker unavailable: {why})"]
        for line in lines:
            self.print(line)
        self.last_replies = [{"text": "\n".join(lines)}]  # a script may check slots with `<`

    def handle(self, line: str) -> bool:
        """One operator line; False when the operator wants to quit."""
        line = line.strip()
        self.last_replies = []
        if not line:
            return True
        if line in ("/quit", "/exit"):
            return False
        if line == "/help":
            self.print(HELP)
        elif line == "/tracker":
            self.show_tracker()
        elif line.startswith("/persona"):
            parts = line.split()
            if len(parts) != 2:
                self.print("usage: /persona <id>")
            else:
                try:
                    self.sign_in(parts[1])
                except SignInError as error:  # the operator mistyped: keep the conversation
                    if self.strict:  # a script cannot go on as someone else
                        raise
                    self.print(f"{error} — still {self.persona} (conversation {self.sender})")
        elif line == "/restart":
            self.last_replies = self.send("/restart")
            self.new_conversation()
            self.print(f"— restarted (conversation {self.sender})")
        else:
            if self.echo:
                self.print(f"用户: {line}")
            self.last_replies = self.send(line)
        return True


def _api_token() -> Optional[str]:
    """The operator runs on the install itself: its secrets file has the token `bot run` used.
    SecretError for a public demo value (Rasa would refuse it anyway)."""
    settings = Settings.from_env()
    if settings.rasa_api_token:
        return settings.secret("RASA_API_TOKEN")
    if SECRETS_FILE.exists():
        return load_or_create_secrets()["RASA_API_TOKEN"]
    return None


def _interactive(session: Session, stdin: TextIO) -> int:
    session.print(HELP)
    terminal = stdin.isatty()
    while True:
        try:
            # On a terminal the line discipline shows what is typed; from a pipe nothing does,
            # so the session echoes it (Session.echo) and no prompt litters the transcript.
            line = input("> ") if terminal else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            return 0
        if not terminal and not line:
            return 0
        if not session.handle(line):
            return 0


def main(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from bot.shell_script import ScriptError, parse_script, run_script

    try:
        settings = Settings.from_env()
        args.rasa_url = getattr(args, "rasa_url", None) or settings.rasa_url
        args.wallet_url = getattr(args, "wallet_url", None) or settings.wallet_url
        if getattr(args, "api_token", None) is None:
            args.api_token = _api_token()
    except (SecretError, SettingsError) as error:
        print(error, file=sys.stderr)
        return 2
    if getattr(args, "replay", None) and not args.api_token:
        print("--replay reads the new conversation's tracker: it needs Rasa's API token "
              "(--api-token or RASA_API_TOKEN)", file=sys.stderr)
        return 2
    try:
        if getattr(args, "script", None):
            name = args.script.name
            steps = parse_script(args.script.read().splitlines(), name)  # a bad file: before sign-in
            return run_script(Session(args, out, strict=True), steps, name, sys.stderr)
        if getattr(args, "replay", None):
            from bot.shell_replay import replay
            # The replayed turns are compared, not shown turn by turn.
            args.debug = False
            return replay(Session(args, out), args.replay, args.endpoints)
        return _interactive(Session(args, out, echo=not sys.stdin.isatty()), sys.stdin)
    except SignInError as error:
        print(error, file=sys.stderr)
        return 1
    except ScriptError as error:
        print(f"bad script: {error}", file=sys.stderr)
        return 2
    except httpx.HTTPError as exc:
        print(f"cannot reach the assistant: {exc}", file=sys.stderr)
        return 2
    except WalletError as exc:
        print(f"cannot reach the wallet backend: {exc}", file=sys.stderr)
        return 2
