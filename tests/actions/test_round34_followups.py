"""Trial round 34's situations (our own rewordings of the testers' messages, with intents the model is
likely to give): disputes answered with the evidence for the cause found, topics no round had met, pinyin."""
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
    ("你们是官方的吗 我咋知道你不是骗子", "utter_about_assistant"),
    ("为啥要我登录啊 登录要填啥", "utter_why_sign_in"),
    ("我闺女才两岁 她也要刷脸吗", "utter_child_no_face"),
    ("打开医保码说已在其他设备登录 要重新授权 我就一部手机", "utter_other_device_login"),
    ("有没有每次刷医保都发短信提醒的 在哪开", "utter_payment_sms_notice"),
    ("发票上写着 结算方式：自费 备注：异地未备案", "utter_receipt_no_beian"),
    ("高血压的药 长处方最长能开多久", "utter_long_prescription"),
    ("没单位了 自己交去哪交 交哪种好", "utter_self_enrol_which"),
    ("我岳父在ICU昏迷着 医保咋用啊", "utter_unconscious_patient"),
    ("公司HR群里发通知 让大家把医保码截图和支付密码发给她登记 要发吗", "utter_never_send_code_or_pin"),
    ("叫了120救护车 车费医保能报吗", "utter_ambulance_fee"),
    ("急诊留观算门诊还是住院", "utter_emergency_observation"),
    ("我爸在外地透析 能直接刷医保吗", "utter_dialysis_cross_province"),
    ("准备买保险 体检前看病不刷医保直接自费行吗", "utter_self_pay_for_underwriting"),
    ("要去加拿大定居了 个人账户里的钱能取出来不", "utter_emigrate_account"),
    ("电子健康卡跟医保码是一个东西吗", "utter_health_card_vs_code"),
])
@pytest.mark.parametrize("action, intent", ALL_WAYS)
def test_round34_topics(tracker, run, responses, action, intent, text, expected):
    assert responses(run(action(), tracker(intent, None, text=text))[1])[:1] == [expected]


@pytest.mark.parametrize("before, text, expected", [
    # a dispute gets the evidence for the cause found (round 34: 「刚才已经帮您查过了」)
    ("utter_diag_over_limit", "不对吧 我今天就付了这一笔", "utter_dispute_over_limit"),
    ("utter_diag_over_limit", "是不是过了零点就能付了", "utter_limit_reset_time"),
    ("utter_diag_over_limit", "啥叫单笔限额", "utter_single_limit_meaning"),
    ("utter_diag_region_mismatch", "我从来没在那边交过医保 哪来的这条记录", "utter_region_record_unknown"),
    ("utter_region_record_unknown", "会不会有人拿我身份证在那边参保 去哪查", "utter_region_record_who_check"),
    ("utter_diag_region_mismatch", "那我先切过来 会不会影响那边查", "utter_switch_keeps_record"),
    ("utter_diag_region_mismatch", "切换要不要单位开证明", "utter_switch_no_papers"),
    ("utter_diag_institution_system_error", "你确定不是我的问题 昨天别家也没刷成", "utter_dispute_system_error"),
    ("utter_diag_pin_locked", "上次客服说锁24小时自动解 你说的不一样", "utter_dispute_pin_lock"),
    ("utter_diag_status_abnormal", "我灵活就业 银行代扣的 是不是没扣上", "utter_pause_bank_debit"),
    ("utter_pause_bank_debit", "上次社保局的人说补交当天就能用", "utter_dispute_pause_restore"),
    ("utter_diag_network_timeout", "手机银行显示扣了58块 你确定没扣", "utter_bank_debit_not_insurance"),
    ("utter_wallet_transfer_yes", "我爸是农村新农合 他也要开钱包才能收吗", "utter_wallet_receiver_needs"),
    ("utter_other_device_login", "是不是被盗了 要不要改密码", "utter_other_device_pin"),
    ("utter_other_device_login", "我老婆用她手机帮我看过", "utter_other_device_spouse"),
    ("utter_other_device_spouse", "重新授权以后她那边还能看吗", "utter_other_device_after"),
    ("utter_family_binding_rules", "不对吧 我朋友说北京能加6个", "utter_family_beijing_six"),
    ("utter_resident_not_wasted", "不对吧 我邻居也是居民医保 他账户里有钱", "utter_resident_neighbor_balance"),
    ("utter_receipt_no_beian", "半夜急诊也要先备案吗", "utter_emergency_beian"),
    ("utter_emergency_beian", "人都出院了 现在补还来得及吗", "utter_beian_after_discharge"),
    ("utter_beian_kind", "俺俩一人一个还是一块办", "utter_beian_per_person"),
    ("utter_beian_per_person", "备案以后回老家还能报不", "utter_beian_home_still"),
    ("utter_dialysis_cross_province", "那个医院能不能联网 咋查", "utter_find_networked_hospital"),
    ("utter_unconscious_patient", "出院要他本人在场吗", "utter_discharge_family_settles"),
    ("utter_never_send_code_or_pin", "要不要跟同事说一声", "utter_tell_colleagues"),
    ("utter_self_pay_for_underwriting", "自费的会传到医保吗", "utter_self_pay_record"),
    ("utter_self_pay_record", "以前刷过的记录能删吗", "utter_records_no_delete"),
    ("utter_emigrate_account", "户口注销了医保会自动停吗", "utter_emigrate_stop"),
])
def test_round34_follow_ups(tracker, run, responses, before, text, expected):
    for action, intent in ((ActionFollowUp, "follow_up"), (ActionFallback, "nlu_fallback"),
                           (ActionOutOfScope, "out_of_scope")):
        trk = tracker(intent, None, text=text, turns=[said(before)])
        events, messages = run(action(), trk)
        if not messages and {"event": "followup", "timestamp": None, "name": "action_diagnose"} in events:
            # (the fallback hands a PIN or limit question to the diagnosis)
            messages = run(ActionDiagnose(), tracker("payment_failed", None, text=text, turns=[said(before)]))[1]
        assert responses(messages)[:1] == [expected], (action, text)


@pytest.mark.parametrize("text", [
    "陌生人加我微信 要我把医保码截图发给他",   # a stranger: the scam warning, not an employer's notice
    "这笔120块的药能分两次付吗",              # a sum, not an ambulance
    "我妈在老家山东 不在北京 也能绑吗",         # no six relatives
])
def test_near_misses_keep_their_older_answers(tracker, text):
    from actions.round29 import named_topic
    found = named_topic(re.sub(r"\W", "", text), tracker("faq", None, text=text)) or []
    assert not set(found) & {"utter_never_send_code_or_pin", "utter_ambulance_fee", "utter_family_beijing_six"}


@pytest.mark.parametrize("text, pinyin", [
    ("yibaoma xianshi hui se de, yaodian saobuchulai zenme ban", True),
    ("shi bu shi mei jihuo a? wo zai zhifubao li jihuo guo le", True),
    ("wo de mi ma wang le", True),
    ("my code does not work at the pharmacy", False),
    ("how do I reset my pin", False),
    ("hi, can you help me", False),
])
def test_pinyin_is_told_apart_from_english(text, pinyin):
    from actions.english import english_reply, looks_like_pinyin
    assert looks_like_pinyin(text) is pinyin
    assert (english_reply(text)[0] == ["utter_pinyin_reply"]) is pinyin
