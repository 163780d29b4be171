"""Analytics consumer: Rasa's events from RabbitMQ into a SQL table the operator report reads.

In scale-out mode every Rasa server publishes each new event to the `yibao_events` queue (Rasa's
pika event broker, `endpoints.scale.yml`): `{"sender_id": ..., **event.as_dict()}`, already
redacted by `MaskingSQLTrackerStore`. This process stores them in `analytics_events`, with the
columns of Rasa's own `events` table (so `python -m bot report --table analytics_events` reads it)
plus `event_key`, a digest of the message: a message redelivered after a crash is stored once.
Events are redacted again here, so a server configured without the masking store cannot leak a
phone number into analytics. Messages are acknowledged only after their batch is committed.

    python -m bot.analytics [--url SQLALCHEMY_URL] [--once]
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import sys
from typing import Any, Dict, List, Mapping, Optional

import sqlalchemy as sa

logger = logging.getLogger("bot.analytics")

QUEUE = "yibao_events"
TABLE = "analytics_events"
BATCH = 200
BATCH_SECONDS = 0.5

metadata = sa.MetaData()
events_table = sa.Table(
    TABLE, metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float, index=True),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
    sa.Column("event_key", sa.String(64), nullable=False, unique=True),
)


def default_url(env: Optional[Mapping[str, str]] = None) -> str:
    """ANALYTICS_DB_URL, else the scale-out tracker database (PostgreSQL) it sits beside."""
    from bot.config import Settings

    settings = Settings.from_env(env)
    return settings.analytics_db_url or settings.postgres_url(settings.tracker_db or "rasa")


def amqp_url(env: Optional[Mapping[str, str]] = None) -> str:
    from bot.config import Settings

    s = Settings.from_env(env)
    return f"amqp://{s.rabbitmq_user}:{s.rabbitmq_password}@{s.rabbitmq_host}:{s.rabbitmq_port}/"


def row_of(body: bytes) -> Optional[Dict[str, Any]]:
    """The table row for one broker message, redacted; None for a message that is no event."""
    from rasa.shared.core.events import Event

    from bot.tracker_store import redact_event

    try:
        payload = json.loads(body)
        sender_id = str(payload.pop("sender_id"))
        event = Event.from_parameters(payload)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if event is None:
        return None
    redact_event(event)
    data = event.as_dict()
    return {
        "sender_id": sender_id[:255],
        "type_name": data.get("event", ""),
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
        "action_name": data.get("name") if data.get("event") == "action" else None,
        "data": json.dumps(data, ensure_ascii=False),
        "event_key": hashlib.sha256(body).hexdigest(),
    }


def store(engine: sa.engine.Engine, rows: List[Dict[str, Any]]) -> int:
    """Insert the rows, skipping ones already stored (redelivered); returns how many were new."""
    if not rows:
        return 0
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
        statement = insert(events_table).on_conflict_do_nothing(index_elements=["event_key"])
    else:
        from sqlalchemy.dialects.sqlite import insert
        statement = insert(events_table).on_conflict_do_nothing(index_elements=["event_key"])
    with engine.begin() as conn:
        result = conn.execute(statement, rows)
    return max(result.rowcount or 0, 0)


async def consume(engine: sa.engine.Engine, url: str, once: bool = False,
                  stop: Optional[asyncio.Event] = None, queue_name: str = QUEUE) -> int:
    """Move events from the queue to the table until stopped (`once`: until the queue is empty)."""
    import aio_pika

    metadata.create_all(engine)
    stored = 0
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=BATCH)
        queue = await channel.declare_queue(queue_name, durable=True)
        while stop is None or not stop.is_set():
            messages = []
            deadline = asyncio.get_running_loop().time() + BATCH_SECONDS
            while len(messages) < BATCH:
                message = await queue.get(no_ack=False, fail=False)
                if message is None:
                    if once or asyncio.get_running_loop().time() >= deadline:
                        break
                    await asyncio.sleep(0.05)
                    continue
                messages.append(message)
            rows = [row for row in (row_of(m.body) for m in messages) if row is not None]
            # A blocking insert is fine here: this process does nothing else meanwhile.
            stored += store(engine, rows)
            for message in messages:
                await message.ack()
            if once and not messages:
                return stored
    return stored


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.analytics", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="SQLAlchemy URL of the analytics database "
                                      "(default: ANALYTICS_DB_URL, else the scale-out tracker DB)")
    parser.add_argument("--once", action="store_true", help="stop when the queue is empty")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        engine = sa.create_engine(args.url or default_url(), pool_pre_ping=True)
        stored = asyncio.run(consume(engine, amqp_url(), once=args.once))
    except KeyboardInterrupt:
        return 0
    except Exception as exc:  # noqa: BLE001 - any failure to reach a store: one line, exit 1
        print(f"analytics consumer: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    logger.info("stored %d events", stored)
    return 0


if __name__ == "__main__":
    sys.exit(main())
