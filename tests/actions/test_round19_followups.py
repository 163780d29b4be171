"""Trial round 19's follow-ups, each for the topic in view: leaving a job after a paused status,
灵活就业, the months without cover, 居民医保 after the balance, moving the insurance and the old
record after the 参保地 answers, the code before a correction, 备案 late or on the phone, the
excess by bank card, buying today, the face check for a relative, a transfer at night, a payment
asked about, and the five-part family text said once."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionFamilyInfo
from actions.handoff import ActionFallback
from actions.recent import specific_answer


@pytest.mark.parametrize("before, slots, text, expected", [
    (["utter_diag_status_abnormal"], {"diagnosed_cause": "status_abnormal"}, "我去年年底辞职了 单位不交了",
     "utter_lapse_quit"),
    (["utter_lapse_quit"], {}, "那我自己咋续上 能按灵活就业交吗", "utter_resume_insurance"),
    (["utter_resume_insurance"], {"diagnosed_cause": "status_abnormal"}, "续上以后 中间断的这几个月看病的钱还给报不",
     "utter_gap_reimburse"),
    (["utter_generic_insufficient_balance"], {}, "我交的是城乡居民那个 一年三百多", "utter_wallet_resident"),
    (["utter_generic_region_mismatch"], {}, "那北京那边的要不要去注销 还是得办转移", "utter_region_transfer"),
    (["utter_region_transfer"], {}, "转移在哪办 要我回北京跑一趟不", "utter_region_transfer_where"),
    (["utter_generic_region_mismatch"], {}, "我在码上把参保地切成深圳就行了吧", "utter_region_switch_enough"),
    (["utter_diag_region_mismatch"], {}, "切过来之后 老的那个还要管吗", "utter_region_question_records"),
    (["utter_jingban_where"], {"diagnosed_cause": "info_mismatch"}, "改好之前我这码还能用不", "utter_mismatch_not_yet"),
    (["utter_beian_needed"], {}, "要是来不及备案就住进去了呢", "utter_beian_before"),
    (["utter_beian_needed"], {}, "这个备案在手机上能办吗 还是得回湖南", "utter_beian_where"),
    (["utter_beian_where"], {}, "备案了以后住院的钱是出院直接结 还是得先垫上", "utter_beian_done_use"),
    (["utter_wallet_figures"], {"diagnosed_cause": "over_limit"}, "多出来的那部分我拿银行卡刷行不", "utter_pay_excess"),
    (["utter_diag_institution_system_error"], {"diagnosed_cause": "institution_system_error"}, "那我这药今天还买得成不",
     "utter_system_failure_pay_now"),
    (["utter_family_binding_rules"], {}, "他这么小 要不要刷他的脸", "utter_family_bind_presence"),
    (["utter_family_bind_count"], {}, "岳母那边也要刷脸吗 她75了", "utter_family_bind_presence"),
    (["utter_claim_self_paid"], {}, "自费付了的话 后面拿啥去报", "utter_claim_papers"),
])
def test_round19_follow_ups(fake, tracker, run, responses, before, slots, text, expected):
    trk = tracker("out_of_scope", None, text=text, slots=slots, turns=[{"intent": "faq", "bot": before}])
    assert specific_answer(trk) == [expected]
    assert responses(run(ActionOutOfScope(), trk)[1]) == [expected]


def test_a_new_employer_is_not_leaving_a_job(fake, tracker):
    trk = tracker("out_of_scope", "ok", text="我上个月刚换了工作 新公司说给我交了医保的",
                  slots={"diagnosed_cause": "status_abnormal"},
                  turns=[{"intent": "faq", "bot": ["utter_diag_status_abnormal"]}])
    assert specific_answer(trk) == ["utter_status_new_employer"]


@pytest.mark.parametrize("text", ["他这么小 要不要刷他的脸", "切过来之后 老的那个还要管吗", "我交的是城乡居民那个"])
def test_no_follow_up_without_its_topic(fake, tracker, text):
    assert specific_answer(tracker("out_of_scope", None, text=text)) is None


def test_a_transfer_at_night_after_the_wallet_answers(fake, tracker, run, responses):
    trk = tracker("payment_failed", None, text="我昨晚11点多转的 显示没成功 咋回事",
                  turns=[{"intent": "faq", "bot": ["utter_wallet_transfer_yes"]},
                         {"intent": "faq", "bot": ["utter_wallet_transfer_limits"]}])
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_wallet_transfer_hours"]


def test_a_payment_asked_about_signed_in_lists_the_payments(fake, tracker, run, responses):
    fake.people["ok"]["attempts"] = [{"occurred_at": "2026-11-26T03:10:00+00:00", "institution": "老百姓大药房",
                                      "amount": "36.50", "result": "success"}]
    trk = tracker("out_of_scope", "ok", text="上礼拜在药店买降压药那笔扣了没有")
    assert responses(run(ActionFallback(), trk)[1]) == ["utter_recent_payments"]


def test_the_family_text_is_said_once(fake, tracker, run, responses):
    trk = tracker("family_binding", None, text="我还想问问 绑家人到底咋弄",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules"]},
                         {"intent": "faq", "bot": ["utter_family_bind_count"]}])
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_family_binding_short"]


def test_buying_today_after_a_timeout(fake, tracker, run, responses):
    trk = tracker("follow_up", "ok", text="有没有快点的法子 后面排队的人都等着呢",
                  slots={"diagnosed_cause": "network_timeout"},
                  turns=[{"intent": "network_error", "bot": ["utter_diag_network_timeout"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_timeout_next"]


def test_care_planned_away_from_the_insurance(fake, tracker, run, responses):
    text = "我妈医保是湖南老家交的 现在跟我住上海 医生说下个月要住院做个手术 我怕到时候医保用不了"
    trk = tracker("out_of_scope", None, text=text)
    trk.latest_message["entities"] = [{"entity": "region", "value": "湖南"}, {"entity": "region", "value": "上海"}]
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_beian_needed", "utter_beian_where"]
    failed = tracker("region_mismatch", None, text="我在长沙参保 在深圳看病付不了")
    failed.latest_message["entities"] = trk.latest_message["entities"]
    assert specific_answer(failed) != ["utter_beian_needed", "utter_beian_where"]


def test_registering_on_the_phone_right_after_the_places_is_the_short_line(fake, tracker):
    trk = tracker("region_mismatch", None, text="这个备案手机上能弄不 还是得回河南",
                  turns=[{"intent": "out_of_scope", "bot": ["utter_beian_needed", "utter_beian_where"]}])
    assert specific_answer(trk) == ["utter_beian_where_short"]


def test_one_channels_path_and_the_one_pin_together(fake, tracker):
    trk = tracker("forgot_pin", None, text="那我要是想换个新密码 在哪改 改了支付宝那边也跟着变吗",
                  turns=[{"intent": "forgot_pin", "bot": ["utter_generic_forgot_pin"]}])
    assert specific_answer(trk) == ["utter_pin_path_alipay", "utter_pin_one_for_all"]
