"""Trial round 33's situations (our own rewordings of the testers' messages, with intents the model is
likely to give): a first message that names its situation, and the follow-ups after it."""
from __future__ import annotations

import re

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerFaq
from actions.handoff import ActionFallback
from tests.actions.turns import said

ALL_WAYS = [(ActionOutOfScope, "out_of_scope"), (ActionAnswerFaq, "faq"), (ActionFallback, "nlu_fallback")]


@pytest.mark.parametrize("text, expected", [
    ("看了个门诊花了三百多 医保才报了几十块 是没刷上吗", "utter_partial_reimbursement"),
    ("单子上写着乙类 这是啥", "utter_drug_categories"),
    ("下次能不能叫医生只开能报的药", "utter_ask_doctor_covered"),
    ("儿子说往我医保钱包里转了钱 我咋没看到 在哪收", "utter_wallet_receive"),
    ("挂号窗口那个收费员叫我扫她的微信收款码 说系统坏了", "utter_staff_personal_qr"),
    ("是不是我欠了网贷 医保才给停了", "utter_debt_not_insurance"),
    ("医院的免费WiFi要填手机号收验证码 会不会被盗", "utter_wifi_sms_login"),
    ("开个热点给手机用行不行", "utter_hotspot_ok"),
    ("医院说系统里我已经死亡了 我人好好的", "utter_recorded_dead"),
    ("医院推那个先看病后付费的 能开吗 安全吗", "utter_credit_care"),
    ("住院停车费能走医保不", "utter_parking_fee_not_covered"),
    ("请护工的钱医保报不报", "utter_carer_fee"),
    ("住院的伙食费能报不", "utter_hospital_meals"),
    ("单位买了补充医疗保险 刷完医保剩下的还能找保险报吗", "utter_supplementary_claim"),
    ("医保码是不是每年都要年审", "utter_no_annual_review"),
    ("APP让我填激活码 哪来的激活码", "utter_activation_code_is_sms"),
    ("上个月切过一次参保地 咋又变回老家了", "utter_region_reverts"),
    ("做CT让签个自费同意书 为啥", "utter_self_pay_consent"),
    ("药店店员拿手机把我医保码拍了 没事吧", "utter_code_photographed"),
])
@pytest.mark.parametrize("action, intent", ALL_WAYS)
def test_round33_topics(tracker, run, responses, action, intent, text, expected):
    assert responses(run(action(), tracker(intent, None, text=text))[1])[:1] == [expected]


@pytest.mark.parametrize("before, text, expected", [
    ("utter_partial_reimbursement", "啥叫乙类", "utter_drug_categories"),
    ("utter_drug_categories", "那我跟医生说只开全报的行不", "utter_ask_doctor_covered"),
    ("utter_wallet_receive", "收的时候要输密码吗", "utter_wallet_receive_pin"),
    ("utter_wallet_receive", "都晚上十一点了 现在能收不", "utter_wallet_night"),
    ("utter_wallet_night", "我一直不收的话钱会不会没了", "utter_wallet_unreceived_returns"),
    ("utter_staff_personal_qr", "她说这是医院规定 扫不扫", "utter_staff_personal_qr_no"),
    ("utter_staff_personal_qr_no", "我已经扫了两百了 咋办", "utter_staff_personal_qr_paid"),
    ("utter_diag_not_activated", "短信来了个6位数 填那个吗", "utter_activation_sms_code"),
    ("utter_diag_not_activated", "让对着脸摇头 摇了好几次都不行", "utter_face_check_fails"),
    ("utter_diag_status_abnormal", "我信用卡也欠着 会不会影响看病", "utter_debt_not_insurance"),
    ("utter_wifi_sms_login", "那用我老公的热点呢", "utter_hotspot_ok"),
    ("utter_recorded_dead", "那要带什么去", "utter_recorded_dead_bring"),
    ("utter_recorded_dead", "我交了这么多年的钱会不会没了", "utter_recorded_dead_money"),
    ("utter_recorded_dead_money", "是不是有人冒用我身份", "utter_recorded_dead_identity"),
    ("utter_credit_care", "会不会自动从微信扣钱", "utter_credit_care_charge"),
    ("utter_credit_care_charge", "不想用了怎么关", "utter_credit_care_close"),
    ("utter_parking_fee_not_covered", "那护工呢", "utter_carer_fee"),
    ("utter_carer_fee", "吃饭的钱总能报吧", "utter_hospital_meals"),
    ("utter_supplementary_claim", "要啥材料 没给纸质发票", "utter_electronic_invoice"),
    ("utter_self_pay_consent", "那我能不签吗", "utter_self_pay_consent_decline"),
    ("utter_self_pay_consent_decline", "签了是扣医保卡里的钱还是全自己出", "utter_self_pay_personal_account"),
])
def test_round33_follow_ups(tracker, run, responses, before, text, expected):
    for action, intent in ((ActionFollowUp, "follow_up"), (ActionFallback, "nlu_fallback"),
                           (ActionOutOfScope, "out_of_scope")):
        trk = tracker(intent, None, text=text, turns=[said(before)])
        assert responses(run(action(), trk)[1])[:1] == [expected], (action, text)


