"""Shared by the WeChat webhook tests (test_wechat*.py): the webhook fixture and the helpers
that sign, build and post WeChat pushes the way WeChat's servers do."""
from __future__ import annotations

import hashlib
import time
import uuid

import httpx
import pytest
from wechatpy import parse_message

from tests.conftest import API_TOKEN, WECHAT_TOKEN


@pytest.fixture
def hook(stack):
    return f"{stack.rasa_url}/webhooks/wechat/webhook"


def signed_params(timestamp: int = None, token: str = WECHAT_TOKEN) -> dict:
    timestamp = str(timestamp or int(time.time()))
    nonce = uuid.uuid4().hex[:10]
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": timestamp, "nonce": nonce}


def text_xml(openid: str, content: str, msg_id: int = None) -> str:
    msg_id = msg_id or int(time.time() * 1000) % 10**15
    return (f"<xml><ToUserName><![CDATA[gh_demo]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")


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
