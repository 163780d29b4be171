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


def test_a_human_refused_in_words_opens_no_ticket(chat):
    conversation = chat("zheng_system")
    conversation.say("在大参林买药 医保码扫了半天说支付失败")
    conversation.say("我换了旁边一家药店还是不行")
    other = conversation.say("不用转人工 那我去别的药店能刷不 哪家能用")
    assert "工单" not in other and "换一家" in other, other
    card = conversation.say("不用人工 那我以后是不是只能用社保卡了")
    assert "工单" not in card and "社保卡" in card, card


def test_the_physical_card_and_an_entry_not_found(chat):
    conversation = chat()
    card = conversation.say("家里没人会弄 我一个老头子 去医院直接拿社保卡行不行")
    assert "收费窗口" in card and REFUSED not in card, card
    entry = conversation.say("微信里找不到那个医疗健康 是不是我微信太老了")
    assert "我的医保凭证" in entry and "更新" in entry and REFUSED not in entry, entry


def test_after_the_long_family_answer_the_parts_asked(chat):
    conversation = chat("zhang_ok")
    first = conversation.say("我医保账户里还剩多少钱？另外想问下怎么给我妈也绑上 她不会弄")
    assert "亲情账户" in first, first
    elsewhere = conversation.say("我妈在老家山东 不在北京 也能绑吗")
    assert "外地参保" in elsewhere and "最多绑定5位" not in elsewhere, elsewhere
    short = conversation.say("你说的太长了看不懂 就说能不能绑")
    assert short.startswith("能绑"), short


def test_raising_a_limit_after_it_was_diagnosed(chat):
    conversation = chat("liu_limit")
    conversation.say("医院缴费1200 医保码付不了")
    raise_it = conversation.say("那我明天复查还得刷 能把单笔限额调到2000不")
    assert "限额是这样定的" in raise_it and "刚才已经帮您查过了" not in raise_it, raise_it


def test_a_done_report_while_the_records_still_say_not_activated(chat):
    conversation = chat("li_unactivated")
    conversation.say("医保码还没激活 咋弄")
    done = conversation.say("我搜了我的医保凭证 弄好了 也刷了脸")
    assert "还没有激活" in done and "同步" in done and "诈骗" not in done, done


def test_a_childs_insurance_refused_is_looked_up_in_the_family(chat):
    conversation = chat("wu_family")
    story = conversation.say("我是孩子他妈，孩子户口在深圳，我帮孩子交了少儿医保，然后用我的手机绑了孩子，"
                             "上周带孩子去儿童医院看病，挂号的时候说孩子医保用不了，让我们自费了好几百，"
                             "我都不知道为啥，明明交了钱的")
    assert "社康中心" in story and "网络" not in story, story
    claim = conversation.say("那绑完了 上周自费那几百能报回来不")
    assert "票据" in claim and "可以再去付" not in claim, claim


def test_care_elsewhere_in_a_story_about_a_mother(chat):
    conversation = chat()
    conversation.say("我妈今年73了，在河南周口老家，去年跟我来杭州住，她医保是在老家交的新农合。前两天她去药店拿药，"
                     "APP一直转圈圈最后说什么身份信息不一致，这种情况咋弄")
    elsewhere = conversation.say("名字的事我回头带她去改，那她在杭州这边能直接刷老家的医保吗")
    assert "全国通用" in elsewhere and "备案" in elsewhere, elsewhere
    beian = conversation.say("备案在哪弄 她不会用手机 我帮她弄行不")
    assert "异地就医备案" in beian and "亲情账户" not in beian, beian


def test_not_signed_in_a_screen_that_names_no_cause(chat):
    conversation = chat()
    conversation.say("在药店付钱的时候医保码付款失败了 提示支付失败请重试")
    only = conversation.say("就写了支付失败请重试 别的啥也没有 那咋办")
    assert "笼统" in only and "手机验证" in only, only
    likely = conversation.say("不登录不行吗 你就说最可能是啥原因 我等着付钱呢")
    assert "手机或APP本身" not in likely and "最常见" in likely, likely


def test_the_limit_and_whether_it_can_be_raised(chat):
    answer = chat("liu_limit").say("医保码一次最多能刷多少钱啊，能不能调高点")
    assert "单笔限额500.00元" in answer and "能不能调高" in answer, answer


def test_round_10s_zeros(chat):
    locked = chat("sun_pin_locked")
    locked.say("付款的时候提示密码错误次数过多 已锁定 咋整啊")
    lapse = locked.say("锁了多久能自己解开啊 我不想弄了")
    assert "不会到时间自己解开" in lapse and "不办了" not in lapse, lapse
    resumed = locked.say("算了还是弄吧 我用支付宝")
    assert "重置单" in resumed and "转人工" not in resumed, resumed
    region = chat("chen_region").say("我那个医保码显示的是长沙 可我现在在深圳上班 咋改")
    assert "参保地" in region and "长沙市" in region, region
    nothing = chat().say("第二个")
    assert "没有要选的选项" in nothing and "健康" not in nothing, nothing


def test_the_revoke_typed_again_while_its_confirmation_waits(chat):
    conversation = chat("zhang_ok")
    conversation.say("刚才有个人打电话说是医保局的 让我把手机收到的验证码念给他 我念了")
    conversation.say("支付宝那个取消掉吧 我平时不用")
    done = conversation.say("我是说把支付宝的授权取消了")
    assert "已取消支付宝的授权" in done, done
