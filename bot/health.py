"""`GET /healthz` of our own services: which service answers, and which instance of it.

A readiness check that accepted any 200 was answered by whatever held the port (issue 17);
`bot.processes` gives each program an instance id and waits for exactly that one.
"""
from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Dict

from bot.config import Settings

INSTANCE_ENV = "SERVICE_INSTANCE_ID"

# The names /healthz answers with; bot.processes expects the same ones.
WALLET = "yibao-wallet"
ACTION_SERVER = "yibao-action-server"
WEBSITE = "yibao-website"


@lru_cache(maxsize=None)
def instance_id() -> str:
    """Set by whoever started this process (supervisord); random per process otherwise."""
    return Settings.from_env().service_instance_id or secrets.token_hex(8)


def healthz(service: str) -> Dict[str, str]:
    return {"status": "ok", "service": service, "instance": instance_id()}
