"""The SQL tracker store with a second privacy line: user text is masked before it is stored.

Our channels mask personal numbers before Rasa sees a message (`bot.channels.common`); this
store masks again whatever reaches it by another way — Rasa's HTTP API
(`POST /conversations/<id>/messages`), a channel added later that forgets to mask — before the
events are written or streamed to the event broker. Configured in endpoints*.yml as
`type: bot.tracker_store.MaskingSQLTrackerStore` with the usual SQL settings.
"""
from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import mask_sensitive


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


class MaskingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        # Idempotent, so re-masking already stored events costs a regex pass and nothing else.
        for event in tracker.events:
            if isinstance(event, UserUttered):
                mask_user_event(event)
        await super().save(tracker)
