"""Hostile or broken input gets a 4xx with a JSON detail, never a 500."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.processes import free_port

REPO = Path(__file__).resolve().parents[2]

BODY_ROUTES = [
    ("PUT", "/api/v1/me/regions/shown"),
    ("POST", "/api/v1/me/pin-reset-tickets"),
    ("POST", "/api/v1/me/authorizations/wechat/revoke"),
    ("POST", "/api/v1/support-tickets"),
    ("POST", "/api/v1/wechat/session"),
    ("POST", "/api/v1/demo/session"),
    ("POST", "/api/v1/demo/activate"),
]

RAW_BODIES = [
    b"",
    b"{",
    b"not json",
    b"[]",
    b"null",
    b"42",
    b'"string"',
    b'{"region_code": }',
    b"\xff\xfe\x00garbage",
    "{\"summary\": \"\u4f60\u597d\"".encode("utf-8"),
    b'{"a": ' * 500 + b"1" + b"}" * 500,  # deep nesting
    b"[" * 60_000,  # deeper than the JSON parser recurses
]

PIN_RESET, REVOKE, TICKETS = BODY_ROUTES[1][1], BODY_ROUTES[2][1], BODY_ROUTES[3][1]
# (body, the routes that accept it). Routes that need only the request context ignore unknown
# fields, so a few hostile-looking bodies are valid there; everywhere else they are refused.
JSON_BODIES = [
    ({}, set()),
    ({"region_code": 440300, "channel": "rest"}, {PIN_RESET, REVOKE}),
    ({"region_code": True, "channel": "rest"}, {PIN_RESET, REVOKE}),
    ({"region_code": {"x": 1}, "channel": ["rest"]}, set()),
    ({"channel": "rest" * 100, "conversation_id": "c"}, set()),
    ({"channel": "rest", "conversation_id": "c" * 129}, set()),
    ({"channel": "rest", "conversation_id": 5}, set()),
    ({"channel": "rest", "summary": "x" * 2001}, {PIN_RESET, REVOKE}),
    ({"channel": "rest", "summary": "\u0000"}, {PIN_RESET, REVOKE}),
    # A ticket summary is cleaned rather than refused (test_wallet_tickets).
    ({"channel": "rest", "summary": "\ud800 lone surrogate"}, {PIN_RESET, REVOKE, TICKETS}),
    ({"channel": "re st", "summary": "ok"}, set()),
    ({"channel": "频道", "summary": "ok"}, set()),
    ({"openid": "", "persona": ""}, set()),
    ({"openid": "\u0000", "persona": "\ud83d"}, set()),
    ({"openid": 1, "persona": 2}, set()),
    ({"request_channel": None}, set()),
    ({"channel": "wechat-but-not-an-enum-value-at-all"}, set()),
]


@pytest.fixture
def headers(api):
    return api.user("chen_region")


def test_broken_bodies_never_500(api, headers):
    send_headers = {**headers, "Content-Type": "application/json"}
    for method, path in BODY_ROUTES:
        for raw in RAW_BODIES:
            response = api.client.request(method, path, content=raw, headers=send_headers)
            assert 400 <= response.status_code < 500, (path, raw[:40], response.status_code)
            assert "detail" in response.json()
        for body, accepted_by in JSON_BODIES:
            response = api.client.request(method, path, content=json.dumps(body).encode(), headers=send_headers)
            if path in accepted_by:
                assert response.status_code == 200, (path, body, response.text[:200])
                continue
            # Refused with 422 and, per problem, which body field it is and why.
            assert response.status_code == 422, (path, body, response.status_code)
            problems = response.json()["detail"]
            assert problems and all(p["loc"][0] == "body" and len(p["loc"]) > 1 and p["msg"] for p in problems), \
                (path, body, problems)


def test_validation_messages_are_clear(api, headers):
    response = api.client.put("/api/v1/me/regions/shown", json={"region_code": "abc", "channel": "rest"},
                              headers=headers)
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"][-1] == "region_code" and "regex" in error["msg"]
    # Identifiers with a NUL are refused; a ticket summary is cleaned instead (test_wallet_tickets).
    nul = api.client.post("/api/v1/support-tickets",
                          json={"summary": "ok", "channel": "rest", "conversation_id": "a\u0000b"}, headers=headers)
    assert nul.status_code == 422 and "NUL" in nul.json()["detail"][0]["msg"]


def test_unicode_that_is_valid_is_kept(api, headers):
    summary = "支付失败😀 ‮RTL‬ e\u0301 \U0002A6A5"
    response = api.client.post("/api/v1/support-tickets",
                               json={"summary": summary, "channel": "rest", "conversation_id": "会话-1"},
                               headers=headers)
    assert response.status_code == 200


def test_oversized_body_is_refused_before_parsing(api, headers):
    response = api.client.post("/api/v1/support-tickets", json={"summary": "x" * 200_000, "channel": "rest"},
                               headers=headers)
    assert response.status_code == 413 and response.json() == {"detail": "request_too_large"}


def test_bad_query_and_path_parameters(api, headers):
    for query in ["limit=0", "limit=101", "limit=abc", "limit=" + "9" * 40, "limit=-1", "limit=1.5"]:
        response = api.client.get(f"/api/v1/me/payment-attempts?{query}", headers=headers)
        assert response.status_code == 422, query
    for person in ["a" * 65, "%00", "张三", "x%27%20OR%201%3D1"]:
        response = api.client.get(f"/api/v1/persons/{person}", headers=api.key)
        assert response.status_code == 422, person  # refused by the id pattern, never looked up
    assert api.client.get("/api/v1/me/nothing-here", headers=headers).status_code == 404
    assert api.client.delete("/api/v1/me/profile", headers=headers).status_code == 405


def test_module_entry_point_serves_http(tmp_path):
    """`python -m bot.wallet` starts a real server configured from the environment."""
    port = free_port()
    env = {**os.environ, "WALLET_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}", "WALLET_DEMO_MODE": "true",
           "WALLET_SERVICE_KEY": "k1", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "bot.wallet", "--host", "127.0.0.1", "--port", str(port),
                             "--log-level", "warning"], cwd=REPO, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).json().get("status") == "ok":
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, "server exited"
            assert time.monotonic() < deadline, "server did not come up"
            time.sleep(0.1)
        token = httpx.post(f"{base}/api/v1/demo/session", json={"persona": "zhang_ok"}, timeout=5).json()["token"]
        wallet = httpx.get(f"{base}/api/v1/me/wallet", headers={"X-Service-Key": "k1", "X-User-Token": token},
                           timeout=5)
        assert wallet.status_code == 200 and wallet.json()["balance"] == "856.40"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
