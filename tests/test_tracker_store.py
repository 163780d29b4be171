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


def _count_queries(store, monkeypatch):
    """Counts Rasa's stored-events query (SQLTrackerStore._additional_events)."""
    from rasa.core.tracker_store import SQLTrackerStore

    calls = []
    original = SQLTrackerStore._additional_events
    monkeypatch.setattr(SQLTrackerStore, "_additional_events",
                        lambda self, session, tracker: (calls.append(1), original(self, session, tracker))[1])
    return calls


def test_turns_after_a_retrieve_are_stored_once_without_counting_queries(store, monkeypatch):
    domain = Domain.empty()
    store.domain = domain
    asyncio.run(store.save(DialogueStateTracker.from_events("s4", turn("付款失败了"))))
    queries = _count_queries(store, monkeypatch)
    for _ in range(3):  # a turn: read, answer, save (twice, as Rasa may within a turn)
        tracker = asyncio.run(store.retrieve("s4"))
        for event in turn("还是不行"):
            tracker.update(event)
        asyncio.run(store.save(tracker))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))
    assert queries == []
    rows = stored_rows(store, "s4")
    assert len(rows) == 4 + 3 * 5  # no event written twice, none lost
    assert len(asyncio.run(store.retrieve("s4")).events) == len(rows)


def test_a_tracker_the_store_did_not_read_is_counted_by_rasa(store, monkeypatch):
    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("s5", turn("付款失败了"))))
    queries = _count_queries(store, monkeypatch)
    # e.g. a copy built from the events (Rasa's tracker API): the database decides what is new
    copy = DialogueStateTracker.from_events("s5", [*turn("付款失败了"), *turn("你好")])
    asyncio.run(store.save(copy))
    assert queries == [1] and len(stored_rows(store, "s5")) == 8


def test_a_failed_save_is_written_by_the_next_one(store, monkeypatch):
    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("s6", turn("付款失败了"))))
    tracker = asyncio.run(store.retrieve("s6"))
    for event in turn("你好"):
        tracker.update(event)
    with monkeypatch.context() as patch:
        patch.setattr(store, "session_scope", lambda: (_ for _ in ()).throw(OSError("disk full")))
        with pytest.raises(OSError):
            asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))
    assert len(stored_rows(store, "s6")) == 8


def _reads(monkeypatch):
    """Counts Rasa's full reads of a conversation (SQLTrackerStore._retrieve)."""
    from rasa.core.tracker_store import SQLTrackerStore

    calls = []
    original = SQLTrackerStore._retrieve

    async def counted(self, sender_id, fetch_events_from_all_sessions):
        calls.append(sender_id)
        return await original(self, sender_id, fetch_events_from_all_sessions)

    monkeypatch.setattr(SQLTrackerStore, "_retrieve", counted)
    return calls


def _play_turn(store, sender, text="还是不行"):
    tracker = asyncio.run(store.retrieve(sender))
    for event in turn(text):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    return tracker


def test_the_next_turn_gets_the_saved_tracker_without_reading_the_conversation(store, monkeypatch):
    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("c1", turn("付款失败了"))))
    reads = _reads(monkeypatch)
    first = _play_turn(store, "c1")
    second = _play_turn(store, "c1")
    assert reads == [] and first is second
    rows = stored_rows(store, "c1")
    assert len(rows) == 12 and len(asyncio.run(store.retrieve("c1")).events) == 12
    assert "13812345678" not in json.dumps(rows)


def test_what_another_process_wrote_or_deleted_is_read_from_the_database(store, tmp_path, monkeypatch):
    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("c2", turn("付款失败了"))))
    cached = asyncio.run(store.retrieve("c2"))
    # another Rasa server of the scale-out answers a turn of the same conversation
    other = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=store.engine.url.database)
    _play_turn(other, "c2", "你好")
    fresh = asyncio.run(store.retrieve("c2"))
    assert fresh is not cached and len(fresh.events) == 8
    assert fresh.latest_message.text == "你好"
    # `python -m bot purge` deletes the conversation
    connection = sqlite3.connect(store.engine.url.database)
    connection.execute("delete from events where sender_id = 'c2'")
    connection.commit()
    connection.close()
    assert asyncio.run(store.retrieve("c2")) is None


def test_a_turn_that_failed_before_its_save_leaves_nothing_behind(store):
    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("c3", turn("付款失败了"))))
    tracker = asyncio.run(store.retrieve("c3"))
    tracker.update(UserUttered("这条没有存下", {"name": "greet", "confidence": 1.0}))  # then it crashed
    again = asyncio.run(store.retrieve("c3"))
    assert again is not tracker and len(again.events) == 4
    assert "这条没有存下" not in [getattr(e, "text", None) for e in again.events]


