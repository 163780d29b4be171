"""Bad input at the REST channel: never a crash or a stack trace, a sensible reply or a 4xx."""
from __future__ import annotations

import httpx
import pytest

from tests.conftest import API_TOKEN

ODD_MESSAGES = [
    "", "   ", "\t\n", "啊" * 10000, "😀😀😀", "🤔", "医保码 pay 不了 ¿qué? Пока",
    "付款\x00失败\x07了\x1b[31m", "<script>alert('x')</script>", "<b>医保码</b><img src=x onerror=1>",
    "'; DROP TABLE events; --", "1' OR '1'='1", "１２８元付不了", "\u202e付款失败\u202c", "\ud7ff\ufeff",
]


@pytest.mark.parametrize("text", ODD_MESSAGES)
def test_odd_messages_get_a_reply_without_a_trace(stack, text):
    response = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                          json={"sender": "odd-input", "message": text}, timeout=60)
    assert response.status_code == 200
    body = response.text
    assert "Traceback" not in body and "Exception" not in body
    if text.strip():
        assert response.json(), f"no reply to {text[:30]!r}"


@pytest.mark.parametrize("payload", [
    b"{not json", b"[]", b'"just a string"', b'{"sender": 5, "message": ["x"]}',
    b'{"message": null}', b'{"sender": "a", "message": {"nested": true}}',
])
def test_malformed_rest_bodies_are_4xx(stack, payload):
    response = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", content=payload,
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text


def test_rasa_http_api_needs_the_token(stack):
    sender = "api-probe"
    assert httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker").status_code == 401
    assert httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker",
                     params={"token": "wrong"}).status_code == 401
    assert httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker",
                     params={"token": API_TOKEN}).status_code == 200


def test_full_width_amount_is_understood(chat):
    reply = chat().say("１２８元付不了，余额不足吗")
    assert "余额" in reply
