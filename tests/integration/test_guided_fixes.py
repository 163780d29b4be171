"""Guided fixes end to end: the state change happens only after confirmation and is audited."""
from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def audit(wallet_api, person_id):
    return wallet_api.get(f"/persons/{person_id}/audit-log").json()["entries"]


def test_region_switch_lists_records_and_switches_after_confirmation(chat, wallet_api):
    conversation = chat("chen_region")
    reply = conversation.say("付款失败了")
    assert "哪个是您现在真正的参保地" in reply
    titles = [b["title"] for b in conversation.buttons]
    assert any("深圳市" in t for t in titles) and any("长沙市" in t for t in titles)

    reply = conversation.click("深圳市")
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in reply
    # nothing changed before the confirmation turn
    assert wallet_api.get("/persons/chen_region").json()["shown_region"]["code"] == "430100"

    reply = conversation.click("确认切换")
    assert "已经切换好了" in reply and "深圳市" in reply
    assert wallet_api.get("/persons/chen_region").json()["shown_region"]["code"] == "440300"
    entries = [e for e in audit(wallet_api, "chen_region") if e["action"] == "region.switch_shown"]
    assert len(entries) == 1
    assert entries[0]["channel"] == "rest"
    assert entries[0]["conversation_id"] == conversation.sender

    reply = conversation.say("改好了，现在可以用了吗")
    assert "现在一切正常" in reply


def test_region_switch_declined_changes_nothing(chat, wallet_api):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    conversation.click("深圳市")
    reply = conversation.click("先不切换")
    assert "没有切换参保地" in reply
    assert wallet_api.get("/persons/chen_region").json()["shown_region"]["code"] == "430100"


def test_region_outside_records_explains_transfer_and_registration(chat, wallet_api):
    conversation = chat("chen_region")
    conversation.say("医保码参保地不对")
    reply = conversation.say("广州")
    assert "没有广州市" in reply
    assert "参保关系转移" in reply and "异地就医备案" in reply
    assert wallet_api.get("/persons/chen_region").json()["shown_region"]["code"] == "430100"


def test_pin_reset_never_asks_for_the_pin_and_completes_on_the_secure_page(chat, stack):
    conversation = chat("sun_pin_locked")
    reply = conversation.say("付款失败了")
    assert "锁定" in reply
    conversation.click("支付宝")
    reply = conversation.click("开重置单")
    assert "请输入" not in reply and "告诉我密码" not in reply
    assert "市民中心" in reply  # the Alipay path
    url = re.search(r"https?://\S+/wallet/pin-reset/[\w\-]+", reply).group(0)

    reply = conversation.say("改好了吗，你帮我看看")
    assert "还没完成" in reply

    # The person completes the reset on the wallet's own page (simulated face check).
    with httpx.Client(follow_redirects=True, timeout=10) as browser:
        assert browser.get(url).status_code == 200
        browser.post(f"{url}/face-check")
        refused = browser.post(f"{url}/pin", data={"pin": "123456", "pin_confirm": "123456"})
        assert refused.status_code == 400
        done = browser.post(f"{url}/pin", data={"pin": "480317", "pin_confirm": "480317"})
        assert "密码重置成功" in done.text

    reply = conversation.say("我重置好了，现在可以了吗")
    assert "锁定已解除" in reply
    assert "现在一切正常" in reply


def test_activation_gives_channel_steps_and_rechecks(chat, wallet):
    conversation = chat("li_unactivated")
    reply = conversation.say("付款失败了")
    assert "没有激活" in reply
    reply = conversation.click("微信")
    assert "我 → 服务 → 医疗健康" in reply
    assert "线下激活" in reply  # the usual failures are covered
    assert "还没有激活" in conversation.say("激活好了，你帮我查查")
    # the person activates in the app (demo hook), then asks again
    wallet.demo_activate(conversation.token, "wechat")
    reply = conversation.say("我已经激活了，现在可以了吗")
    assert "已激活" in reply and "现在一切正常" in reply


def test_balance_and_limits_show_the_persons_figures(chat):
    reply = chat("liu_limit").say("帮我查下余额")
    assert "单笔限额500.00元" in reply


def test_family_bindings_mention_shenzhen_community_health_centre(chat):
    reply = chat("wu_family").say("亲情账户怎么绑定家人")
    assert "社康中心" in reply
    assert "二档" in reply


def test_authorization_revoked_only_after_confirmation(chat, wallet_api):
    conversation = chat("zhang_ok")
    conversation.say("医保码安全吗，怎么管理授权")
    reply = conversation.click("取消支付宝授权")
    assert "确认要取消支付宝的授权吗" in reply
    before = wallet_api.get("/persons/zhang_ok/audit-log").json()["entries"]
    assert not [e for e in before if e["action"] == "authorization.revoked"]
    reply = conversation.click("确认取消")
    assert "已取消支付宝的授权" in reply
    entries = [e for e in audit(wallet_api, "zhang_ok") if e["action"] == "authorization.revoked"]
    assert len(entries) == 1 and entries[0]["conversation_id"] == conversation.sender


def test_human_handoff_opens_a_ticket_with_a_summary(chat, wallet_api):
    conversation = chat("wang_frozen")
    conversation.say("付款失败了")
    reply = conversation.say("转人工")
    match = re.search(r"工单号(T\d{8}-\d{4})", reply)
    assert match, reply
    assert "12393" in reply
    ticket = wallet_api.get(f"/support-tickets/{match.group(1)}").json()
    assert ticket["person_id"] == "wang_frozen"
    assert ticket["conversation_id"] == conversation.sender
    assert "status_abnormal" in ticket["summary"] and "付款失败了" in ticket["summary"]


def test_stop_leaves_the_form_cleanly(chat, wallet_api):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    reply = conversation.say("算了，不弄了")
    assert "先不办了" in reply
    assert conversation.tracker()["active_loop"] in ({}, None) or \
        not conversation.tracker()["active_loop"].get("name")
    assert wallet_api.get("/persons/chen_region").json()["shown_region"]["code"] == "430100"


def test_question_mid_form_is_answered_and_the_form_resumes(chat):
    conversation = chat("li_unactivated")
    conversation.say("付款失败了")
    reply = conversation.say("医保电子凭证到底是个啥东西")
    assert "国家医保信息平台" in reply
    assert "哪个渠道" in reply  # the form asks again
    reply = conversation.click("支付宝")
    assert "市民中心" in reply or "支付宝" in reply
