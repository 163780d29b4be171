"""Scams and security over REST (trial 5: c03, c04, c08, c25), phrased as people write: the
warning comes first whatever the lure looks like, a code already given away gets what to do
now, the short questions after a warning are answered about the scam, and the four-part
security text is never sent twice in one conversation."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")

REFUSED = "帮不上忙"
SECURITY_TEXT = "电子围栏"  # only in the four-part text on how the platform protects the code
SMS = ("【国家医保局】尊敬的参保人，您的医保账户存在异常即将冻结，请于24小时内点击 http://ybj-gov.cc/jd "
       "完成解冻认证，逾期后果自负。退订回T")


def test_a_strangers_reset_link_is_warned_about_not_walked_through(chat):
    conversation = chat()
    conversation.say("医保支付密码忘记了 咋弄")
    reply = conversation.say("有人微信发了个链接 说点了就能重置医保密码 能点不")
    assert "诈骗" in reply and "别点" in reply, reply
    assert "密码管理 → 重置密码" not in reply, reply  # not the WeChat steps as if it were real
    # the channel's own path is still what someone asking how gets
    plain = chat().say("微信里怎么重置医保密码")
    assert "诈骗" not in plain, plain


def test_an_sms_asking_for_the_id_and_the_code_is_a_scam_and_the_text_never_repeats(chat):
    conversation = chat("zhang_ok")
    first = conversation.say("收到一条短信：【医保中心】您的医保电子凭证即将失效，"
                             "请回复身份证号及验证码完成续期，否则将影响报销。")
    assert "诈骗" in conversation.last[0]["text"] and SECURITY_TEXT not in first, first
    given = conversation.say("我已经把验证码回给他了")
    assert "修改医保支付密码" in given and "110" in given and SECURITY_TEXT not in given, given
    revoke = conversation.say("要不要把支付宝的授权关了")
    assert SECURITY_TEXT not in revoke, revoke
    assert any("取消支付宝授权" in b["title"] for b in conversation.buttons), conversation.last


def test_already_clicked_then_the_police_after_a_pasted_sms(chat):
    conversation = chat()
    assert "诈骗" in conversation.say(SMS)
    assert "不是真的" in conversation.say("这是真的吗 我刚收到的")
    given = conversation.say("我已经点进去了 还输了身份证号和医保密码 咋办")
    assert "修改医保支付密码" in given and "授权管理" in given and "110" in given, given
    assert "哪个渠道" not in given, given  # not the forgot-PIN answer and its channel question
    police = conversation.say("要报警不")
    assert REFUSED not in police and "110" in police and "12393" in police, police
    assert "哪个渠道" not in police, police


def test_a_code_read_out_to_a_caller_is_called_a_scam_and_the_worries_are_answered(chat):
    conversation = chat()
    first = conversation.say("刚才有个男的打电话来 说他是医保局的 讲我的医保卡在外地被人盗刷了 "
                             "让我把手机上收到的验证码念给他 我就念了")
    assert conversation.last[0]["text"].startswith("这是诈骗"), conversation.last
    assert "发现被盗刷" not in first and "修改医保支付密码" in first, first
    calm = conversation.say("那现在咋办啊 我好慌")
    assert calm != first and SECURITY_TEXT not in calm, calm
    money = conversation.say("我卡里的钱会不会没了")
    assert "支付记录" in money and SECURITY_TEXT not in money, money
    hotline = conversation.say("12393是啥电话 打了要钱不")
    assert "12393" in hotline and "通话费" in hotline, hotline


@pytest.mark.parametrize("question, expected", [
    ("报警有用吗", "110"),
    ("钱会不会被转走啊", "支付记录"),
])
def test_other_short_questions_after_a_warning_are_about_the_scam(chat, question, expected):
    conversation = chat()
    conversation.say("有人打电话说是医保中心的 让我把收到的验证码报给他")
    reply = conversation.say(question)
    assert REFUSED not in reply and expected in reply and SECURITY_TEXT not in reply, reply


def test_the_security_text_comes_once_then_something_narrower(chat):
    conversation = chat()
    assert SECURITY_TEXT in conversation.say("医保码安全吗 会不会被别人盗用")
    again = conversation.say("那授权要不要关掉")
    assert SECURITY_TEXT not in again, again