@pytest.mark.parametrize("text", [
    "他让我发医保码截图给他",          # a scam's screenshot, not a photographed code
    "按照提示扫码付款就行吗",            # no photo
    "医保报销比例是多少",                # no partial payment told
    "我想给我妈的医保钱包转钱",           # sending, not receiving
])
def test_near_misses_keep_their_older_answers(tracker, text):
    from actions.round29 import named_topic
    found = named_topic(re.sub(r"\W", "", text), tracker("faq", None, text=text)) or []
    assert not set(found) & {"utter_code_photographed", "utter_partial_reimbursement", "utter_wallet_receive"}


@pytest.mark.parametrize("action, intent", [(ActionFollowUp, "follow_up"), (ActionDiagnose, "forgot_pin")])
def test_a_photographed_code_and_the_pin(tracker, run, responses, action, intent):
    # (the fallback hands 「要不要改密码」 to the diagnosis as a PIN question)
    trk = tracker(intent, None, text="要不要改密码", turns=[said("utter_code_photographed")])
    assert responses(run(action(), trk)[1])[:1] == ["utter_code_photo_pin"]


def test_a_payment_already_made_is_never_sent_to_pay_again():
    from actions.diagnosis import PAID_ALREADY
    assert PAID_ALREADY.search("我已经扫了280了 咋办啊")
    assert PAID_ALREADY.search("钱都扣了 单子没出来")
    assert not PAID_ALREADY.search("弄好了 我再去付")



# --- round 33's second tester --------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("我外婆身份证早就过期了 还能激活医保码吗", "utter_id_expired_activation"),
    ("拿临时身份证能去办吗", "utter_temporary_id"),
    ("孩子刚出生三天 住进新生儿科了 医保还没给他办", "utter_newborn_insurance"),
    ("我们药店从早上开始 顾客刷医保全都失败 提示超时", "utter_shop_all_fail"),
    ("医保的钱一般多久打到我们店账上", "utter_shop_settlement_cycle"),
    ("【医保】您的个人账户12月划入88.20元，账户余额1032.50元", "utter_credit_sms_normal"),
    ("班主任在群里发了个二维码叫交明年的居民医保 靠谱吗", "utter_resident_pay_qr"),
    ("我是外地的 办了居住证能在这边交居民医保吗", "utter_resident_by_residence_permit"),
    ("从来没弄过医保码 现在马上能弄好吗 后面排着队", "utter_activate_now_quick"),
    ("医保码冻结了 是不是单位没给我交社保", "utter_employer_unpaid_check"),
])
@pytest.mark.parametrize("action, intent", ALL_WAYS)
def test_round33_second_topics(tracker, run, responses, action, intent, text, expected):
    events, messages = run(action(), tracker(intent, None, text=text))
    if not messages and {"event": "followup", "timestamp": None, "name": "action_diagnose"} in events:
        # 「冻结了」: the fallback hands the message to the diagnosis
        messages = run(ActionDiagnose(), tracker("credential_abnormal", None, text=text))[1]
    assert responses(messages)[:1] == [expected]


