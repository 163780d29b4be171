"""The SQL tracker store with a second privacy line: nothing personal or secret is stored.

Our channels mask personal numbers before Rasa sees a message (`bot.channels.common`); this
store masks again whatever reaches it by another way — Rasa's HTTP API
(`POST /conversations/<id>/messages`), a channel added later that forgets to mask — and drops
sign-in tokens (a user message's `metadata.token`, the phone sign-in's `{"session": …}` bot
payload): they are needed only during the turn, so the database, the event broker and the
tracker API never hold a usable credential. Of a user message's metadata only the keys in
STORED_METADATA_KEYS are kept: a client may send anything along. Runs when the turn is over,
before the events are written or streamed. Configured in endpoints*.yml as
`type: bot.tracker_store.MaskingSQLTrackerStore` with the usual SQL settings.
"""
from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from typing import Any, Iterator, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.channels.common import SESSION_PAYLOAD_KEY, session_from_payload
from bot.privacy import SEALED_PHONES_KEY, clean_text, mask_sensitive, redact_reset_links

REDACTED = "[已隐藏]"
SESSION_STARTED_METADATA_SLOT = "session_started_metadata"  # the first message's metadata
# The message metadata the product uses; anything else a client sends along is not stored.
# token: the sign-in (stored as REDACTED); sealed_phones: ciphertext for the phone sign-in;
# model_id / assistant_id: set by Rasa itself. A channel that adds a key must add it here.
STORED_METADATA_KEYS = frozenset({"token", SEALED_PHONES_KEY, "model_id", "assistant_id"})
MAX_SEALED_VALUES = 3
# How many of a tracker's events the database holds, kept on the tracker object by this store.
STORED_EVENTS_ATTRIBUTE = "_stored_event_count"
# Conversations whose tracker this process keeps between turns (least recently used dropped).
DEFAULT_CACHED_TRACKERS = 2000


