"""`python -m bot shell --replay SENDER_ID`: a stored conversation again, against the current model.

The user turns come from the tracker store the Rasa server writes (the store of `endpoints.yml`,
or of `$RASA_ENDPOINTS`, with `${VAR}`s from the environment, like the server and `bot purge`).
They are stored masked (`bot.tracker_store`); they are masked again when read, whatever wrote
them. Each turn is sent in a new conversation, and what the assistant says now is compared with
what it said then (both as stored, so PIN-reset links read `[已隐藏]` on both sides). Button
presses were stored as their payloads, so they are replayed as such.

Replaying re-sends confirmations: a demo persona's region switch or reset ticket happens again.
Exit status like diff(1): 0 all answers the same, 1 some differ, 2 trouble.
"""
from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from bot.privacy import clean_text, mask_sensitive, redact_reset_links

REDACTED = "[已隐藏]"  # bot.tracker_store.REDACTED, without importing Rasa for a constant


@dataclass
class StoredTurn:
    text: str
    intent: str
    replies: List[str] = field(default_factory=list)


def store_url(endpoints: Optional[str]) -> str:
    """The SQL tracker store the Rasa server uses, from the same settings and environment."""
    from sqlalchemy.util import deprecations

    from bot.retention import tracker_store_url
    from bot.settings import ROOT, base_env

    # Rasa 3.6's store module warns about SQLAlchemy 2.0 on import: noise in an operator's output.
    deprecations.SILENCE_UBER_WARNING = True

    env = base_env()
    path = Path(endpoints or env.get("RASA_ENDPOINTS") or ROOT / "endpoints.yml")
    if not path.is_file():
        raise SystemExit(f"no endpoints file {path}")
    return tracker_store_url(path, env)


def shown_url(url: str) -> str:
    import sqlalchemy as sa

    return sa.engine.make_url(url).render_as_string(hide_password=True)


def load_events(url: str, sender_id: str) -> List[Dict[str, Any]]:
    """The stored events of one conversation, in order (Rasa's SQL schema: table `events`)."""
    import json

    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("events"):
                return []
            rows = conn.execute(sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"),
                                {"sender": sender_id})
            return [json.loads(row[0]) for row in rows]
    finally:
        engine.dispose()


def _masked(text: str) -> str:
    return mask_sensitive(clean_text(text))[0]


def stored_turns(events: List[Dict[str, Any]]) -> List[StoredTurn]:
    """Each user message with what the assistant answered to it (until the next user message)."""
    from bot.shell_report import bot_texts, intent_label

    turns: List[StoredTurn] = []
    current: Optional[StoredTurn] = None
    answers: List[Dict[str, Any]] = []
    for event in events + [{"event": "user", "text": None}]:  # a sentinel closes the last turn
        if event.get("event") != "user":
            answers.append(event)
            continue
        if current is not None:
            current.replies = [redact_reset_links(t, REDACTED) for t in bot_texts(answers)]
            turns.append(current)
        answers = []
        text = event.get("text")
        current = StoredTurn(_masked(text), intent_label(event.get("parse_data") or {})) if text else None
    return turns


def was_signed_in(events: List[Dict[str, Any]]) -> bool:
    return any(e.get("event") == "user" and (e.get("metadata") or {}).get("token") for e in events)


def compare(before: List[str], now: List[str]) -> List[str]:
    """-/+ lines where the answers differ (nothing when they are the same)."""
    if before == now:
        return []
    return [line for line in difflib.ndiff(before, now) if not line.startswith("?")]


def replay(session: Any, sender_id: str, endpoints: Optional[str]) -> int:
    import sqlalchemy as sa

    url = store_url(endpoints)
    try:
        events = load_events(url, sender_id)
    except sa.exc.SQLAlchemyError as error:
        print(f"cannot read the tracker store {shown_url(url)}: {type(error).__name__}: "
              f"{str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    turns = stored_turns(events)
    if not turns:
        print(f"no stored conversation {sender_id!r} with user messages in {shown_url(url)}",
              file=sys.stderr)
        return 2
    session.print(f"— replaying {len(turns)} user turns of {sender_id} (from {shown_url(url)}) "
                  f"as {session.persona}, new conversation {session.sender}")
    if was_signed_in(events) and session.token is None:
        session.print("  (that conversation was signed in — its token is not stored: "
                      "pass --persona <id> to replay it as that person)")
    differing = 0
    for number, turn in enumerate(turns, 1):
        session.print(f"[{number}] 用户: {turn.text}")
        now = session.replay_turn(turn.text)
        if now is None:
            session.print("    (no tracker for the new conversation: cannot compare)")
            return 2
        texts, intent = now
        diff = compare(turn.replies, [redact_reset_links(t, REDACTED) for t in texts])
        if not diff:
            session.print(f"    = same answer ({len(texts)} message{'' if len(texts) == 1 else 's'})")
            continue
        differing += 1
        session.print("    ≠ the answer differs (- then, + now):")
        if intent != turn.intent:
            session.print(f"      intent then {turn.intent}, now {intent}")
        for line in diff:
            for part in line[2:].splitlines() or [""]:
                session.print(f"      {line[0]} {part}")
    session.print(f"— {differing} of {len(turns)} turns answered differently")
    return 1 if differing else 0
