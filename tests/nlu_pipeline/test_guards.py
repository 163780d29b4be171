"""The NLU guards that override the classifier: other languages, nonsense, described scams."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.guard import LanguageGuard, ScamGuard, TopicGuard, language_verdict


@pytest.mark.parametrize("text", ["my payment failed at the pharmacy", "Can you help me?",
                                  "How do I activate the medical insurance code"])
def test_english_is_another_language(text):
    assert language_verdict(text) == "other"


@pytest.mark.parametrize("text", ["？？？", "。。。", "asdfgh", "……", "jjjjj", "2", " 5 ", "２", "12",
                                  "asdfgh jkl", "qwer zxcv", "的的的 嗯嗯 啥", "咕噜咕噜 噗", "哈哈哈哈呵呵额鹅鹅鹅"])
def test_nothing_to_read_is_nonsense(text):
    assert language_verdict(text) == "nonsense"


@pytest.mark.parametrize("text", ["付款失败了", "app打不开", "alipay", "vx", "ok", "123456", "2024",
                                  "支付宝 app 闪退", "hello", "", "医保码 ok 吗", "嗯嗯", "嗯嗯嗯", "哦哦好的",
                                  "啥", "啊？", "哈哈", "咋整啊", "那咋办嘛", "好吧"])
def test_chinese_short_latin_words_and_digits_are_left_to_the_classifier(text):
    assert language_verdict(text) is None


def _classified(text: str, intent: str) -> Message:
    message = Message({TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.97}, add_to_output=True)
    return message


def test_language_guard_overrides_the_confident_guess():
    english, nonsense, chinese = LanguageGuard().process([
        _classified("my code will not show", "goodbye"), _classified("asdfgh", "thank"),
        _classified("付款失败", "payment_failed")])
    assert english.get(INTENT)["name"] == "other_language"
    assert nonsense.get(INTENT)["name"] == "nlu_fallback"
    assert chinese.get(INTENT)["name"] == "payment_failed"


def test_a_described_scam_is_answered_as_security_whatever_else_it_mentions():
    scam, story, plain, masked = ScamGuard().process([
        _classified("有个自称医保局的打电话让我把医保码截图发给他", "what_is_credential"),
        _classified("收到短信说医保卡要升级，要交升级费，我在药店付款失败了", "payment_failed"),
        _classified("药店刷医保码付款失败了", "payment_failed"),
        _classified("我的验证码是[已隐藏]，客服要我发给他", "share_sensitive_data")])
    assert scam.get(INTENT)["name"] == "security_info"
    assert story.get(INTENT)["name"] == "security_info"
    assert plain.get(INTENT)["name"] == "payment_failed"
    assert masked.get(INTENT)["name"] == "share_sensitive_data"  # the masking warning stays first


def test_trying_first_and_the_ticket_question_are_not_failures_nor_requests():
    from bot.nlu.guard import LaterGuard

    later, ticket, failed, scam, masked = LaterGuard().process([
        _classified("不用 我去药店再试试，还是不行再找你", "still_not_working"),
        _classified("那工单多久有人联系我", "request_human"),
        _classified("试了重启 还是不行", "still_not_working"),
        _classified("有个自称客服的打电话说医保要升级，问我工单号", "security_info"),
        _classified("好 我换个网络试试 不行再找你", "affirm")])
    assert later.get(INTENT)["name"] == "try_later"
    assert ticket.get(INTENT)["name"] == "ticket_status"
    assert failed.get(INTENT)["name"] == "still_not_working"
    assert scam.get(INTENT)["name"] == "security_info"  # the scam warning stays first
    assert masked.get(INTENT)["name"] == "try_later"  # 「好」 here is not yes to a human


@pytest.mark.parametrize("text, read_as, intent", [
    ("重置密码要收费吗", "forgot_pin", "faq"),          # the fee, not a reset started
    ("激活医保码要交钱不", "activate_credential", "faq"),
    ("密码锁了 解锁要钱不", "forgot_pin", "faq"),
    ("那能分两笔付吗", "faq", "payment_limit"),         # paying in parts is about the limits
    ("限额不够 分两次行吗", "how_to_pay", "payment_limit"),
    ("每次400 分三次付可以不", "inform", "payment_limit"),
])
def test_a_fee_question_and_paying_in_parts_are_read_by_their_words(text, read_as, intent):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, read_as) == intent


@pytest.mark.parametrize("text, read_as", [
    ("医院收费窗口在哪", "how_to_pay"),          # a fee word that is a place
    ("我医保卡还剩多少钱", "check_balance"),      # money that is the balance
    ("看病的钱交了 医保码付款没成功", "payment_failed"),
    ("我分两次去医院 每次都要出示吗", "how_to_pay"),  # parts of something else
    ("医保卡和医保码分开用吗", "faq"),
    ("重置密码要收费吗", "share_sensitive_data"),   # the privacy warning comes first
])
def test_other_money_and_other_parts_are_left_alone(text, read_as):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, read_as) is None


# Trial 5 (c03, c04, c08, c25): a stranger's reset link, a request to send the ID number or the
# code back, a code already given away and the fear for the money are security questions,
# whatever the classifier made of them; this assistant's own reset link and ordinary PIN
# questions are not.
@pytest.mark.parametrize("text, read_as", [
    ("有人微信发了个链接 说点了就能重置医保密码 能点不", "forgot_pin"),
    ("群里有人发了个网址 说进去就能解锁医保密码", "forgot_pin"),
    ("陌生人发来一个网页，说填一下就能解冻医保账户", "credential_abnormal"),
    ("收到一条短信：【医保中心】您的医保电子凭证即将失效，请回复身份证号及验证码完成续期，否则将影响报销。", "faq"),
    ("短信让我回复验证码和身份证 说是医保年审", "faq"),
    ("我已经点进去了 还输了身份证号和医保密码 咋办", "forgot_pin"),
    ("我已经把验证码回给他了", "check_status"),
    ("验证码我已经给他了", "inform"),
    ("刚才有个男的打电话来 说他是医保局的 讲我的医保卡在外地被人盗刷了 让我把手机上收到的验证码念给他 我就念了",
     "payment_failed"),
    ("我卡里的钱会不会没了", "check_balance"),
    ("医保卡里的钱会不会被人转走", "check_balance"),
])
def test_scam_lures_and_given_away_codes_are_security_questions(text, read_as):
    assert ScamGuard().override(text, read_as) == "security_info", text


@pytest.mark.parametrize("text, read_as", [
    ("重置密码的链接在哪", "forgot_pin"), ("微信里怎么重置密码", "forgot_pin"),
    ("你发的链接打不开", "follow_up"), ("刚才那个链接点了没反应", "follow_up"),
    ("输了三次密码被锁了", "forgot_pin"), ("我妈在微信里输了身份证，到人脸那一步总失败", "activate_credential"),
    ("发送验证码没反应", "verify_phone"), ("要提供身份证吗", "follow_up"),
    ("我把验证码发给你了 怎么没反应", "verify_phone"), ("余额怎么没了", "check_balance"),
    ("医保码截个图发给我妈 她去药店能扫吗", "faq"), ("想给他激活医保电子凭证，没身份证能弄吗", "activate_credential"),
])
def test_ordinary_questions_are_not_taken_for_scams(text, read_as):
    assert ScamGuard().override(text, read_as) is None, text


def test_the_masking_warning_and_the_phone_sign_in_stay_first():
    assert ScamGuard().override("我把验证码[已隐藏]发给他了", "share_sensitive_data") is None
    assert ScamGuard().override("我卡里的钱会不会没了", "verify_phone") is None


@pytest.mark.parametrize("text, read_as, intent", [
    ("弄好了 谢谢", "thank", "check_status"),       # done: look again (the data labels 「弄好了」 so)
    ("激活好了哈", "affirm", "check_status"),
    ("搞定了 谢谢你", "thank", "check_status"),
    ("好的谢谢", "thank", None),                     # only thanks
    ("谢谢 我去弄好了再来", "thank", None),          # done later, not now
    ("改完了再去刷 还是失败", "thank", None),        # a failure after it: still_not_working's
    ("弄好了 谢谢", "check_status", None),           # already read so: nothing to change
])
def test_done_with_thanks_is_a_recheck(text, read_as, intent):
    from bot.nlu.guard import LaterGuard

    assert LaterGuard().override(text, read_as) == intent


# Lures of the 医保 bureaus' warnings that name no caller or fee: a threat that something is voided
# unless verified or claimed (also when read as the phone sign-in, which would then ask for the
# number), cash for the card's money, a gift for scanning a code.
@pytest.mark.parametrize("text, read_as", [
    ("【医保服务】您的电子凭证尚未核验，逾期未核验将自动注销", "verify_phone"),
    ("您的长护险待遇未领取 不确认即将作废", "credential_abnormal"),
    ("通知：您的医保认证已过期，三日后将被冻结", "credential_abnormal"),
    ("上次给你发的短信你还没认证 今天是最后一天了", "verify_phone"),
    ("医保卡里的钱可以帮你换成现金 九折", "payment_failed"),
    ("有人在药店门口收社保卡 一千块给七百", "out_of_scope"),
    ("超市门口扫个码关注一下 送两斤鸡蛋", "faq"),
])
def test_voiding_threats_cash_and_gifts_are_lures(text, read_as):
    assert ScamGuard().override(text, read_as) == "security_info", text


@pytest.mark.parametrize("text, read_as", [
    ("人脸认证没通过 会被冻结吗", "activate_credential"),   # the person's own worry, no threat
    ("没激活的话会不会失效啊", "activate_credential"),
    ("医保码付不了，换现金就行了吗", "payment_failed"),      # paying cash instead
    ("个账的钱能提现吗", "medical_wallet"),                    # a question, not an offer
    ("发送验证码没反应", "verify_phone"),                      # the sign-in itself
])
def test_worries_and_the_sign_in_are_not_lures(text, read_as):
    assert ScamGuard().override(text, read_as) is None, text


@pytest.mark.parametrize("text, read_as, intent", [
    ("12306刷脸老是过不去", "activate_credential", "out_of_scope"),   # another company's service
    ("花呗付款总失败咋回事", "payment_failed", "out_of_scope"),
    ("10000号人工怎么转", "request_human", "out_of_scope"),
    ("公积金提取要人脸认证吗", "activate_credential", "out_of_scope"),
    ("社保卡为啥突然冻结了", "payment_failed", "credential_abnormal"),  # the status is the cause
    ("医保码被停用啥意思", "what_is_credential", "credential_abnormal"),
    ("药店说我卡里没钱 咋回事", "payment_failed", "insufficient_balance"),
    ("个人账户余额显示0 可我上月才到账", "system_failure", "insufficient_balance"),
])
def test_other_services_and_causes_named_in_words(text, read_as, intent):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, read_as) == intent, text


@pytest.mark.parametrize("text, read_as", [
    ("用支付宝里的医保码付款失败", "payment_failed"),          # a 医保 channel, not another service
    ("信用卡能绑医保钱包吗", "medical_wallet"),                # 医保 named: ours
    ("医院暂停医保结算 是系统坏了吗", "system_failure"),        # a service suspended: the institution
    ("短信说我医保卡已冻结 让回电话", "security_info"),        # kept: the warning first
    ("余额不足是不是得交钱", "insufficient_balance"),            # already read so
    ("钱不够 老公的医保能帮我出吗", "family_binding"),          # a family question stays one
])
def test_own_channels_services_and_other_readings_are_left_alone(text, read_as):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, read_as) is None, text


@pytest.mark.parametrize("text, read_as, intent", [
    ("我今天去买药才知道医保卡给冻结了 也没人通知我 为啥", "security_info", "credential_abnormal"),
    ("医保码被锁了咋解开", "security_info", "forgot_pin"),
    ("医保卡锁了 药店刷不了", "payment_failed", "forgot_pin"),
    ("您的医保卡已冻结，详情咨询客服", "security_info", None),      # a notice to the reader: kept
    ("医保卡被冻结了 里面的钱会不会没了", "security_info", None),    # the worry for the money: kept
    ("社保卡上银行的密码锁了", "payment_failed", None),              # the bank's PIN
    ("医院说卡被锁了 不是密码的问题", "payment_failed", None),
])
def test_a_card_frozen_or_locked_told_without_a_lure(text, read_as, intent):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, read_as) == intent, text


@pytest.mark.parametrize("text, read_as", [("激活好啦", "affirm"), ("弄好喽 谢谢", "thank")])
def test_done_said_with_other_particles_is_a_recheck(text, read_as):
    from bot.nlu.guard import LaterGuard

    assert LaterGuard().override(text, read_as) == "check_status"


@pytest.mark.parametrize("text, read_as, intent", [
    ("我爸七十了在老家 用的老年机 我在深圳 平时用支付宝 医保码能给我老爸用不", "forgot_pin", "family_binding"),
    ("咋帮我妈弄个医保码", "how_to_pay", "family_binding"),
    ("电子凭证能给孩子用吗", "what_is_credential", "family_binding"),
    ("帮我妈激活医保码 要她本人刷脸吗", "activate_credential", None),    # activation for her: kept
    ("有人要帮老人弄医保码还送鸡蛋", "security_info", None),               # a lure: kept
    ("医保码付不了 我妈在旁边等着", "payment_failed", None),               # the writer's own failure
    ("我爸的密码忘了 能帮他改吗", "forgot_pin", None),                      # the PIN: its own answer
])
def test_a_relatives_code_is_not_the_writers_own_problem(text, read_as, intent):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, read_as) == intent, text


@pytest.mark.parametrize("text, read_as, intent", [
    ("我那个医保码显示的是长沙 可我现在在深圳上班 咋改", "inform", "region_mismatch"),
    ("码上显示长沙市 不对啊", "how_to_pay", "region_mismatch"),
    ("医保码显示未激活 咋办", "inform", None),          # a status, not a city
    ("医保码显示的是深圳", "inform", None),             # nothing to change
])
def test_a_code_that_shows_another_city(text, read_as, intent):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, read_as) == intent, text


def _shaped(text, intent, ranking):
    from rasa.shared.nlu.constants import INTENT_RANKING_KEY

    from bot.nlu.guard import ShapeGuard

    message = Message({TEXT: text, INTENT: {"name": intent, "confidence": 0.6},
                       INTENT_RANKING_KEY: [{"name": name, "confidence": c} for name, c in ranking]})
    return ShapeGuard().process([message])[0].get(INTENT)["name"]


@pytest.mark.parametrize("text, intent, ranking, expected", [
    # trial round 11: a push-back and a long story were taken for a question about the bot
    ("你没回答我 我问的是能不能转", "bot_challenge", [("bot_challenge", .6), ("medical_wallet", .2)], "medical_wallet"),
    # a complaint asks for nobody: never a ticket (request_human is skipped)
    ("你没回答我 我问的是能不能转", "bot_challenge",
     [("bot_challenge", .5), ("request_human", .3), ("medical_wallet", .1)], "medical_wallet"),
    ("今天早上带孩子去打疫苗 医保码转圈 最后自己付了 这个钱还能退回医保吗", "bot_challenge",
     [("bot_challenge", .5), ("greet", .2), ("network_error", .15)], "network_error"),
    ("你就说我下次咋办", "goodbye", [("goodbye", .7), ("thank", .1)], "follow_up"),  # nothing else: in context
    ("你是机器人吗", "bot_challenge", [("bot_challenge", .9)], "bot_challenge"),
    ("你叫什么名字", "bot_challenge", [("bot_challenge", .9)], "bot_challenge"),
    ("那行，先这么着，拜", "goodbye", [("goodbye", .9)], "goodbye"),
    ("下次再聊 拜拜", "goodbye", [("goodbye", .9)], "goodbye"),
    # trial round 25: sent away until tomorrow with medicine needed today ends nothing
    ("收银的叫我明儿再来 可我这药急着用", "goodbye", [("goodbye", .8), ("system_failure", .12)], "system_failure"),
    ("那我明天再来吧 拜拜", "goodbye", [("goodbye", .9), ("system_failure", .05)], "goodbye"),
    # trial round 26's re-grade: what the assistant can see is no question about what it is
    ("你这个机器人能看到我的钱吗", "bot_challenge", [("bot_challenge", .6)], "follow_up"),
    ("你是机器人还是真人", "bot_challenge", [("bot_challenge", .9)], "bot_challenge"),
])
def test_a_question_about_the_bot_names_it_and_a_goodbye_asks_nothing(text, intent, ranking, expected):
    assert _shaped(text, intent, ranking) == expected


@pytest.mark.parametrize("text, read_as, intent", [
    ("社康中心是啥", "what_is_credential", "family_binding"),
    ("社康在哪绑", "faq", "family_binding"),
    ("社康中心能刷医保码吗", "payment_failed", None),  # a problem there: kept
])
def test_the_community_health_centre_is_the_family_answer(text, read_as, intent):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, read_as) == intent, text


@pytest.mark.parametrize("text, intent, expected", [
    ("说重点", "security_info", "follow_up"),
    ("你说的这些我都知道 说重点 我今天要拿药怎么办", "security_info", "follow_up"),
    ("说重点 医保码被盗刷了怎么办", "payment_failed", "payment_failed"),  # a problem named: kept
    ("说重点 能还是不能", "still_not_working", "follow_up"),
    # trial round 15: after the usual causes it got the fallback menu
    ("你说的这些我都看不懂", "nlu_fallback", "follow_up"),
    ("上面说的我看不明白", "faq", "follow_up"),
    ("你说的我听不懂 有没有人工", "request_human", "request_human"),  # asks for a person: kept
    ("医保码上这个提示看不懂", "credential_abnormal", "credential_abnormal"),  # the phone's text
])
def test_to_the_point_is_about_the_conversation_so_far(text, intent, expected):
    assert _shaped(text, intent, [(intent, .6)]) == expected


@pytest.mark.parametrize("text, intent, expected", [
    ("你没回答我的问题", "network_error", "follow_up"),  # trial round 15: got the network steps
    ("答非所问", "payment_failed", "follow_up"),
    ("你没回答我 到底能不能用", "payment_failed", "payment_failed"),  # asks something of its own
    ("没回答 转人工", "request_human", "request_human"),
])
def test_a_bare_push_back_is_a_follow_up(text, intent, expected):
    assert _shaped(text, intent, [(intent, 0.6)]) == expected


@pytest.mark.parametrize("text, intent, expected", [
    ("再发一遍", "still_not_working", "follow_up"),  # it had opened a ticket
    ("没看清 再说一次", "goodbye", "follow_up"),
    ("验证码再发一次", "verify_phone", "verify_phone"),  # the SMS code, not the answer
    ("再说一遍 我的医保卡到底能不能用", "payment_failed", "payment_failed"),  # a question of its own
])
def test_asked_to_send_the_last_answer_again(text, intent, expected):
    assert _shaped(text, intent, [(intent, 0.6)]) == expected


def test_a_code_given_to_a_caller_is_no_sign_in():
    from bot.nlu.guard import ScamGuard

    assert ScamGuard().override("验证码告诉他了", "verify_phone") == "security_info"
    assert ScamGuard().override("手机验证", "verify_phone") is None


@pytest.mark.parametrize("text, intent, expected", [
    ("刚才在药店扫医保码付款被拒了", "how_to_pay", "payment_failed"),  # trial round 16
    ("收费处说医保支付拒绝了", "faq", "payment_failed"),
    ("医保码怎么付款", "how_to_pay", None),
    ("对方让我授权 我拒绝了", "security_info", None),  # a lure refused stays the warning
    ("是我的问题还是药店的问题", "still_not_working", "follow_up"),
    ("还是不行啊", "still_not_working", None),
])
def test_a_payment_refused_is_a_failure(text, intent, expected):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, intent) == expected


@pytest.mark.parametrize("text, read_as", [
    ("好像扣了两次钱", "nlu_fallback"),
    ("药店重复扣费了怎么办", "out_of_scope"),
    ("为什么我付了一次钱扣两次", "payment_limit"),
    ("账户里多扣了一笔钱", "security_info"),
    ("刚买药扣了我两次钱", "nlu_fallback"),
])
def test_a_double_charge_is_a_payment_question(text, read_as):
    """Trial round 17: the records' payments answer it (actions/charges.py), not the limits or a fallback."""
    assert TopicGuard().override(text, read_as) == "payment_failed"


@pytest.mark.parametrize("text, read_as", [
    ("在成都药房拿降压药，医保码付了两回都说失败", "payment_failed"),  # two failed tries
    ("医保卡在药店刷了两次都没成功", "nlu_fallback"),
    ("在小药店扫医保码 店员会不会多扣我的钱", "security_info"),  # a worry
    ("收到短信说医保多扣了钱要返还 要我提供收款卡号", "security_info"),  # a scam
    ("会不会扣两次", "follow_up"),  # after a timeout: its own line
])
def test_no_double_charge_reading(text, read_as):
    assert TopicGuard().override(text, read_as) in (None, read_as)


@pytest.mark.parametrize("text", ["开吧", "那就办吧", "行 改吧", "好的，开一个吧"])
def test_a_yes_in_the_offers_words(text):
    assert TopicGuard().override(text, "nlu_fallback") == "affirm"


@pytest.mark.parametrize("text", ["开", "开不了吧", "取消吧", "怎么开吧"])
def test_no_yes_without_the_offers_words(text):
    assert TopicGuard().override(text, "nlu_fallback") != "affirm"
