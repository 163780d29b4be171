"""Shared by the WeChat webhook tests (test_wechat*.py): the webhook fixture and the helpers
that sign, build and post WeChat pushes the way WeChat's servers do."""
from __future__ import annotations

import uuid

import httpx
import pytest
from wechatpy import parse_message

from tests.conftest import API_TOKEN
from tests.wechat_push import signed_params, text_xml  # noqa: F401 - used by the WeChat tests


@pytest.fixture
def hook(stack):
    return f"{stack.rasa_url}/webhooks/wechat/webhook"


def post(hook, body: str, params=None, **kwargs) -> httpx.Response:
    return httpx.post(hook, params=params or signed_params(), content=body.encode("utf-8"),
                      timeout=30, **kwargs)


def reply_text(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return parse_message(response.text).content


def user_texts(stack, openid: str) -> list:
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{openid}/tracker",
                        params={"token": API_TOKEN}).json()
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]


def random_msg_id() -> int:
    return int(uuid.uuid4().int % 10**15)
