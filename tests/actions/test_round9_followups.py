"""Trial round 9 (new conversations): a long story about a father's code and a relative's
activation, a relative's phone with no smartphone."""
from __future__ import annotations

import pytest

from actions.diagnosis import ActionDiagnose
from actions.faq import ActionFamilyInfo
from actions.recent import about_relative
from bot.nlu.topics import asks_relative_activation


@pytest.mark.parametrize("text", ["他要自己激活吗", "我妈能自己激活不", "帮我爸激活医保码 要他本人去吗",
                                  "孩子的医保码要激活吗"])
def test_a_relatives_activation_is_answered_for_the_relative(fake, tracker, run, responses, text):
    assert asks_relative_activation(text)
    names = responses(run(ActionDiagnose(), tracker("activate_credential", "ok", text=text))[1])
    assert names == ["utter_relative_activation"]  # not this person's records


@pytest.mark.parametrize("text", ["我要激活", "他说激活不了 咋回事", "我激活了 怎么用"])
def test_own_activation_is_not_a_relatives(text):
    assert not asks_relative_activation(text)


def test_a_fathers_old_phone_is_told_to_the_child(fake, tracker, run, responses):
    text = "我爸今年七十了在老家 上礼拜去药店买药 店里让他扫医保码 他手机是老年机 医保码能给我老爸用不"
    assert responses(run(ActionFamilyInfo(), tracker("family_binding", text=text))[1]) \
        == ["utter_no_smartphone_relative"]


@pytest.mark.parametrize("text, relative", [
    ("我妈不会用手机 看病咋办", True),
    ("老人机咋出示医保码", False),                 # the phone, not a person
    ("我七十多了 用的老年机 儿子不在家 买药咋整", False),  # the elder writes
])
def test_whose_phone_it_is(text, relative):
    assert about_relative(text) is relative


def test_the_relative_answers_are_true_to_the_rules(domain):
    text = domain["responses"]["utter_relative_activation"][0]["text"]
    assert "本人刷脸" in text and "免费" in text and "16岁" in text and "经办大厅" in text
    phone = domain["responses"]["utter_no_smartphone_relative"][0]["text"]
    assert "社保卡" in phone and "亲情账户" in phone and "截图" in phone
