"""Scale-out tests run against the real PostgreSQL, Redis and RabbitMQ on loopback (and nginx for
the multi-server tests); .ci/run starts them when they are not running."""
from __future__ import annotations

import uuid

import pytest

from tests.scale.services import require_services


@pytest.fixture
def redis_client():
    require_services("Redis")
    import redis.asyncio as aioredis

    from bot.shared_state import STATE_DB

    client = aioredis.Redis.from_url(f"redis://127.0.0.1:6379/{STATE_DB}", decode_responses=True)
    yield client


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="module")
def postgres_db():
    """A fresh PostgreSQL database, dropped afterwards."""
    require_services("PostgreSQL")
    import psycopg2

    name = f"yibao_scale_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield name
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def pytest_configure(config):
    config.addinivalue_line("markers", "scale: several Rasa servers behind nginx (tests/scale)")
