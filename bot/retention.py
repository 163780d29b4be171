"""`python -m bot purge`: delete conversations older than the retention period.

Stored conversations hold masked text, but also what people told us about their health
insurance; keep them only as long as support needs them. A conversation is deleted whole
when its newest event is older than `--older-than-days` (default `TRACKER_RETENTION_DAYS`,
30). Works on the SQL tracker store of `endpoints.yml` or `RASA_ENDPOINTS` (SQLite or
PostgreSQL). Run it daily (cron or a systemd timer).
"""
from __future__ import annotations

import re
import time
import warnings
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple

import sqlalchemy as sa
import yaml

DEFAULT_RETENTION_DAYS = 30
_VAR = re.compile(r"\$\{([^}]+)\}")


def retention_days(env: Mapping[str, str]) -> int:
    raw = env.get("TRACKER_RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS))
    try:
        days = int(raw)
    except ValueError:
        raise SystemExit(f"TRACKER_RETENTION_DAYS must be a whole number of days, got {raw!r}") from None
    if days < 1:
        raise SystemExit("TRACKER_RETENTION_DAYS must be at least 1")
    return days


def _expand(value: Any, env: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        missing = [name for name in _VAR.findall(value) if name not in env]
        if missing:
            raise SystemExit(f"{', '.join(missing)} not set (needed by the tracker store settings)")
        return _VAR.sub(lambda m: env[m.group(1)], value)
    return value


def tracker_store_url(endpoints: Path, env: Mapping[str, str]) -> str:
    config: Dict[str, Any] = (yaml.safe_load(endpoints.read_text()) or {}).get("tracker_store") or {}
    config = {key: _expand(value, env) for key, value in config.items()}
    from rasa.core.tracker_store import SQLTrackerStore  # Rasa's own URL rules, incl. host URLs

    with warnings.catch_warnings():  # Rasa 3.6 builds the URL with a deprecated constructor
        warnings.simplefilter("ignore")
        url = SQLTrackerStore.get_db_url(
            dialect=config.get("dialect", "sqlite"), host=config.get("url"),
            port=int(config["port"]) if config.get("port") else None, db=config.get("db", "rasa.db"),
            username=config.get("username"), password=config.get("password"))
    return str(url) if not isinstance(url, str) else url


def purge(url: str, older_than_days: int, now: Optional[float] = None) -> Tuple[int, int]:
    """Delete whole conversations whose newest event is older than the cut-off.

    Returns (conversations deleted, events deleted)."""
    cutoff = (now if now is not None else time.time()) - older_than_days * 86400
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            if not sa.inspect(conn).has_table("events"):
                return 0, 0
            old = sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff")
            senders = [row[0] for row in conn.execute(old, {"cutoff": cutoff})]
            deleted = 0
            for start in range(0, len(senders), 500):
                chunk = senders[start:start + 500]
                stmt = sa.text("DELETE FROM events WHERE sender_id IN :senders").bindparams(
                    sa.bindparam("senders", expanding=True))
                deleted += conn.execute(stmt, {"senders": chunk}).rowcount
            return len(senders), deleted
    finally:
        engine.dispose()


def main(days: Optional[int], endpoints: Optional[str]) -> None:
    from bot.settings import ROOT, base_env

    env = base_env()
    path = Path(endpoints or env.get("RASA_ENDPOINTS") or ROOT / "endpoints.yml")
    older_than = days if days is not None else retention_days(env)
    if older_than < 1:
        raise SystemExit("--older-than-days must be at least 1")
    conversations, events = purge(tracker_store_url(path, env), older_than)
    print(f"deleted {conversations} conversation(s), {events} event(s) older than {older_than} days")
