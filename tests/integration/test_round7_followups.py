"""Over REST, phrased as people wrote them in trial round 7 (new conversations): a bill named by its
number after the limits, 「那咋办」 and a why after the general answer (not signed in), how a family
member uses her own code, and short questions inside the PIN, activation and region fixes."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
REFUSED = "帮不上忙"
STEPS_ABOVE = "按上面的步骤"


def test_a_bill_named_by_its_number_after_the_limits(chat):
    conversation = chat("liu_limit")
    conversation.say("我限额是多少啊")
    bill = conversation.say("那1200这单咋弄")
    assert "1200.00元超过了单笔限额500.00元" in bill and STEPS_ABOVE not in bill, bill
    once = chat("zhang_ok")
    assert "3000.00元超过了单笔限额2000.00元" in once.say("3000的单子能一次付吗")
    rest = once.say("那咋办")
    assert "自费" in rest and STEPS_ABOVE not in rest, rest


def test_what_now_and_why_not_signed_in_after_the_general_answer(chat):
    conversation = chat()
    conversation.say("医保吗付不了钱 扫了好几次")
    now = conversation.say("那咋办")
    assert "提示" in now and "手机验证" in now, now
    why = conversation.say("为啥会这样啊 之前都好好的")
    assert "工单" not in why and "参保" in why and "手机验证" in why, why  # a why is no yes to a person


def test_how_a_mother_uses_her_own_code_after_the_screenshot_answer(chat):
    conversation = chat()
    conversation.say("医保码能不能截个图发给我妈 让她去药店用")
    her = conversation.say("那她自己咋弄")
    assert "亲情账户" in her and "刷脸" in her and STEPS_ABOVE not in her, her


def test_questions_inside_the_pin_reset(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("付不了款 提示密码锁定")
    counter = conversation.say("重置是不是要去医院柜台弄")
    assert "不用去医院" in counter and REFUSED not in counter, counter
    bank = conversation.say("是不是就是银行卡那个6位密码")
    assert "分开" in bank, bank


def test_questions_inside_the_activation(chat):
    conversation = chat("li_unactivated")
    conversation.say("医保码还没激活 咋弄")
    away = conversation.say("激活完了去外地能用吗")
    assert "全国通用" in away and "备案" in away, away
    face = conversation.say("我岁数大了 刷脸那步我怕弄不好")
    assert "光线" in face, face


def test_the_other_record_stays_when_the_region_is_switched(chat):
    conversation = chat("chen_region")
    conversation.say("在药店刷医保码 收银的说参保地不对")
    kept = conversation.say("切了长沙那边的记录会不会没了")
    assert "不会注销" in kept, kept
    assert conversation.buttons, conversation.last  # the switch asks again


# Round 8 (round 7 replayed): what was still 0.
def test_the_medicine_is_still_needed_after_the_pharmacys_system_failed(chat):
    conversation = chat("zheng_system")
    conversation.say("药店刷不了医保 咋回事")
    conversation.say("换了个手机登 还是不行")
    today = conversation.say("那咋办 药还得买啊")
    assert "自费" in today and "发票" in today and "问问参保地" not in today, today


def test_what_now_once_alipay_and_wechat_are_ruled_out(chat):
    conversation = chat()
    conversation.say("医保码在哪打开")
    conversation.say("我不用支付宝的")
    conversation.say("微信也没有")
    left = conversation.say("那咋办")
    assert "国家医保" in left and "支付宝" not in left and "微信" not in left, left


def test_the_app_named_loosely_answers_the_reset_channel(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("密码输错好几回 现在给锁了")
    reply = conversation.say("国家医保那个app")
    assert "看病买药时" not in reply and "哪个渠道" not in reply, reply


def test_is_my_pin_locked_inside_a_pin_change_is_looked_up(chat):
    conversation = chat("zhang_ok")
    conversation.say("想把医保支付密码改一下")
    looked = conversation.say("我密码是不是锁了")
    assert "这一步就是在办" not in looked and "锁" in looked, looked


def test_a_yes_inside_the_pin_reset_before_the_channel_is_chosen(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("密码输错好几回 现在给锁了")
    yes = conversation.say("行 开吧")
    assert "还有其他需要帮忙" not in yes and "重置" in yes, yes
    assert conversation.buttons, conversation.last  # the channel question again


def test_the_app_still_crashing_after_a_reinstall(chat):
    conversation = chat()
    conversation.say("国家医保app一点开就闪退 啥情况")
    again = conversation.say("卸载了重新装也一样闪")
    assert "卸载后重新安装" not in again and "小程序" in again, again


def test_a_child_after_a_frozen_account_scam_text(chat):
    conversation = chat("zhang_ok")
    conversation.say("【医保局】尊敬的用户，您的医保账户存在异常即将冻结，"
                     "请于24小时内点击 http://ybj-gov.cc/jd 验证身份解冻")
    conversation.say("这个是真的不")
    child = conversation.say("我娃的医保会不会也被冻了")
    assert "不会因此被冻结" in child and "国产加密" not in child, child
