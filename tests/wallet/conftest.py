"""Fixtures for the wallet backend tests.

Every test gets a fresh database: a tmp SQLite file, and (parametrised) a clean schema in a
throwaway PostgreSQL database created once per session at 127.0.0.1:5432 and dropped at the end.
The PostgreSQL half is skipped when no server answers.
"""
from __future__ import annotations

import threading
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Dict, Iterator, Optional

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from bot.processes import free_port
from bot.wallet.app import create_app
from bot.wallet.config import WalletSettings
from bot.wallet.models import Base

SERVICE_KEY = "test-service-key"
TOKEN_SECRET = "test-token-secret"
PUBLIC_URL = "http://wallet.test"
# 2026-11-25 10:00 in Beijing.
START = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
PG_ADMIN = dict(host="127.0.0.1", port=5432, user="postgres", dbname="test", connect_timeout=3)


class FakeClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now = self.now + timedelta(**delta)


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[Optional[str]]:
    try:
        import psycopg2

        admin = psycopg2.connect(**PG_ADMIN)
    except Exception:  # no driver or no server: the postgres half is skipped
        yield None
        return
    admin.autocommit = True
    name = f"wallet_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'wallet.db'}"
    url = request.getfixturevalue("pg_database_url")
    if url is None:
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432")
    engine = create_engine(url)
    Base.metadata.drop_all(engine)  # fresh schema per test; create_app recreates it
    engine.dispose()
    return url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def make_settings(database_url: str, **overrides) -> WalletSettings:
    base = WalletSettings(
        database_url=database_url,
        service_key=SERVICE_KEY,
        token_secret=TOKEN_SECRET,
        demo_mode=True,
        public_url=PUBLIC_URL,
    )
    return base.with_overrides(**overrides)


@pytest.fixture
def make_app(database_url, clock):
    apps = []

    def factory(**overrides):
        app = create_app(make_settings(database_url, **overrides), clock=clock)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.state.sessions.dispose()


class Api:
    """A TestClient plus the headers the action server would send."""

    def __init__(self, client: TestClient):
        self.client = client
        self.key: Dict[str, str] = {"X-Service-Key": SERVICE_KEY}

    def token(self, persona: str) -> str:
        response = self.client.post("/api/v1/demo/session", json={"persona": persona})
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def user(self, persona: str) -> Dict[str, str]:
        return {**self.key, "X-User-Token": self.token(persona)}

    def audit(self, persona: str) -> list:
        response = self.client.get(f"/api/v1/persons/{persona}/audit-log", headers=self.key)
        assert response.status_code == 200, response.text
        return response.json()["entries"]


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def api(app) -> Api:
    # raise_server_exceptions: a bug must fail the test, not hide behind the 500 handler.
    return Api(TestClient(app, raise_server_exceptions=True))


@contextmanager
def running_server(app) -> Iterator[str]:
    """Serve `app` with a real uvicorn on a free port in a background thread."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def serve():
    """`with serve(app) as base_url:` runs a real HTTP server for the block."""
    return running_server