@pytest.mark.parametrize("before, text, expected", [
    ("utter_id_expired_activation", "那换证这段时间她看病拿药咋办", "utter_id_renew_meanwhile"),
    ("utter_id_renew_meanwhile", "临时身份证行不", "utter_temporary_id"),
    ("utter_newborn_insurance", "有出生证明 户口还没上 能参保不", "utter_newborn_no_hukou"),
    ("utter_newborn_no_hukou", "住院这几天花的钱以后能报吗", "utter_newborn_backdated"),
    ("utter_shop_all_fail", "那顾客我咋跟他们说", "utter_shop_tell_customers"),
    ("utter_shop_tell_customers", "明天好了能给他们退了重新刷医保吗", "utter_shop_resettle"),
    ("utter_credit_sms_normal", "这个短信不会是骗子吧", "utter_credit_sms_real"),
    ("utter_credit_sms_normal", "咋比上个月少了", "utter_credit_amount_varies"),
    ("utter_credit_amount_varies", "这钱能取出来不", "utter_account_no_cash"),
    ("utter_resident_pay_qr", "扫了是个小程序 说是税务的", "utter_resident_pay_check_mini"),
    ("utter_resident_pay_check_mini", "交完在哪能查到", "utter_resident_paid_where"),
    ("utter_resident_paid_where", "错过了还能补交吗", "utter_resident_late_payment"),
    ("utter_generic_cannot_show_code", "网是好的 别的都能用", "utter_code_network_fine"),
    ("utter_code_network_fine", "换个手机行不行", "utter_code_other_phone"),
    ("utter_code_other_phone", "还不行是不是得跑县里", "utter_go_county_office"),
    ("utter_resident_by_residence_permit", "居住证明年到期了咋办", "utter_residence_permit_expiry"),
    ("utter_activate_now_quick", "要多久", "utter_activation_how_long"),
    ("utter_diag_pin_locked", "不弄了 锁着的话明天还能用医保吗", "utter_pin_locked_tomorrow"),
    ("utter_diag_info_mismatch", "改号以后以前交的医保会不会没了", "utter_id_change_contributions_stay"),
    ("utter_id_change_contributions_stay", "能让我爸帮我去办不", "utter_office_proxy_general"),
    ("utter_family_members", "绑上了就能直接用吗", "utter_bound_use_shekang"),
    ("utter_family_members", "那他爸手机上那个要解绑吗", "utter_bind_both_parents"),
    ("utter_face_check_fails", "要是一直刷不过呢", "utter_face_check_still"),
    ("utter_face_check_fails", "孩子的能一起弄吗", "utter_child_code_after_own"),
    ("utter_employer_unpaid_check", "老板说一直交着呢", "utter_employer_says_paid"),
    ("utter_employer_says_paid", "断了这段时间看病的钱能补报不", "utter_gap_reimburse"),
])
def test_round33_second_follow_ups(tracker, run, responses, before, text, expected):
    for action, intent in ((ActionFollowUp, "follow_up"), (ActionFallback, "nlu_fallback"),
                           (ActionOutOfScope, "out_of_scope")):
        trk = tracker(intent, None, text=text, turns=[said(before)])
        assert responses(run(action(), trk)[1])[:1] == [expected], (action, text)


@pytest.mark.parametrize("before, text, expected", [
    ("utter_temporary_id", "临时证上的号码跟原来的一样啊", "utter_mismatch_not_temp_id"),
    ("utter_staff_personal_qr_paid", "那这钱医保以后还能报不", "utter_staff_qr_claim"),
    ("utter_code_photographed", "码不是一直在变吗 拍了还能用吗", "utter_code_photo_useless"),
    ("utter_scam_warning", "我妈已经转发到家族群了", "utter_scam_forwarded_group"),
    ("utter_diag_not_activated", "刷脸要素颜吗 我脸肿得厉害", "utter_face_swollen"),
    ("utter_debt_not_insurance", "那我信用卡还欠着呢", "utter_debt_credit_card_same"),
    ("utter_newborn_backdated", "去哪办 孩子爸一个人去行不", "utter_newborn_where"),
    ("utter_residence_permit_expiry", "你说简单点 到底去哪交", "utter_resident_where_simple"),
])
def test_round33_replayed_follow_ups(tracker, run, responses, before, text, expected):
    for action, intent in ((ActionFollowUp, "follow_up"), (ActionOutOfScope, "out_of_scope")):
        trk = tracker(intent, None, text=text, turns=[said(before)])
        assert responses(run(action(), trk)[1])[:1] == [expected], (action, text)


def test_a_pasted_account_credit_sms_is_no_scam(tracker, run, responses):
    from actions.faq import ActionSecurityInfo
    text = "【XX市医保】您的职工医保个人账户于12月05日划入156.30元，当前余额2046.12元。如有疑问请咨询12393。"
    assert responses(run(ActionSecurityInfo(), tracker("security_info", None, text=text))[1])[:1] == \
        ["utter_credit_sms_normal"]


def test_a_go_ahead_in_other_words_at_the_record_question():
    from actions.region_switch import goes_ahead
    assert goes_ahead("那你倒是给我弄好啊")
    assert goes_ahead("好 那就切吧")
    assert not goes_ahead("你先别弄")


def test_a_cashiers_personal_code_comes_before_the_records(tracker, run, responses):
    # signed in, a problem's first message gets the records first — not this one (round 33)
    from actions.round28 import records_first
    assert records_first(tracker("system_failure", "tok", text="医院说系统坏了 付不了"))
    assert not records_first(tracker("system_failure", "tok", text="收费员让我扫她自己的微信收款码先付 行吗"))


def test_leaving_a_job_is_not_the_employer_unpaid(tracker, run, responses):
    # the exclusion holds wherever the words stand (round 19's answer about leaving a job)
    from actions.round29 import follow_up, named_topic
    text = "我年初辞职了原单位就没给交了"
    trk = tracker("follow_up", None, text=text, turns=[said("utter_diag_status_abnormal")])
    found = (named_topic(text, trk) or []) + (follow_up(text, trk, {"utter_diag_status_abnormal"}) or [])
    assert "utter_employer_unpaid_check" not in found
