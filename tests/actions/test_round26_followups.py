"""Trial round 26's follow-ups, each for the topic in view (the intents are the ones the model gave in
the trial, the texts our own rewordings): the code that keeps changing, a watch, what a pharmacy sees,
fees, mobile data, a code opened early, channels, a closed bank account, one PIN, a changed phone
number or name, a renewed ID card, the APP on a new system, big fonts, speaking instead of typing,
a cashier helping, a new job's account, the account at year end, binding one relative, other ways
without signal, the code where the wallet is refused, transfers, a limit tomorrow."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionCheckStatus, ActionDiagnose, ActionShowWallet
from actions.faq import (
    ActionAnswerDigression,
    ActionAnswerFaq,
    ActionFamilyInfo,
    ActionMedicalWallet,
    ActionSecurityInfo,
)
from actions.handoff import ActionFallback, ActionHandoff
from actions.round24 import round24_first
from tests.actions.turns import said

PIN_ONE = said("utter_pin_one_for_all", intent="forgot_pin", text="想在支付宝设个跟微信不同的密码")
PHONE = said("utter_generic_activation_failed", intent="activate_credential",
             text="手机号换了 收不到验证码 激活不了")
NAME = said("utter_generic_info_mismatch", intent="info_mismatch", text="我改名了 医保码上还是以前的名字")
MISMATCH = said("utter_diag_info_mismatch", intent="info_mismatch", text="提示信息不一致")
APP = said("utter_app_troubleshoot", intent="app_problem", text="更新了系统 医保APP老闪退")
FONT = said("utter_big_font", intent="cannot_show_code", text="医保码那页字太小")
PRIVACY = said("utter_scan_privacy", intent="faq", text="扫码的时候医院能看到我病历不")
ACCOUNT = said("utter_account_no_reset", intent="out_of_scope", text="个人账户到年底会清零吗")
BINDERS = said("utter_family_binders_per_month", intent="family_binding", text="我妈能被几个人绑")
TIMEOUT = said("utter_diag_network_timeout", intent="network_error", text="地下室没信号 码出不来")
WALLET_REFUSED = said("utter_diag_institution_system_error", intent="medical_wallet", text="医院说不支持医保钱包")
LIMIT = said("utter_diag_over_limit", intent="payment_limit", text="超限额了")


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    (ActionDiagnose, "cannot_show_code", "我这医保码老是变来变去的 是中病毒了吗", [], {}, "utter_code_dynamic"),
    (ActionDiagnose, "cannot_show_code", "手环上能出医保码不", [], {}, "utter_code_on_watch"),
    (ActionAnswerFaq, "faq", "医院扫了我的码 能查到我以前看过什么病吗", [], {}, "utter_scan_privacy"),
    (ActionShowWallet, "check_balance", "那我余额他们能看到吗", [PRIVACY], {}, "utter_balance_seen"),
    (ActionSecurityInfo, "security_info", "药店刷医保码收不收手续费", [], {}, "utter_no_fee"),
    (ActionDiagnose, "network_error", "扫一次医保码费不费流量", [], {}, "utter_code_data_use"),
    (ActionDiagnose, "network_error", "手机没流量了还能出码吗", [], {}, "utter_code_needs_network"),
    (ActionDiagnose, "cannot_show_code", "我先在门口把码打开了 进去再给收银扫 行不", [], {}, "utter_code_open_early"),
    (ActionOutOfScope, "out_of_scope", "医保码最多能在几个app领", [], {}, "utter_channels_how_many"),
    (ActionSecurityInfo, "security_info", "工行那张卡我去销户了 医保码会不会失效", [], {}, "utter_bank_closed_code"),
    (ActionOutOfScope, "out_of_scope", "凭啥要一样啊", [PIN_ONE], {}, "utter_pin_why_same"),
    (ActionDiagnose, "forgot_pin", "我在微信里改了密码 支付宝的也跟着变吗", [PIN_ONE], {},
     "utter_pin_changes_everywhere"),
    (ActionDiagnose, "forgot_pin", "付钱的时候可以免密吗", [], {}, "utter_no_password_free"),
    (ActionFallback, "nlu_fallback", "原来那个号早停机了", [PHONE], {}, "utter_phone_old_gone"),
    (ActionOutOfScope, "out_of_scope", "那在哪改 带什么", [PHONE], {}, "utter_phone_change_where"),
    (ActionCheckStatus, "check_status", "号改好了还要重新激活吗", [PHONE], {}, "utter_phone_change_then_activate"),
    (ActionCheckStatus, "check_status", "户口本上都改了 医保怎么没跟着改", [NAME], {}, "utter_name_change_sync"),
    (ActionOutOfScope, "out_of_scope", "大概多久能同步", [NAME], {}, "utter_info_update_how_long"),
    (ActionAnswerFaq, "faq", "身份证号没变 就是换了张新证", [MISMATCH], {"diagnosed_cause": "info_mismatch"},
     "utter_new_id_same_number"),
    (ActionFallback, "nlu_fallback", "小米13", [APP], {}, "utter_app_device_model"),
    (ActionOutOfScope, "out_of_scope", "那得多久能修好", [APP], {}, "utter_app_fix_wait"),
    (ActionDiagnose, "cannot_show_code", "没找到在哪调", [FONT], {}, "utter_big_font_where"),
    (ActionHandoff, "request_human", "我能语音跟你说吗 打字太慢", [], {}, "utter_voice_input"),
    (ActionSecurityInfo, "security_info", "我看不清 把手机给收银员让她帮我点行不", [], {}, "utter_staff_help_scan"),
    (ActionSecurityInfo, "security_info", "店员叫我把密码告诉她 她替我输", [], {}, "utter_pin_staff_never"),
    (ActionOutOfScope, "out_of_scope", "换到职工医保以后是不是有个人账户了", [], {}, "utter_employee_personal_account"),
    (ActionOutOfScope, "out_of_scope", "个人账户的钱啥时候能到", [], {}, "utter_account_credit_time"),
    (ActionOutOfScope, "out_of_scope", "个人账户的钱到年底会作废吗", [], {}, "utter_account_no_reset"),
    (ActionMedicalWallet, "medical_wallet", "钱包里的钱一直不用会过期吗", [], {}, "utter_wallet_no_expiry"),
    (ActionOutOfScope, "out_of_scope", "能取出来吗", [ACCOUNT], {}, "utter_account_no_cash"),
    (ActionFamilyInfo, "family_binding", "我爸最多能被几个人绑", [], {}, "utter_family_binders_per_month"),
    (ActionFamilyInfo, "family_binding", "那下个月呢", [BINDERS], {}, "utter_family_bind_next_month"),
    (ActionFollowUp, "follow_up", "还有什么别的法子", [TIMEOUT], {"diagnosed_cause": "network_timeout"},
     "utter_network_other_ways"),
    (ActionFallback, "nlu_fallback", "那改用医保码结算可以吗", [WALLET_REFUSED],
     {"diagnosed_cause": "institution_system_error"}, "utter_wallet_use_code_instead"),
    (ActionMedicalWallet, "medical_wallet", "一笔最多能转多少", [], {}, "utter_wallet_transfer_amount"),
    (ActionMedicalWallet, "medical_wallet", "半夜给我妈转钱包的钱 转不出去", [], {}, "utter_wallet_transfer_hours"),
    (ActionFamilyInfo, "family_binding", "我能给我公公婆婆转吗", [], {}, "utter_wallet_in_laws"),
    (ActionAnswerFaq, "faq", "那后天再去还能刷吗", [LIMIT], {"diagnosed_cause": "over_limit"}, "utter_limit_tomorrow"),
    (ActionAnswerDigression, "security_info", "收银员让我把密码报给她 她替我按", [],
     {"diagnosed_cause": "pin_locked"}, "utter_pin_staff_never"),
    (ActionFamilyInfo, "family_binding", "媳妇她爸要做手术 钱包的钱能转给老丈人吗", [], {}, "utter_wallet_in_laws"),
    (ActionOutOfScope, "out_of_scope", "以前是自己交的灵活就业 居民医保", [], {"diagnosed_cause": "not_activated"},
     "utter_scheme_change_activate"),
    (ActionAnswerFaq, "faq", "明天再来还能刷不", [LIMIT], {"diagnosed_cause": "over_limit"}, "utter_limit_tomorrow"),
    (ActionOutOfScope, "out_of_scope", "可今天这药等着吃 怎么办", [], {}, "utter_meds_cannot_wait"),
    # round 26's re-grade: asked again right after, what the assistant can see, a raise asked for
    (ActionFamilyInfo, "family_binding", "那一个人最多能被几个人绑", [BINDERS], {}, "utter_family_binders_short"),
    (ActionFollowUp, "follow_up", "你这机器人查得到我余额不", [], {}, "utter_bot_sees_records"),
    (ActionOutOfScope, "out_of_scope", "那你给我调高点嘛", [said("utter_limit_who_sets", intent="payment_limit")],
     {"diagnosed_cause": "over_limit"}, "utter_limit_raise_direct"),
])
def test_round26_follow_ups(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1])[:1] == [expected]


@pytest.mark.parametrize("text", [
    "我卡里的钱会不会没了",            # after a scam: the scam's answer, not the year end
    "那我明天复查还得刷 能把单笔限额调到2000不",
    "让我把收到的验证码报给他 他帮我冻结",
    "那我亲妹妹呢 想给她转5000",
    "收到短信说医保个人账户的钱能提现 点链接就行",  # a scam: the warning (the fresh clone's CI)
    "短信说医保卡余额年底清零 让我点网址转出来",
])
def test_no_round26_answer_without_its_topic(tracker, text):
    answer = round24_first(text.replace(" ", ""), tracker("payment_failed", None, text=text))
    assert answer is None or not set(answer) & {"utter_account_no_reset", "utter_limit_tomorrow",
                                                "utter_account_no_cash", "utter_staff_help_scan",
                                                "utter_wallet_transfer_amount"}, answer
