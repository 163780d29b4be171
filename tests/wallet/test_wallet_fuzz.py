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
from bot.wallet.config import WalletSettings

FUZZ_EXAMPLES = 25
SERVICE_KEY = "fuzz-service-key"
_DB = Path(tempfile.mkdtemp(prefix="wallet-fuzz-")) / "wallet.db"
# Built at import: schemathesis parametrises the test from the app's OpenAPI spec.
APP = create_app(WalletSettings(database_url=f"sqlite:///{_DB}", service_key=SERVICE_KEY,
                                token_secret="fuzz-token-secret", demo_mode=True))
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
