"""Trial round 28's situations (our own rewordings of the testers' messages, with the intents the
model is likely to give): each answered for what it names, whichever action the intent reaches;
and their follow-ups."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerFaq, ActionHowToPay, ActionSecurityInfo, ActionWhatIsCredential
from actions.handoff import ActionFallback
from tests.actions.turns import said

CARD_VS_CODE = said("utter_social_card_vs_code", intent="what_is_credential", text="电子社保卡跟医保码一样吗")
INJURY = said("utter_work_injury", intent="how_to_pay", text="厂里干活把手弄伤了 能用医保码付吗")
TWICE = said("utter_duplicate_insurance", intent="region_mismatch", text="深圳长沙两边都交了医保")
VACCINE = said("utter_vaccine_account", intent="faq", text="打九价能用个人账户吗")


@pytest.mark.parametrize("action, intent, text, turns, expected", [
    (ActionDiagnose, "forgot_pin", "我孙子拿我手机乱按 把密码输错锁了", [], "utter_kid_locked_pin"),
    (ActionSecurityInfo, "security_info", "有人打电话来说我套保了 要交三千罚款", [], "utter_scam_fine"),
    (ActionWhatIsCredential, "what_is_credential", "电子社保卡和医保码是一回事吗", [], "utter_social_card_vs_code"),
    (ActionAnswerFaq, "faq", "我领了电子社保卡 是不是就不用领医保码了", [], "utter_social_card_vs_code"),
    (ActionHowToPay, "how_to_pay", "在工地上摔伤了 住院能用医保码结吗", [], "utter_work_injury"),
    (ActionOutOfScope, "out_of_scope", "被电动车撞了 住院的钱医保能报吗", [], "utter_traffic_accident"),
    (ActionAnswerFaq, "faq", "我开了家药店 怎么才能刷医保码", [], "utter_pharmacy_join"),
    (ActionFallback, "nlu_fallback", "我是盲人 手机用读屏的 医保码能用吗", [], "utter_blind_user"),
    (ActionDiagnose, "activate_credential", "退伍回来了 医保码激活不了 部队的医保要怎么转", [],
     "utter_veteran_insurance"),
    (ActionOutOfScope, "out_of_scope", "个税大病医疗扣除要的医药费在哪查", [], "utter_tax_medical_records"),
    (ActionFallback, "nlu_fallback", "收银员把别人的药刷到我码上了", [], "utter_paid_for_other"),
    (ActionDiagnose, "forgot_pin", "能不能设置个免密 每次输密码太麻烦", [], "utter_no_password_free"),
    (ActionDiagnose, "info_mismatch", "我叫阿不都·热合曼 激活一直说姓名不一致", [], "utter_name_dot"),
    (ActionDiagnose, "info_mismatch", "医保码上我名字中间是个星号 是不是信息错了", [], "utter_name_masked"),
    (ActionDiagnose, "info_mismatch", "码上名字显示王*明 是不是错了", [], "utter_name_masked"),
    (ActionFollowUp, "follow_up", "深圳和长沙两边都交了医保 咋整", [], "utter_duplicate_insurance"),
    (ActionDiagnose, "network_error", "手机欠费停机了 医保码刷不出来", [], "utter_phone_cut_off"),
    (ActionAnswerFaq, "faq", "门诊统筹跟个人账户有啥区别", [], "utter_pooling_vs_account"),
    (ActionFallback, "nlu_fallback", "快点啊", [], "utter_hurry_at_till"),
    (ActionAnswerFaq, "faq", "断了两年 现在补交了 马上能用吗", [], "utter_waiting_period"),
    (ActionOutOfScope, "out_of_scope", "打hpv疫苗能用医保个人账户付吗", [], "utter_vaccine_account"),
    (ActionOutOfScope, "out_of_scope", "参保证明在哪打印", [], "utter_insurance_certificate"),
    (ActionDiagnose, "activate_credential", "新办的手机号 说已被别人绑定了", [], "utter_recycled_number"),
    (ActionAnswerFaq, "faq", "双通道药店是啥意思", [], "utter_dual_channel"),
    (ActionOutOfScope, "out_of_scope", "孩子发烧39度 今晚医保码用不了怎么办", [], "utter_child_ill_tonight"),
    # follow-ups
    (ActionFollowUp, "follow_up", "那我是不是领错了 还要再激活吗", [CARD_VS_CODE], "utter_social_card_then_code"),
    (ActionFallback, "nlu_fallback", "单位说不算工伤 不给报", [INJURY], "utter_work_injury_employer"),
    (ActionFollowUp, "follow_up", "已经用医保付了咋办", [INJURY], "utter_work_injury_paid_by_insurance"),
    (ActionFollowUp, "follow_up", "那长沙那个要去退吗", [TWICE], "utter_duplicate_which"),
    (ActionOutOfScope, "out_of_scope", "给我家孩子打能用吗", [VACCINE], "utter_vaccine_family"),
])
def test_round28_answers(tracker, run, responses, action, intent, text, turns, expected):
    trk = tracker(intent, None, text=text, turns=turns)
    assert responses(run(action(), trk)[1])[:1] == [expected]


@pytest.mark.parametrize("text", [
    "医保欠费了 还能用吗",                  # the insurance's contribution, not the phone bill
    "医疗健康·医保 里面激活失败",            # Alipay's entry, no name with a 「·」
    "药店说我的码用不了",                    # a pharmacy's customer, not its owner
    "你眼瞎啊 我说的是密码",                 # no blind user
    "药店工作人员说我医保冻结了",             # a status, not a caller demanding a fine
    "我想设置密码",                         # a PIN, not 免密
    "孩子的医保码怎么弄",                   # a child, nothing urgent
])
def test_no_round28_answer_without_its_topic(tracker, text):
    from actions.round28 import round28_priority
    short = "".join(ch for ch in text if ch.isalnum() or ch == "·")
    assert round28_priority(short, tracker("faq", None, text=text)) is None


def test_the_same_question_again_is_left_to_older_cues(tracker):
    from actions.round28 import round28_priority
    trk = tracker("faq", None, text="门诊统筹和个人账户啥区别", turns=[
        said("utter_pooling_vs_account", intent="faq", text="门诊统筹和个人账户啥区别")])
    assert round28_priority("门诊统筹和个人账户啥区别", trk) is None


def test_a_refund_question_in_the_region_switch_is_not_the_choice():
    from actions.region_switch import side_question
    assert side_question("长沙那个要去退吗", names_city=True) == "duplicate"  # (paid twice, or an old record)
    assert side_question("切成深圳", names_city=True) is None
    assert side_question("换回深圳吧", names_city=True) is None


def test_a_signed_in_child_ill_tonight_gets_the_records_then_where_to_go(fake, tracker, run, responses):
    text = "孩子发烧39度 医保码付不了 今晚咋办"  # (the family list, then where to go now)
    said_now = responses(run(ActionDiagnose(), tracker("payment_failed", "locked", text=text))[1])
    assert said_now[0] in ("utter_relative_problem", "utter_diag_insufficient_balance") \
        and said_now[-1] == "utter_child_ill_tonight", said_now
    own = "医保码付不了 这边急诊 孩子高烧 今晚咋办"
    mine = responses(run(ActionDiagnose(), tracker("payment_failed", "locked", text=own))[1])
    assert "utter_child_ill_tonight" in mine and mine[0] != "utter_child_ill_tonight", mine
