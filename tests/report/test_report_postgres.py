"""The reader on PostgreSQL: the same scripted store gives the same figures as on SQLite.

Needs PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`; REPORT_TEST_POSTGRES_URL to
change); skipped, with that reason, when none answers. Uses a table of its own, dropped after.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.report.build import build_report
from bot.report.synthetic import write_events

from .conftest import ordered, scenario
from .test_report_metrics import metrics_of

URL = os.environ.get("REPORT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def postgres_table():
    engine = sa.create_engine(URL)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        engine.dispose()
        pytest.skip(f"no PostgreSQL at {URL} ({type(error.orig).__name__}): start one or set "
                    f"REPORT_TEST_POSTGRES_URL")
    table = f"report_events_{uuid.uuid4().hex[:10]}"
    yield table
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))
        conn.execute(sa.text(f"DROP SEQUENCE IF EXISTS {table}_seq"))
    engine.dispose()


def test_postgres_store_gives_the_same_figures_as_sqlite(postgres_table: str, tmp_path: Path):
    write_events(URL, ordered(scenario()), table=postgres_table)
    sqlite = f"sqlite:///{tmp_path / 'tracker.db'}"
    write_events(sqlite, ordered(scenario()))
    on_postgres = metrics_of(URL, table=postgres_table)
    on_sqlite = metrics_of(sqlite)
    for figures in (on_postgres, on_sqlite):
        figures.pop("_unknown_groups")
    assert on_postgres == on_sqlite
    assert on_postgres["totals"]["conversations"] == 9
    built = build_report(URL, tmp_path / "out", table=postgres_table, progress=False)
    assert built.metrics["guess_vs_cause"]["guessed_right"] == 1
    assert "postgres" in (tmp_path / "out" / "report.json").read_text(encoding="utf-8")
