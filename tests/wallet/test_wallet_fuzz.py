"""Property-based fuzzing of the wallet API from its own OpenAPI spec: no 5xx for any input.

Each operation gets a bounded number of generated requests, with a valid service key and a
valid user token (so the checks reach past authentication) and without them.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from bot.wallet.app import create_app
from tests.wallet.conftest import SERVICE_KEY, make_settings

FUZZ_EXAMPLES = 25
_DB = Path(tempfile.mkdtemp(prefix="wallet-fuzz-")) / "wallet.db"
APP = create_app(make_settings(f"sqlite:///{_DB}"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
TOKEN = TestClient(APP).post("/api/v1/demo/session", json={"persona": "chen_region"}).json()["token"]


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.parametrize("authenticated", [True, False], ids=["keyed", "anonymous"])
def test_no_server_errors(case, authenticated):
    headers = {"X-Service-Key": SERVICE_KEY, "X-User-Token": TOKEN} if authenticated else {}
    response = case.call(headers=headers)
    assert response.status_code < 500, (case.method, case.path, response.status_code,
                                         response.text[:300])
