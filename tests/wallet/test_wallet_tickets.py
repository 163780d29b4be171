"""Support tickets keep nothing personal and survive odd characters in what users typed."""
from __future__ import annotations

import json
import re

import pytest

from bot.privacy import normalise

RAW = [  # a client that sends the conversation unmasked (issue 11)
    ("用户最近说: 支付密碼是386152", "386152"),
    ("用户最近说: 密码是三八六一五二", "386152"),
    ("用户最近说: 我手机138·1234·5678", "13812345678"),
    ("用户最近说: 身份证 110105 19900307 123X | 卡号6222 0212 3456 7890 123", "11010519900307123X"),
    ("用户最近说: 卡号6222 0212 3456 7890 123", "6222021234567890123"),
    ("用户最近说: 老身份证110105900307123", "110105900307123"),
]


def file_ticket(api, summary):
    # json.dumps escapes a lone surrogate (\ud800) the way a JavaScript client would send it.
    return api.client.post("/api/v1/support-tickets", content=json.dumps({"summary": summary, "channel": "rest"}),
                           headers={**api.key, "Content-Type": "application/json"})


def stored_summary(api, ticket_no):
    response = api.client.get(f"/api/v1/support-tickets/{ticket_no}", headers=api.key)
    assert response.status_code == 200, response.text
    return response.json()["summary"]


@pytest.mark.parametrize("summary,secret", RAW)
def test_ticket_summaries_are_masked_server_side(api, summary, secret):
    response = file_ticket(api, summary)
    assert response.status_code == 200, response.text
    stored = stored_summary(api, response.json()["ticket_no"])
    assert "已隐藏" in stored
    assert secret not in re.sub(r"[^0-9X]", "", normalise(stored)), stored


def test_control_characters_in_a_summary_do_not_stop_the_ticket(api):
    response = file_ticket(api, "用户最近说: 付款\x00失败\x07了 | 医保码\ud800打不开\r\n谢谢")
    assert response.status_code == 200, response.text
    assert stored_summary(api, response.json()["ticket_no"]) == "用户最近说: 付款失败了 | 医保码\ufffd打不开\n谢谢"


def test_a_summary_that_grows_when_masked_is_cut_to_the_limit(api):
    summary = ("密码386152 " * 300)[:2000]  # every PIN placeholder is longer than the PIN
    response = file_ticket(api, summary)
    assert response.status_code == 200, response.text
    stored = stored_summary(api, response.json()["ticket_no"])
    assert len(stored) <= 2000 and "386152" not in stored
