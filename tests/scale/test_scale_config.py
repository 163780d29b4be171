"""The scale-out configuration (endpoints.scale.yml): PostgreSQL tracker store, Redis lock
store, RabbitMQ event broker. A second Rasa process uses them next to the embedded stack.
Skipped only when those servers are not reachable on loopback (tests/scale/services.py).
"""
from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import pytest

from bot.processes import Ports, start_stack
from bot.settings import ROOT
from bot.wallet_api import SyncWalletClient, WalletApiSettings
from tests.scale.services import require_services

QUEUE = "yibao_events"


@pytest.fixture(scope="module", autouse=True)
def servers():
    require_services("PostgreSQL", "Redis", "RabbitMQ")


async def _queue(action: str):
    """Purge the queue, or drain it and return the JSON events (aio-pika comes with Rasa)."""
    import aio_pika
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1/")
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(QUEUE, durable=True)
        if action == "purge":
            await queue.purge()
            return []
        events = []
        while True:
            message = await queue.get(no_ack=True, fail=False)
            if message is None:
                return events
            events.append(json.loads(message.body))


@pytest.fixture(scope="module")
def scaled_rasa(stack, postgres_db, artifacts_dir):
    asyncio.run(_queue("purge"))
    ports = Ports(wallet=stack.ports.wallet, actions=stack.ports.actions, rasa=Ports.free().rasa)
    scaled = start_stack(
        ports, log_dir=artifacts_dir / "logs-scale", only=["rasa"],
        RASA_ENDPOINTS=str(ROOT / "endpoints.scale.yml"),
        TRACKER_DB_HOST="127.0.0.1", TRACKER_DB_PORT="5432", TRACKER_DB=postgres_db,
        TRACKER_DB_USER="postgres", TRACKER_DB_PASSWORD="",
        REDIS_HOST="127.0.0.1", REDIS_PORT="6379",
        RABBITMQ_HOST="127.0.0.1", RABBITMQ_USER="guest", RABBITMQ_PASSWORD="guest",
        RASA_API_TOKEN="test-api-token", WALLET_SERVICE_KEY=stack.env["WALLET_SERVICE_KEY"],
    )
    yield scaled
    scaled.stop()


def test_scaled_rasa_stores_in_postgres_and_publishes_events(scaled_rasa, postgres_db, stack):
    scaled = scaled_rasa
    token = SyncWalletClient(WalletApiSettings(wallet_url=stack.wallet_url, service_key=None)
                             ).demo_session("zhao_balance")["token"]
    sender = f"scale-{uuid.uuid4().hex[:8]}"
    reply = httpx.post(f"{scaled.rasa_url}/webhooks/rest/webhook", timeout=60,
                       json={"sender": sender, "message": "付款失败了", "metadata": {"token": token}})
    assert "3.50" in " ".join(m.get("text", "") for m in reply.json())

    import psycopg2
    with psycopg2.connect(host="127.0.0.1", user="postgres", dbname=postgres_db) as db:
        cursor = db.cursor()
        cursor.execute("SELECT count(*) FROM events WHERE sender_id = %s", (sender,))
        assert cursor.fetchone()[0] > 3

    published = asyncio.run(_queue("drain"))
    assert any(e.get("sender_id") == sender and e.get("event") == "user" for e in published)