def test_each_new_event_is_streamed_once_across_cached_turns(tmp_path, monkeypatch):
    broker = RecordingBroker()
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"),
                                   event_broker=broker)
    asyncio.run(store.save(DialogueStateTracker.from_events("c4", turn("付款失败了"))))
    reads = _reads(monkeypatch)  # Rasa reads the conversation again to find what is new
    for text in ("还是不行", PHONE_TEXT, "谢谢"):
        _play_turn(store, "c4", text)
    assert [e.get("text") for e in broker.published if e["event"] == "user"] == [
        "付款失败了", "还是不行", broker.published[8]["text"], "谢谢"]
    assert len(broker.published) == 16 and "13812345678" not in json.dumps(broker.published)
    assert reads == []


def test_a_new_session_is_read_back_without_the_earlier_one(store):
    from rasa.shared.core.events import SessionStarted

    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("c5", turn("付款失败了"))))
    tracker = asyncio.run(store.retrieve("c5"))
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    for event in [ActionExecuted("action_listen"), *turn("你好")]:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve("c5"))
    assert again is not tracker
    assert [e.type_name for e in again.events][0] == "session_started"


def test_the_cache_keeps_the_most_recently_used_conversations(tmp_path, monkeypatch):
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"),
                                   cached_trackers=2)
    for sender in ("a", "b", "c"):
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, turn("付款失败了"))))
    reads = _reads(monkeypatch)
    for sender in ("b", "c", "a", "a"):
        asyncio.run(store.retrieve(sender))
    assert reads == ["a"]


def test_a_sqlite_store_keeps_one_connection_in_wal_mode(store):
    import sqlalchemy as sa

    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("w1", turn("付款失败了"))))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    opened = []
    sa.event.listen(store.engine, "connect", lambda *args: opened.append(1))
    for _ in range(3):
        _play_turn(store, "w1")
    assert opened == [] and len(stored_rows(store, "w1")) == 16


def test_a_turn_asks_for_the_newest_event_once_not_after_its_save(store, monkeypatch):
    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("w2", turn("付款失败了"))))
    asked = []
    original = store._newest_event_id
    monkeypatch.setattr(store, "_newest_event_id", lambda sender: (asked.append(sender), original(sender))[1])
    for _ in range(3):
        _play_turn(store, "w2")
    assert asked == ["w2"] * 3  # the check when the turn starts; the save knows the id itself


def test_a_new_conversations_second_turn_is_served_from_the_cache(store, monkeypatch):
    """Rasa starts a new conversation with a session start; that tracker holds one session, the
    one a read would return, so the next turn needs no read (it did before: a full read on
    every conversation's second turn)."""
    from rasa.shared.core.events import SessionStarted, SlotSet

    store.domain = Domain.empty()
    first = DialogueStateTracker.from_events("c6", [
        SlotSet("session_started_metadata", {"token": "secret-token"}),
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        *turn("你好")])
    asyncio.run(store.save(first))
    reads = _reads(monkeypatch)
    second = _play_turn(store, "c6", "付款失败了")
    assert reads == [] and second is first
    # the state is the one a read builds: what preceded the session start is undone by it
    read = asyncio.run(MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite",
                                              db=store.engine.url.database).retrieve("c6"))
    assert [e.type_name for e in read.applied_events()] == [e.type_name for e in second.applied_events()]
    assert read.current_slot_values() == second.current_slot_values()


def test_a_conversation_with_nothing_stored_is_not_read(store, monkeypatch):
    store.domain = Domain.empty()
    asyncio.run(store.save(DialogueStateTracker.from_events("c7", turn("付款失败了"))))
    reads = _reads(monkeypatch)
    assert asyncio.run(store.retrieve("new-person")) is None
    assert reads == []
    store._cache.clear()
    assert len(asyncio.run(store.retrieve("c7")).events) == 4 and reads == ["c7"]


@pytest.fixture
def pg_store():
    """The store on a PostgreSQL database of its own (the scale-out's tracker store)."""
    import uuid

    psycopg2 = pytest.importorskip("psycopg2")
    try:
        admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="test",
                                 connect_timeout=3)
    except psycopg2.Error:
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432")
    admin.autocommit = True
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="postgresql", host="127.0.0.1", port=5432,
                                   username="postgres", db=name)
    try:
        yield store
    finally:
        store.engine.dispose()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_turns_are_stored_and_served_from_the_cache_on_postgresql(pg_store, monkeypatch):
    asyncio.run(pg_store.save(DialogueStateTracker.from_events("p1", turn(PHONE_TEXT))))
    reads = _reads(monkeypatch)
    first = _play_turn(pg_store, "p1")
    second = _play_turn(pg_store, "p1", "谢谢")
    assert reads == [] and first is second
    # the newest id the save learnt from its own insert is the database's
    assert pg_store._cache["p1"][1] == pg_store._newest_event_id("p1")
    pg_store._cache.clear()
    again = asyncio.run(pg_store.retrieve("p1"))
    assert reads == ["p1"] and len(again.events) == 12
    assert again.latest_message.text == "谢谢" and "13812345678" not in json.dumps(
        [e.as_dict() for e in again.events], ensure_ascii=False)
