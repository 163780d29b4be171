"""Engine and session factories.

SQLite: WAL + busy_timeout, and write transactions start with BEGIN IMMEDIATE so two writers
queue on the busy timeout instead of failing with "database is locked" when a read
transaction tries to upgrade. PostgreSQL: services lock the person row (SELECT ... FOR UPDATE)
before changing anything that belongs to that person.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.future import create_engine
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

SQLITE_BUSY_TIMEOUT_MS = 30_000
_BEGIN_OPTION = "wallet_sqlite_begin"


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def create_db_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            # SQLAlchemy 1.4 (pinned by Rasa 3.6) gives file SQLite a NullPool: a new connection
            # and four PRAGMAs per request were the wallet's largest cost under load.
            poolclass=None if ":memory:" in url else QueuePool,
            **({} if ":memory:" in url else {"pool_size": 5, "max_overflow": 10}),
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised implicitly
            # Take transaction control away from pysqlite so we can choose the BEGIN flavour.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection):
            mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
            connection.exec_driver_sql(f"BEGIN {mode}")

        return engine

    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@dataclass
class SessionFactories:
    """Read sessions take no write lock; write sessions serialise writers on SQLite."""

    engine: Engine
    read: sessionmaker
    write: sessionmaker

    def dispose(self) -> None:
        self.engine.dispose()


def create_session_factories(engine: Engine) -> SessionFactories:
    writer_bind = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
    common = dict(future=True, expire_on_commit=False, autoflush=True)
    return SessionFactories(
        engine=engine,
        read=sessionmaker(bind=engine, **common),
        write=sessionmaker(bind=writer_bind, **common),
    )
