"""What WeChat's servers send: signed query strings and text-message pushes (shared by the
WeChat webhook tests and the scale-out tests)."""
from __future__ import annotations

import hashlib
import time
import uuid

from tests.conftest import WECHAT_TOKEN


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
