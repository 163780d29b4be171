"""WeChat webhook against the running Rasa server, with requests signed in the test."""
from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto

from bot.channels.wechat import LoggingSender, MemoryNonceStore, MessageDeduplicator, NonceStoreFull, render
from tests.conftest import WECHAT_AES_KEY, WECHAT_APP_ID, WECHAT_TOKEN
from tests.integration.conftest import post, random_msg_id, reply_text, signed_params, text_xml, user_texts

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_url_verification(hook):
    ok = httpx.get(hook, params={**signed_params(), "echostr": "hello123"})
    assert ok.status_code == 200 and ok.text == "hello123"
    bad = httpx.get(hook, params={**signed_params(token="wrong"), "echostr": "hello123"})
    assert bad.status_code == 403


def test_bound_openid_gets_its_own_diagnosis_with_numbered_choices(hook):
    post(hook, text_xml("wx_chen_region", "/restart"))  # the bound openid's conversation from the start
    text = reply_text(post(hook, text_xml("wx_chen_region", "付款失败了")))
    assert "深圳市" in text and "长沙市" in text
    assert "回复数字选择" in text and "1. " in text
    choice = next(line for line in text.splitlines() if "深圳市" in line and line[:1].isdigit())
    follow = reply_text(post(hook, text_xml("wx_chen_region", choice.split(".")[0])))
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in follow


def test_unbound_openid_gets_the_generic_flow(hook):
    text = reply_text(post(hook, text_xml("wx_unknown_" + uuid.uuid4().hex[:6], "付款失败了")))
    assert "常见的原因" in text and "登录" in text


def test_bad_signature_is_refused_and_nothing_processed(hook, stack):
    openid = "wx_probe_" + uuid.uuid4().hex[:6]
    response = post(hook, text_xml(openid, "付款失败了"), params=signed_params(token="forged"))
    assert response.status_code == 403
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{openid}/tracker",
                        params={"token": "test-api-token"}).json()
    assert not [e for e in tracker.get("events", []) if e.get("event") == "user"]


def test_replayed_old_timestamp_is_refused(hook):
    old = signed_params(timestamp=int(time.time()) - 3600)
    assert post(hook, text_xml("wx_zhang_ok", "你好"), params=old).status_code == 403


def test_duplicate_msgid_is_processed_once(hook, stack):
    openid = "wx_dup_" + uuid.uuid4().hex[:6]
    body = text_xml(openid, "医保电子凭证是什么", msg_id=987654321012345)
    first = post(hook, body)
    second = post(hook, body)
    assert first.status_code == second.status_code == 200
    assert reply_text(first) == reply_text(second)
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{openid}/tracker",
                        params={"token": "test-api-token"}).json()
    assert len([e for e in tracker["events"] if e.get("event") == "user"]) == 1


def test_replayed_signed_url_with_another_openid_or_body_is_refused(hook, stack):
    # The attacker's own push gives them a signed URL (plaintext mode: the signature does not
    # cover the body). Replayed with the victim's openid it must not reveal the victim's balance.
    attacker = "wx_attacker_" + uuid.uuid4().hex[:6]
    params = signed_params()
    assert reply_text(post(hook, text_xml(attacker, "你好"), params=params))
    victim_before = len(user_texts(stack, "wx_zhao_balance"))
    replay = post(hook, text_xml("wx_zhao_balance", "付款失败了", msg_id=random_msg_id()), params=params)
    assert replay.status_code == 403 and "3.50" not in replay.text
    other_body = post(hook, text_xml(attacker, "付款失败了", msg_id=random_msg_id()), params=params)
    assert other_body.status_code == 403
    assert len(user_texts(stack, "wx_zhao_balance")) == victim_before
    assert user_texts(stack, attacker) == ["你好"]


def test_same_msgid_from_two_openids_gets_each_its_own_reply(hook, stack):
    msg_id = random_msg_id()  # MsgIds are not secret; the dedupe must not hand out another's reply
    post(hook, text_xml("wx_zhao_balance", "/restart"))  # not the diagnosis already given earlier
    victim = reply_text(post(hook, text_xml("wx_zhao_balance", "付款失败了", msg_id=msg_id)))
    assert "3.50" in victim
    other = "wx_other_" + uuid.uuid4().hex[:6]
    answer = reply_text(post(hook, text_xml(other, "付款失败了", msg_id=msg_id)))
    assert "3.50" not in answer and "常见的原因" in answer
    assert user_texts(stack, other) == ["付款失败了"]


