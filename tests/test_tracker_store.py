"""The masking tracker store: what is written or streamed is redacted, and each event is
redacted once (when it is new), not again on every later turn."""
from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

import bot.tracker_store as store_module
from bot.tracker_store import REDACTED, MaskingSQLTrackerStore

PHONE_TEXT = "我的手机号是13812345678，付不了款"


class RecordingBroker:
    """Stands in for RabbitMQ (unit test): keeps what would be published."""

    def __init__(self) -> None:
        self.published = []

    def publish(self, body) -> None:
        self.published.append(json.loads(json.dumps(body)))


@pytest.fixture
def store(tmp_path):
    return MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))


def turn(text: str, token: str = "secret-token"):
    return [UserUttered(text, {"name": "payment_failed", "confidence": 0.9},
                        metadata={"token": token, "unknown": "x"}),
            ActionExecuted("utter_ok"), BotUttered("好的"), ActionExecuted("action_listen")]


def stored_rows(store, sender):
    connection = sqlite3.connect(store.engine.url.database)
    rows = connection.execute("select data from events where sender_id = ? order by id", (sender,)).fetchall()
    connection.close()
    return [json.loads(row[0]) for row in rows]


def test_stored_user_text_and_metadata_are_redacted(store):
    tracker = DialogueStateTracker.from_events("s1", turn(PHONE_TEXT))
    asyncio.run(store.save(tracker))
    user = [e for e in stored_rows(store, "s1") if e["event"] == "user"][0]
    assert "13812345678" not in json.dumps(user, ensure_ascii=False)
    assert user["metadata"] == {"token": REDACTED}


def test_each_event_is_redacted_once_across_turns(store, monkeypatch):
    calls = []
    original = store_module.redact_event
    monkeypatch.setattr(store_module, "redact_event", lambda e: (calls.append(e), original(e)))
    tracker = DialogueStateTracker.from_events("s2", turn("付款失败了"))
    asyncio.run(store.save(tracker))
    first = len(calls)
    assert first == 4
    for event in turn(PHONE_TEXT):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    assert len(calls) - first == 4  # only the new turn's events
    rows = stored_rows(store, "s2")
    assert len(rows) == 8
    assert "13812345678" not in json.dumps(rows, ensure_ascii=False)


def test_streamed_events_are_redacted(tmp_path):
    broker = RecordingBroker()
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"),
                                   event_broker=broker)
    tracker = DialogueStateTracker.from_events("s3", turn(PHONE_TEXT))
    asyncio.run(store.save(tracker))
    assert len(broker.published) == 4
    text = json.dumps(broker.published, ensure_ascii=False)
    assert "13812345678" not in text and "secret-token" not in text