def _without_reset_links(value: Any) -> Any:
    """The person got the PIN-reset link in the reply; the stored conversation keeps only that
    one was sent. Unchanged values come back as they are (no copies on every save)."""
    if isinstance(value, str):
        return redact_reset_links(value, REDACTED)
    if isinstance(value, dict):
        redacted = {key: _without_reset_links(item) for key, item in value.items()}
        return value if all(redacted[key] is item for key, item in value.items()) else redacted
    if isinstance(value, list):
        items = [_without_reset_links(item) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else items
    return value


def _masked(value: Any) -> Any:
    return mask_sensitive(clean_text(value))[0] if isinstance(value, str) else value


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


def _stored_user_metadata(metadata: Any) -> Any:
    """A user message's metadata as stored: known keys only, no token, nothing personal."""
    if not isinstance(metadata, dict):
        return metadata
    kept = {}
    for key in sorted(STORED_METADATA_KEYS.intersection(metadata)):
        value = metadata[key]
        if key == "token":
            value = REDACTED if value else value
        elif key == SEALED_PHONES_KEY:
            if not isinstance(value, list):
                continue
            value = [v for v in value if isinstance(v, str) and len(v) <= 512][:MAX_SEALED_VALUES]
        elif isinstance(value, str):
            value = _masked(value[:128])
        else:
            continue
        kept[key] = value
    return kept


def redact_event(event: Any) -> None:
    """Mask personal numbers and drop tokens of one event (idempotent).

    Dicts that may be shared with what the channel is about to send (a REST reply carries the
    bot message's `custom` dict itself) are replaced by copies, never changed in place."""
    if isinstance(event, UserUttered):
        event.metadata = _stored_user_metadata(event.metadata)
    elif hasattr(event, "metadata"):
        event.metadata = _without_token(event.metadata)
    if isinstance(event, SlotSet) and event.key == SESSION_STARTED_METADATA_SLOT:
        event.value = _stored_user_metadata(event.value)
    elif isinstance(event, SlotSet):
        event.value = _without_token(event.value)
    elif isinstance(event, UserUttered):
        mask_user_event(event)
        if isinstance(event.parse_data, dict) and "metadata" in event.parse_data:
            event.parse_data["metadata"] = _stored_user_metadata(event.parse_data["metadata"])
    elif isinstance(event, BotUttered) and isinstance(event.data, dict):
        # Copies, never in place: a REST reply may still be carrying these dicts out.
        event.text = _without_reset_links(event.text)
        event.data = _without_reset_links(event.data)
        event.metadata = _without_reset_links(event.metadata)
        session = session_from_payload(event.data)
        if session:
            custom = event.data["custom"]
            event.data = {**event.data, "custom": {**custom, SESSION_PAYLOAD_KEY: {**session, "token": REDACTED}}}


def _unsaved_events(tracker: DialogueStateTracker) -> Optional[Iterator[Event]]:
    """The events after those this store knows to be stored; None when it does not know."""
    stored = getattr(tracker, STORED_EVENTS_ATTRIBUTE, None)
    return None if stored is None else itertools.islice(tracker.events, stored, len(tracker.events))


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, cached_trackers: Any = DEFAULT_CACHED_TRACKERS, **kwargs: Any) -> None:
        # Rasa leaves an unset ${VAR} as is: SQLite would then create a file literally named
        # "${TRACKER_DB}" in the working directory (one was committed once).
        for key in ("db", "host", "url", "username", "password", "port"):
            if "${" in str(kwargs.get(key) or ""):
                raise ValueError(f"tracker store setting {key!r} is {kwargs[key]!r}: set that "
                                 f"environment variable (python -m bot run sets TRACKER_DB)")
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            self._pooled_sqlite()
        # Rasa rebuilds the whole conversation from the database on every turn (a quarter of the
        # Rasa server's time under load: the event query, JSON, replaying the events). A tracker
        # this process saved is kept and handed out again as long as the conversation's newest
        # stored event is still the one it saved: a one-row index lookup. Whatever else wrote or
        # deleted (another Rasa server of the scale-out, `python -m bot purge`, a failed turn that
        # left unsaved events on the object) makes the check fail and the tracker is read anew.
        self._cache_size = int(cached_trackers)
        self._cache: "OrderedDict[str, Tuple[DialogueStateTracker, Optional[int]]]" = OrderedDict()
        self._newest_event = (sa.select(sa.func.max(self.SQLEvent.id))
                              .where(self.SQLEvent.sender_id == sa.bindparam("sender_id")))

    def _pooled_sqlite(self) -> None:
        """SQLAlchemy 1.4 opens a new SQLite connection for every session of a file database,
        and each commit waits for an fsync on the Rasa server's one event loop. One pooled
        connection in WAL mode with synchronous=NORMAL: a commit is appended to the log without
        an fsync (a power cut may lose the last turns, never corrupts the file; a crash of the
        process loses nothing), and readers (`python -m bot report`, `purge`) do not block it.
        Measured: a save 3.6 → 1.9 ms (docs/benchmarks.md)."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=4,
                                       connect_args={"check_same_thread": False})

        @sa.event.listens_for(self.engine, "connect")
        def _wal(connection: Any, _record: Any) -> None:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")

        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    def _newest_event_id(self, sender_id: Text) -> Optional[int]:
        # a plain connection: no ORM session for a one-row lookup (the schema check of
        # session_scope is about PostgreSQL's search_path, which the engine itself sets)
        with self.engine.connect() as connection:
            return connection.execute(self._newest_event, {"sender_id": sender_id}).scalar()

    def _cached(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        entry = self._cache.pop(sender_id, None)
        if entry is None:
            return None
        tracker, newest = entry
        if (len(tracker.events) != getattr(tracker, STORED_EVENTS_ATTRIBUTE, None)
                or self._newest_event_id(sender_id) != newest):
            return None
        self._cache[sender_id] = entry  # now the most recently used
        return tracker

    def _remember(self, tracker: DialogueStateTracker, newest: Optional[int]) -> None:
        if self._cache_size <= 0:
            return
        self._cache.pop(tracker.sender_id, None)
        self._cache[tracker.sender_id] = (tracker, newest)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # Rasa counts a conversation's stored events with a query on every save (6 % of the Rasa
    # server's time under load, mostly SQLAlchemy building the query's cache key). A tracker
    # this store read or wrote knows that number already: the events it was built from, then
    # what each save wrote. The turn lock keeps other writers out between the two. A tracker
    # from elsewhere (a copy, all sessions) is counted by Rasa's query as before.
    async def _retrieve(self, sender_id: Text,
                        fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        if fetch_events_from_all_sessions:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        cached = self._cached(sender_id)
        if cached is not None:
            return cached
        # the newest id before the read: a write in between makes the next check fail, not pass
        newest = self._newest_event_id(sender_id)
        if newest is None:  # nothing stored: Rasa's read of the events would find none either
            return None
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if tracker is not None:
            setattr(tracker, STORED_EVENTS_ATTRIBUTE, len(tracker.events))
            self._remember(tracker, newest)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save (SQLTrackerStore.save), which also learns the newest stored event's id
        from the insert itself instead of asking for it afterwards."""
        saved_before = getattr(tracker, STORED_EVENTS_ATTRIBUTE, None) or 0
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append({
                    "sender_id": tracker.sender_id, "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"), "data": json.dumps(data)})
            # Plain inserts rather than ORM objects (the ORM's unit of work was a third of a
            # save); the last row on its own, so that its id is the conversation's newest.
            newest = None
            if rows:
                insert = self.SQLEvent.__table__.insert()
                if len(rows) > 1:
                    session.execute(insert, rows[:-1])
                newest = session.execute(insert, rows[-1]).inserted_primary_key[0]
            session.commit()
        # only once the commit went through: a failed save is written again by the next one
        setattr(tracker, STORED_EVENTS_ATTRIBUTE, len(tracker.events))
        # A tracker that now holds an earlier session is not what a read returns (the latest
        # session only): the next turn reads it, once per session. A new conversation's own
        # first session start is no such case: its tracker holds one session, the one a read
        # returns (the events before the start are undone by it), so its second turn, which
        # is usually the problem, is served from here too.
        starts = sum(isinstance(event, SessionStarted)
                     for event in itertools.islice(tracker.events, saved_before, None))
        if starts > (0 if saved_before else 1):
            self._cache.pop(tracker.sender_id, None)
            return
        if newest is None:  # nothing new: what the cache holds for it, if it holds this tracker
            cached = self._cache.get(tracker.sender_id)
            newest = cached[1] if cached and cached[0] is tracker else self._newest_event_id(tracker.sender_id)
        self._remember(tracker, newest)

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """What is new since the last save goes to the event broker. Rasa finds it by reading
        the stored conversation again; the store knows it when it read or wrote this tracker."""
        unsaved = _unsaved_events(tracker)
        if self.event_broker is None or unsaved is None:
            await super().stream_events(tracker)
            return
        await self._stream_new_events(self.event_broker, list(unsaved), tracker.sender_id)

    # Only the events about to be written or streamed are redacted: those already stored were
    # redacted then, and re-redacting a whole conversation on every turn grew with its length.
    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        unsaved = _unsaved_events(tracker)
        new = super()._additional_events(session, tracker) if unsaved is None else unsaved
        for event in new:
            redact_event(event)
            yield event

    async def _stream_new_events(self, event_broker: Any, new_events: List[Event], sender_id: str) -> None:
        for event in new_events:
            redact_event(event)
        await super()._stream_new_events(event_broker, new_events, sender_id)
