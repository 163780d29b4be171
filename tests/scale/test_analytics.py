"""The analytics consumer against the real RabbitMQ and PostgreSQL: Rasa-format events published
to a queue end up in `analytics_events`, masked, once each, and the operator report reads them."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from bot import analytics
from bot.report.store import read_conversations
from bot.settings import ROOT
from tests.scale.services import require_services


@pytest.fixture
def queue_name(unique):
    require_services("RabbitMQ")
    name = f"yibao_events_test_{unique}"
    yield name
    asyncio.run(_delete_queue(name))


async def _delete_queue(name: str) -> None:
    import aio_pika
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1/")
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(name)


async def publish(name: str, bodies):
    import aio_pika
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1/")
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue(name, durable=True)
        for body in bodies:
            raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
            await channel.default_exchange.publish(aio_pika.Message(raw), routing_key=name)


def conversation(sender: str, t0: float):
    """What Rasa's pika broker publishes for one short conversation."""
    return [
        {"sender_id": sender, "event": "action", "timestamp": t0, "name": "action_session_start"},
        {"sender_id": sender, "event": "session_started", "timestamp": t0 + 0.01},
        {"sender_id": sender, "event": "user", "timestamp": t0 + 1, "text": "我手机13812345678付不了款",
         "parse_data": {"intent": {"name": "payment_failed", "confidence": 0.9}, "entities": [],
                        "text": "我手机13812345678付不了款"},
         "input_channel": "rest", "metadata": {"token": "secret-token"}},
        {"sender_id": sender, "event": "action", "timestamp": t0 + 1.1, "name": "action_diagnose"},
        {"sender_id": sender, "event": "bot", "timestamp": t0 + 1.2, "text": "查到您的余额不足。"},
        {"sender_id": sender, "event": "action", "timestamp": t0 + 1.3, "name": "action_listen"},
    ]


def test_events_from_the_queue_fill_the_table_masked_and_once(postgres_db, queue_name, unique, tmp_path):
    url = f"postgresql://postgres@127.0.0.1:5432/{postgres_db}"
    events = conversation(f"rest-{unique}", 1_790_000_000.0)
    bodies = [json.dumps(e, ensure_ascii=False).encode() for e in events]
    # A redelivered message (same body) and two that are no events at all.
    asyncio.run(publish(queue_name, bodies + [bodies[2], b"not json", {"event": "x"}]))

    engine = sa.create_engine(url)
    stored = asyncio.run(analytics.consume(engine, "amqp://guest:guest@127.0.0.1:5672/", once=True,
                                           queue_name=queue_name))
    assert stored == len(events)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT type_name, intent_name, action_name, data FROM "
                                    "analytics_events ORDER BY id")).fetchall()
    assert [r.type_name for r in rows] == [e["event"] for e in events]
    assert rows[2].intent_name == "payment_failed"
    assert rows[3].action_name == "action_diagnose"
    stored_text = " ".join(r.data for r in rows)
    assert "13812345678" not in stored_text and "secret-token" not in stored_text
    assert "付不了款" in json.loads(rows[2].data)["text"]

    # The operator report reads the table like the tracker store's own.
    conversations = list(read_conversations(url, table=analytics.TABLE, progress=False))
    assert [c.sender_id for c in conversations] == [f"rest-{unique}"]
    assert [e["event"] for e in conversations[0].events][-4:] == ["user", "action", "bot", "action"]

    # In scale-out mode `python -m bot report` reads this table by default.
    out = tmp_path / "report"
    env = {**os.environ, "RASA_ENDPOINTS": str(ROOT / "endpoints.scale.yml"), "ANALYTICS_DB_URL": url}
    built = subprocess.run([sys.executable, "-m", "bot.report", "--no-progress", "--out", str(out)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    assert json.loads((out / "report.json").read_text())["totals"]["conversations"] == 1

    # Nothing is left in the queue: every message was acknowledged after its commit.
    assert asyncio.run(analytics.consume(engine, "amqp://guest:guest@127.0.0.1:5672/", once=True,
                                         queue_name=queue_name)) == 0
    engine.dispose()


def test_the_consumer_says_what_is_wrong_when_a_store_is_unreachable(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot.analytics", "--once", "--url",
         "postgresql://postgres@127.0.0.1:1/none"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "analytics consumer:" in result.stderr and "Traceback" not in result.stderr
