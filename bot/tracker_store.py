"""The SQL tracker store with a second privacy line: nothing personal or secret is stored.

Our channels mask personal numbers before Rasa sees a message (`bot.channels.common`); this
store masks again whatever reaches it by another way — Rasa's HTTP API
(`POST /conversations/<id>/messages`), a channel added later that forgets to mask — and drops
sign-in tokens (a user message's `metadata.token`, the phone sign-in's `{"session": …}` bot
payload): they are needed only during the turn, so the database, the event broker and the
tracker API never hold a usable credential. Runs when the turn is over, before the events are
written or streamed. Configured in endpoints*.yml as
`type: bot.tracker_store.MaskingSQLTrackerStore` with the usual SQL settings.
"""
from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.common import SESSION_PAYLOAD_KEY, session_from_payload
from bot.privacy import mask_sensitive

REDACTED = "[已隐藏]"


def _masked(value: Any) -> Any:
    return mask_sensitive(value)[0] if isinstance(value, str) else value


def mask_user_event(event: UserUttered) -> None:
    """Mask the text, the parse result's text and entity values of one user event, in place."""
    event.text = _masked(event.text)
    if isinstance(event.parse_data, dict):
        event.parse_data["text"] = _masked(event.parse_data.get("text"))
    for entities in (event.entities, (event.parse_data or {}).get("entities") or []):
        for entity in entities:
            if isinstance(entity, dict):
                for key in ("value", "text"):
                    if key in entity:
                        entity[key] = _masked(entity[key])


def _without_token(metadata: Any) -> Any:
    if isinstance(metadata, dict) and metadata.get("token"):
        return {**metadata, "token": REDACTED}
    return metadata


def redact_event(event: Any) -> None:
    """Mask personal numbers and drop tokens of one event (idempotent).

    Dicts that may be shared with what the channel is about to send (a REST reply carries the
    bot message's `custom` dict itself) are replaced by copies, never changed in place."""
    if hasattr(event, "metadata"):
        event.metadata = _without_token(event.metadata)
    if isinstance(event, SlotSet):  # session_started_metadata: the first message's metadata
        event.value = _without_token(event.value)
    elif isinstance(event, UserUttered):
        mask_user_event(event)
        if isinstance(event.parse_data, dict) and "metadata" in event.parse_data:
            event.parse_data["metadata"] = _without_token(event.parse_data["metadata"])
    elif isinstance(event, BotUttered) and isinstance(event.data, dict):
        session = session_from_payload(event.data)
        if session:
            custom = event.data["custom"]
            event.data = {**event.data, "custom": {**custom, SESSION_PAYLOAD_KEY: {**session, "token": REDACTED}}}


class MaskingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        # Events already stored were redacted before; redoing them is a cheap regex pass.
        for event in tracker.events:
            redact_event(event)
        await super().save(tracker)
