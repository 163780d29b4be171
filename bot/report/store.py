"""Stored conversations, read straight from the SQL tracker store's events table.

Rasa's tracker objects replay every event through the domain (seconds per thousand events);
the report needs only the event dicts, so it reads the `events` table with SQLAlchemy, in
chunks, ordered by conversation: a store of 100,000 events takes seconds. Works on SQLite and
PostgreSQL (any SQLAlchemy URL). The same columns serve a copy of the events in another table
(`table=`), e.g. an analytics table fed by the event broker.
"""
from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional

import sqlalchemy as sa

TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
CHUNK_ROWS = 5000


class StoreError(RuntimeError):
    """The store cannot be read; the message says why and what to do."""


@dataclass
class Conversation:
    """One Rasa session of one sender: from `session_started` to the next one."""
    sender_id: str
    events: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def started(self) -> Optional[float]:
        """When the person wrote first (None: no message, e.g. only a session start)."""
        return next((e.get("timestamp") for e in self.events if e.get("event") == "user"), None)


def store_url(url: Optional[str] = None, endpoints: Optional[Path] = None,
              env: Optional[Mapping[str, str]] = None) -> str:
    """The tracker store's URL: given, else the one endpoints.yml (or $RASA_ENDPOINTS) names."""
    if url:
        return url
    from bot.retention import tracker_store_url
    from bot.settings import ROOT, base_env

    env = dict(base_env()) if env is None else env
    path = Path(endpoints or env.get("RASA_ENDPOINTS") or ROOT / "endpoints.yml")
    if not path.is_file():
        raise StoreError(f"no endpoints file {path}")
    with warnings.catch_warnings():  # Rasa's store module warns about SQLAlchemy 2.0 on import
        warnings.simplefilter("ignore")
        return tracker_store_url(path, env)


def missing_sqlite_file(url: str) -> Optional[Path]:
    """The file of a SQLite URL that does not exist (opening it would create an empty one)."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def _where(since: Optional[float], until: Optional[float]) -> str:
    # Whole conversations of every sender active in the period: a session that started before
    # `since` is then recognised as such (and left out) instead of being cut in half.
    if since is None and until is None:
        return ""
    bounds = []
    if since is not None:
        bounds.append("timestamp >= :since")
    if until is not None:
        bounds.append("timestamp < :until")
    return f" WHERE sender_id IN (SELECT DISTINCT sender_id FROM {{table}} WHERE {' AND '.join(bounds)})"


def read_conversations(url: str, since: Optional[float] = None, until: Optional[float] = None,
                       table: str = "events", progress: bool = True,
                       ) -> Iterator[Conversation]:
    """Every conversation that started (first user message) in [since, until), oldest sender
    first. `progress` shows a tqdm bar on stderr while reading."""
    if not TABLE_NAME.match(table):
        raise StoreError(f"table name {table!r} is not a plain SQL identifier")
    if missing_sqlite_file(url):
        return  # nothing stored yet; and no empty database file left behind
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise StoreError(f"cannot open tracker store {_safe(url)}: {error}") from None
    params = {key: value for key, value in (("since", since), ("until", until)) if value is not None}
    where = _where(since, until).format(table=table)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table(table):
                return  # nothing stored yet (Rasa creates the table on its first start)
            total = conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}{where}"), params).scalar() or 0
            query = sa.text(f"SELECT sender_id, type_name, data FROM {table}{where} "
                            f"ORDER BY sender_id, id")
            rows = conn.execution_options(stream_results=True, yield_per=CHUNK_ROWS).execute(query, params)
            yield from _sessions(rows, total, progress, since, until)
    except sa.exc.OperationalError as error:
        raise StoreError(f"cannot read tracker store {_safe(url)}: {error.orig}") from None
    finally:
        engine.dispose()


def _sessions(rows: Any, total: int, progress: bool, since: Optional[float],
              until: Optional[float]) -> Iterator[Conversation]:
    from tqdm import tqdm

    def keep(conversation: Optional[Conversation]) -> bool:
        started = conversation.started if conversation else None
        return started is not None and (since is None or started >= since) and (
            until is None or started < until)

    current: Optional[Conversation] = None
    with tqdm(total=total, unit=" 事件", desc="读取对话记录", disable=not progress or None,
              mininterval=0.5, leave=False) as bar:
        for count, (sender_id, type_name, data) in enumerate(rows, 1):
            if count % 1000 == 0:
                bar.update(1000)
            if current is None or sender_id != current.sender_id or type_name == "session_started":
                if keep(current):
                    yield current
                current = Conversation(sender_id)
            try:
                event = json.loads(data) if data else {}
            except ValueError:
                continue  # a damaged row must not stop the report
            if isinstance(event, dict):
                event.setdefault("event", type_name)
                current.events.append(event)
        bar.update(bar.total - bar.n if bar.total else 0)
    if keep(current):
        yield current


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(unreadable URL)"
