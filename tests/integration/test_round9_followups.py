"""Over REST, phrased as people wrote them in trial round 9 (new conversations): a long story
about a father's code, his activation."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
REFUSED = "帮不上忙"


def test_a_long_story_about_a_fathers_code_is_about_his_code(chat):
    conversation = chat("qian_network")  # her own last payment timed out: not what she asks about
    story = conversation.say("我爸今年七十了在老家县城住 上礼拜他去药店买降压药 店里人说让他扫医保码 他手机是老年机 "
                             "我在深圳上班 平时用支付宝 医保码能给我老爸用不")
    assert "社保卡" in story and "亲情账户" in story and "超时" not in story and "密码重置" not in story, story
    his = conversation.say("他要自己激活吗")
    assert "本人刷脸" in his and "我查了您的记录" not in his, his
