"""Stored conversations: no live PIN-reset link, deleted after the retention period."""
from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import ROOT
from bot.tracker_store import MaskingSQLTrackerStore

RESET_LINK = "http://127.0.0.1:8000/wallet/pin-reset/Zk3_secret-Value9"


def _save(store: MaskingSQLTrackerStore, sender: str, *turns: float, bot_text: str = "好的") -> None:
    tracker = DialogueStateTracker(sender, [])
    for at in turns:
        tracker.update(UserUttered("忘记密码了", parse_data={"intent": {"name": "forgot_pin"}}, timestamp=at))
        tracker.update(BotUttered(bot_text, timestamp=at + 1))
    asyncio.run(store.save(tracker))


def _stored(db: Path) -> list:
    with sqlite3.connect(db) as conn:
        return [(sender, json.loads(data)) for sender, data in conn.execute("SELECT sender_id, data FROM events")]


def test_a_pin_reset_link_is_never_stored(tmp_path: Path):
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    _save(store, "s1", time.time(), bot_text=f"请点这个链接，刷脸后设置新密码：{RESET_LINK} （30分钟内有效）")
    stored = json.dumps(_stored(tmp_path / "t.db"), ensure_ascii=False)
    assert "Zk3_secret-Value9" not in stored
    assert "/wallet/pin-reset/[已隐藏]" in stored and "30分钟内有效" in stored


def test_purge_deletes_whole_conversations_older_than_the_retention(tmp_path: Path):
    db = tmp_path / "tracker.db"
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()
    _save(store, "old", now - 40 * 86400)
    _save(store, "recent", now - 2 * 86400)
    # A later turn keeps the whole conversation.
    _save(store, "old-but-continued", now - 45 * 86400, now - 3600)
    env = {**os.environ, "TRACKER_DB": str(db), "TRACKER_RETENTION_DAYS": "30", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "bot", "purge"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "deleted 1 conversation(s), 2 event(s)" in result.stdout
    senders = {sender for sender, _ in _stored(db)}
    assert senders == {"recent", "old-but-continued"}
    assert len([s for s, _ in _stored(db) if s == "old-but-continued"]) == 4


def test_purge_refuses_a_nonsense_retention(tmp_path: Path):
    env = {**os.environ, "TRACKER_DB": str(tmp_path / "t.db"), "TRACKER_RETENTION_DAYS": "forever",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "bot", "purge"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "TRACKER_RETENTION_DAYS" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unset_tracker_db_variable_is_refused_instead_of_creating_a_file(tmp_path: Path):
    with pytest.raises(ValueError, match="TRACKER_DB"):
        MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db="${TRACKER_DB}")
    assert not any(p.name.startswith("$") for p in ROOT.iterdir())
