"""Over REST, phrased as people wrote them in trial round 11 (new conversations): short questions
about the cause just found, push-backs, the wallet's transfers, the 深圳 child's 社康中心, questions
that name a channel inside a fix, two questions in either order."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
REFUSED = "帮不上忙"
BOT_INTRO = "自动客服程序"


def test_after_a_timeout_was_it_charged_and_why(chat):
    conversation = chat("qian_network")
    conversation.say("付款的时候一直转圈圈 最后说失败")
    charged = conversation.say("那我钱扣了没有")
    assert "没有扣" in charged and "转人工" not in charged, charged
    why = conversation.say("为啥会这样啊")
    assert "信号弱" in why and REFUSED not in why, why


def test_a_paused_insurance_what_now_where_and_with_what(chat):
    conversation = chat("wang_frozen")
    conversation.say("我之前在广州一个厂里上班，今年三月辞职了回杭州，前两天去药房拿药，用支付宝出示医保码，"
                     "提示说状态异常，是不是我医保被停了啊")
    now = conversation.say("那我现在咋办 能自己交吗")
    assert "灵活就业" in now and "12393" in now, now
    where = conversation.say("要去哪里办")
    assert "经办机构" in where and "退款" not in where, where
    bring = conversation.say("需要带什么")
    assert "身份证" in bring and REFUSED not in bring, bring


def test_the_wallet_transfer_and_a_push_back(chat):
    conversation = chat("zhao_balance")
    first = conversation.say("医保钱包里的钱能转给我老婆用吗")
    assert first.startswith("能转") and "每天最多3笔" in first, first
    pushed = conversation.say("你没回答我 我问的是能不能转")
    assert BOT_INTRO not in pushed and "工单" not in pushed, pushed


def test_the_shenzhen_childs_health_centre(chat):
    conversation = chat("wu_family")
    child = conversation.say("孩子在深圳看病医保用不了 医院说是孩子的医保问题")
    assert "社康中心" in child and "网络" not in child, child
    what = conversation.say("社康中心是啥")
    assert "社区健康服务中心" in what and "一人一码" not in what, what
    where = conversation.say("在哪绑")
    assert "就近" in where and "亲情账户" not in where, where


def test_questions_inside_the_reset_are_answered_and_no_secret_asked(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("医院缴费说我密码锁了 我就输错了三次")
    one = conversation.say("改了密码以后支付宝里的也要改吗")
    assert "同一个" in one and "密码重置单" not in one and "哪个渠道" in one, one
    secret = conversation.say("要我告诉你身份证号吗")
    assert "千万别发" in secret, secret


def test_an_amount_and_a_goodbye_that_asks(chat):
    conversation = chat("zhang_ok")
    amount = conversation.say("我想买个三千块的药 能一次刷完不")
    assert "3000.00元超过了单笔限额" in amount and REFUSED not in amount, amount
    today = conversation.say("我今天还能用医保刷多少钱")
    assert "最多能付856.40元" in today, today
    asks = conversation.say("你就说我下次咋办")
    assert "祝您身体健康" not in asks, asks


def test_beian_first_then_the_limit(chat):
    conversation = chat("liu_limit")
    both = conversation.say("下个月去上海住院 要不要先备案？还有我这个码一次最多能付多少钱")
    assert "一般要先办异地就医备案" in both and "单笔限额500.00元" in both, both
    assert both.index("备案") < both.index("单笔限额"), both


def test_round_12_leftovers_over_rest(chat):
    conversation = chat("wu_family")
    conversation.say("孩子在深圳看病医保用不了 医院说是孩子的医保问题")
    child = conversation.say("我问的是孩子的 不是我的")
    assert child.startswith("说的就是孩子的") and "二档" in child and "亲情账户" not in child, child
    balance = chat("zhao_balance")
    balance.say("刚在药店买药 医保码扫了半天付不了")
    balance.say("那咋办")
    cash = balance.say("剩下那点钱咋付啊 我身上没带现金")
    assert cash.startswith("不用现金"), cash
    region = chat("chen_region")
    region.say("付款失败了")
    region.say("2")
    region.say("是的")
    still = region.say("收银员说还是参保地不对")
    assert "重新打开" in still and "转人工" in still, still


def test_round_13_over_rest(chat):
    scam = chat("zhang_ok")
    scam.say("刚有个男的打电话说是医保中心的 说我医保卡被人盗刷了 要我把手机收到的验证码念给他 我还没说")
    threat = scam.say("他又打来了 说不配合就冻结我的卡")
    assert ("诈骗" in threat or "医保部门不会" in threat) and "国产加密算法" not in threat, threat
    paused = chat("wang_frozen")
    paused.say("医保码扫了提示状态异常")
    when = paused.say("我问的是啥时候能恢复")
    assert "什么时候能恢复" in when and "没答到" not in when, when
    today = paused.say("你说的这些我都知道 说重点 我今天要拿药怎么办")
    assert today.startswith("今天要拿药") and "国产加密算法" not in today, today
    limit = chat("liu_limit")
    limit.say("在医院缴费1200 医保码付不了 提示超限额")
    why = limit.say("为啥啊 我卡里明明有六千多")
    assert why.startswith("余额够也会被拦"), why


def test_a_story_of_a_spinning_code_paid_again_in_cash(chat):
    conversation = chat("qian_network")
    story = conversation.say("我昨天在药店买药，打开医保码一直在转圈，等了好久，最后说付款失败，我又用现金付了一遍，"
                             "现在担心医保那边是不是也扣了钱")
    assert "超时" in story and "没有扣" in story and "闪退" not in story, story


def test_doing_the_pin_reset_oneself_before_choosing_a_channel(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("付不了款 是不是密码锁了")
    own = conversation.say("我自己弄吧")
    assert "支付宝：" in own and "微信：" in own and "在哪个渠道使用医保码" not in own, own
    assert "重置单已开好" not in own, own