def test_genuine_retry_repeats_the_signed_url_and_gets_the_same_reply_once(hook, stack):
    # WeChat retries a push it got no answer to with the same query string and the same body.
    openid = "wx_retry_" + uuid.uuid4().hex[:6]
    params = signed_params()
    body = text_xml(openid, "医保电子凭证是什么", msg_id=random_msg_id())
    first, retry = post(hook, body, params=params), post(hook, body, params=params)
    assert reply_text(first) == reply_text(retry)
    assert user_texts(stack, openid) == ["医保电子凭证是什么"]
    # The same signed URL with anything else in the body is a replay, not a retry.
    altered = body.replace("医保电子凭证是什么", "付款失败了")
    assert post(hook, altered, params=params).status_code == 403
    assert user_texts(stack, openid) == ["医保电子凭证是什么"]


def test_nonce_store_remembers_within_the_window_and_stays_bounded():
    async def scenario():
        store = MemoryNonceStore(max_entries=2)
        now = time.time()
        results = [await store.claim("t:n1", "a", now + 60),
                   await store.claim("t:n1", "a", now + 60),   # a retry
                   await store.claim("t:n1", "b", now + 60)]   # a replay with another body
        await store.claim("t:old", "x", now - 1)               # already outside the window
        results.append(await store.claim("t:n2", "c", now + 60))  # the stale entry made room
        with pytest.raises(NonceStoreFull):                    # full of live nonces: refuse
            await store.claim("t:n3", "d", now + 60)
        return results, len(store)

    assert asyncio.run(scenario()) == ([True, True, False, True], 2)


@pytest.mark.parametrize("body", ["<xml><FromUserName>", "not xml at all", "<xml></xml>"])
def test_malformed_xml_is_a_400(hook, body):
    assert post(hook, body).status_code == 400


def test_oversized_body_is_a_413(hook):
    assert post(hook, text_xml("wx_zhang_ok", "啊" * 40000)).status_code == 413


def test_subscribe_event_gets_a_welcome(hook):
    body = ("<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><FromUserName><![CDATA[wx_new_fan]]>"
            f"</FromUserName><CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]>"
            "</MsgType><Event><![CDATA[subscribe]]></Event></xml>")
    assert "医保支付助手" in reply_text(post(hook, body))


def test_aes_safe_mode_round_trip(hook):
    post(hook, text_xml("wx_zhao_balance", "/restart"))  # not the diagnosis already given earlier
    crypto = WeChatCrypto(WECHAT_TOKEN, WECHAT_AES_KEY, WECHAT_APP_ID)
    params = signed_params()
    encrypted = crypto.encrypt_message(text_xml("wx_zhao_balance", "付款失败了"), params["nonce"],
                                       params["timestamp"])
    envelope = parse_message_envelope(encrypted)
    params.update(encrypt_type="aes", msg_signature=envelope["msg_signature"])
    response = httpx.post(hook, params=params, content=envelope["xml"].encode(), timeout=30)
    assert response.status_code == 200
    answer = crypto.decrypt_message(response.text, *_reply_signature(response.text))
    assert "3.50" in parse_message(answer).content


def parse_message_envelope(encrypted_xml: str) -> dict:
    import xmltodict
    data = xmltodict.parse(encrypted_xml)["xml"]
    xml = (f"<xml><ToUserName><![CDATA[gh_demo]]></ToUserName>"
           f"<Encrypt><![CDATA[{data['Encrypt']}]]></Encrypt></xml>")
    return {"xml": xml, "msg_signature": data["MsgSignature"]}


def _reply_signature(reply_xml: str):
    import xmltodict
    data = xmltodict.parse(reply_xml)["xml"]
    return data["MsgSignature"], data["TimeStamp"], data["Nonce"]


def test_late_answer_goes_out_by_customer_service_api_once():
    async def scenario():
        sender = LoggingSender()
        dedup = MessageDeduplicator(sender, reply_window=0.05)
        calls = []

        async def slow_answer():
            calls.append(1)
            await asyncio.sleep(0.2)
            return "迟到的回答"

        first = await dedup.answer("m1", "openid-1", slow_answer)
        retry = await dedup.answer("m1", "openid-1", slow_answer)
        await asyncio.sleep(0.3)
        again = await dedup.answer("m1", "openid-1", slow_answer)
        return first, retry, again, calls, sender.sent

    first, retry, again, calls, sent = asyncio.run(scenario())
    assert first is None and retry is None and again is None  # empty "success" each time
    assert calls == [1]
    assert sent == [("openid-1", "迟到的回答")]


def test_buttons_become_numbered_choices():
    text, buttons = render([{"text": "选渠道", "buttons": [{"title": "支付宝", "payload": "/a"},
                                                          {"title": "微信", "payload": "/b"}]}])
    assert text.endswith("回复数字选择：\n1. 支付宝\n2. 微信") and len(buttons) == 2
