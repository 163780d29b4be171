"""Trial round 34's zeros (docs/dialogue-trials.md): a person who disputes what the records say (「不对吧」
「你确定吗」「上次…说的不一样」) gets the evidence for that cause, not 「刚才已经帮您查过了」; and situations
no earlier round met — who the assistant is and why it asks to sign in, a record in a city never lived
in, paying by bank debit as a flexible worker, a wallet transfer to a 新农合 father, 「人员信息不存在」
after moving, 门诊统筹 at pharmacies, another device logged in, 6 relatives in Beijing, payment SMS
notices, a bank debit after a timeout, a receipt's 「异地未备案」 and emergencies, long prescriptions,
an unconscious patient in hospital, an 「HR」 notice asking for the code and the PIN, ambulances and
observation, 备案 for a couple and at home, dialysis away from home, paying oneself before buying
insurance, emigrating, the electronic health card. Asked before round 33's."""
from __future__ import annotations

import re
from typing import Pattern, Sequence, Tuple

DISPUTE = (r"(不对吧|不对啊|不对呀|你确定|确定吗|确定不是|不可能|说的不一样|说的跟|跟你说的|上次.{0,16}(说|讲)|人家说|"
           r"哪来的|瞎说|胡说)")
_OVER_LIMIT = {"utter_diag_over_limit", "utter_dispute_over_limit", "utter_single_limit_meaning"}
_REGION = {"utter_diag_region_mismatch", "utter_region_record_unknown", "utter_region_record_who_check"}
_OTHER_DEVICE = {"utter_other_device_login", "utter_other_device_pin", "utter_other_device_spouse"}
_BEIAN_RECEIPT = {"utter_receipt_no_beian", "utter_emergency_beian", "utter_beian_after_discharge"}
_UNCONSCIOUS = {"utter_unconscious_patient", "utter_discharge_family_settles"}
_UNDERWRITING = {"utter_self_pay_for_underwriting", "utter_self_pay_record"}
_EMIGRATE = {"utter_emigrate_account", "utter_emigrate_stop"}
_BEIAN_SAID = {"utter_beian_needed", "utter_beian_where", "utter_beian_kind", "utter_beian_per_person",
               "utter_travel_months", "utter_relative_come_for_care", "utter_not_insured_here"}

# (what the message names, the answer), in order; the compact text (no spaces or punctuation)
NAMED: Sequence[Tuple[Pattern[str], str]] = [
    (re.compile(r"(你|你们)(这个)?(是不是|是)?(官方|正规|真的|骗子|机器人)|怎么证明你|你是(谁|干嘛的|哪里的)"),
     "utter_about_assistant"),
    (re.compile(r"(为啥|为什么|干嘛|凭什么)要?我?(登录|登陆|验证)|登(录|陆)要(输|填|给)(啥|什么)"),
     "utter_why_sign_in"),
    (re.compile(r"(这么小|[1-9一二两三四五六七八九十]岁|小孩|孩子|宝宝|娃).{0,8}(也)?(要|需要|得)刷脸"),
     "utter_child_no_face"),
    (re.compile(r"(其他|别的)设备(上)?登录|重新授权"), "utter_other_device_login"),
    (re.compile(r"(每次|每回)?(刷|付).{0,8}(发|来)?短信(提醒|通知)|(短信|消息)(提醒|通知).{0,10}(在哪|怎么)开"),
     "utter_payment_sms_notice"),
    (re.compile(r"异地未备案|未办理?异地(就医)?备案"), "utter_receipt_no_beian"),
    (re.compile(r"长处方|(最长|最多)(能)?开(多久|几个月|几周)"), "utter_long_prescription"),
    (re.compile(r"(自己|个人)(交|缴).{0,8}(去哪|哪里|哪种|哪个|交啥)|交哪种"), "utter_self_enrol_which"),
    (re.compile(r"(昏迷|ICU|重症监护|不省人事|插管).{0,30}(医保|住院|结算|咋用|怎么用)", re.IGNORECASE),
     "utter_unconscious_patient"),
    # a notice in an employer's or a community's name (a stranger's request is the scam warning's)
    (re.compile(r"(?=.*(HR|人事|公司|单位|通知|社区|行政|部门))(?=.*(截图|支付密码|医保密码))"
                r"(?=.*(发给|发到|提交|报给|交给|上报|发群|要发|发吗|收集))", re.IGNORECASE),
                 "utter_never_send_code_or_pin"),
    (re.compile(r"120(急救|救护|车)|救护车|打(了)?120"), "utter_ambulance_fee"),
    (re.compile(r"留观"), "utter_emergency_observation"),
    (re.compile(r"透析"), "utter_dialysis_cross_province"),
    (re.compile(r"(买|投|买个)保险.{0,20}(自费|不刷|不用医保)|(不刷|不用)医保.{0,12}(买保险|核保|投保)"),
     "utter_self_pay_for_underwriting"),
    (re.compile(r"(出国|移民|国外|加拿大|美国|澳洲|定居).{0,20}(个人账户|个账|余额|钱).{0,10}(取|提|拿)"),
     "utter_emigrate_account"),
    (re.compile(r"电子健康卡|健康码.{0,10}医保码|医保码.{0,10}健康卡"), "utter_health_card_vs_code"),
    (re.compile(r"门诊统筹.{0,12}药店|统筹.{0,10}(药店|药房).{0,6}(刷|用|报)"), "utter_pooling_at_pharmacy"),
]

# (the answers said earlier that make the follow-up mean something, the follow-up, the answer)
FOLLOW_UPS: Sequence[Tuple[object, Pattern[str], str]] = [
    (_OVER_LIMIT, re.compile(r"(零点|0点|明天|24小时|过了今天|等一天).{0,12}(能付|就能|再付|能用)|要等满"),
     "utter_limit_reset_time"),
    (_OVER_LIMIT, re.compile(r"啥叫|什么叫|什么是|是啥意思|单笔限额(是)?(啥|什么)"), "utter_single_limit_meaning"),
    ({"utter_diag_over_limit"}, re.compile(DISPUTE + r"|就付了(这|一)笔|哪来的累计|没付过"),
     "utter_dispute_over_limit"),
    (_REGION, re.compile(r"(切|换)(过来|了).{0,12}(影响|能用|还能查)|会不会影响那边"), "utter_switch_keeps_record"),
    (_REGION, re.compile(r"(有人|别人).{0,10}(身份证|冒用|冒名)|(去哪|哪里|在哪)查"), "utter_region_record_who_check"),
    ({"utter_diag_region_mismatch"},
     re.compile(r"(没在|没去过|没在那边|从来没|这辈子).{0,10}(交|参保|去过|待过)|哪来的(这条)?记录"),
      "utter_region_record_unknown"),
    ({"utter_diag_region_mismatch"}, re.compile(r"(部队|单位|公司|学校).{0,6}(出|开|办)?(手续|证明)"),
     "utter_switch_no_papers"),
    ({"utter_diag_institution_system_error"}, re.compile(DISPUTE + r"|我这边的问题|另外一家|别家也|昨天也"),
     "utter_dispute_system_error"),
    # (「锁了多久能自己解开」 is round 9's utter_pin_lock_duration)
    ({"utter_diag_pin_locked"}, re.compile(DISPUTE), "utter_dispute_pin_lock"),
    ({"utter_diag_status_abnormal"}, re.compile(r"银行.{0,6}(代扣|没扣|扣款)|代扣"), "utter_pause_bank_debit"),
    ({"utter_diag_status_abnormal", "utter_pause_bank_debit"},
     # (「不可能 单位每月都扣」 is round 20's utter_status_employer_paying)
     re.compile(r"恢复要多久|多久(能)?恢复|当天就能用|(上次|人家|他们|社保局|医保局).{0,12}说"),
      "utter_dispute_pause_restore"),
    ({"utter_diag_network_timeout"}, re.compile(r"银行.{0,10}扣|扣了\d+|显示扣了"), "utter_bank_debit_not_insurance"),
    ({"utter_medical_wallet", "utter_account_transfer", "utter_wallet_receive", "utter_wallet_resident_transfer",
      "utter_wallet_transfer_yes"},
     re.compile(r"(新农合|居民医保|农村).{0,16}(开钱包|收|接收)|(也|都)要开(钱包)?"), "utter_wallet_receiver_needs"),
    (re.compile(r"人员信息不存在|信息不存在|查无此人"),
     re.compile(r"(户口|户籍).{0,6}(迁|签|转)|(这边|这里)(还)?没(交|参保)"), "utter_not_insured_here"),
    ({"utter_not_insured_here"}, re.compile(r"回老家|跑一趟|腿脚|走不了|去不了"), "utter_beian_family_help"),
    ({"utter_diag_insufficient_balance", "utter_resident_not_wasted"},
     re.compile(r"统筹.{0,10}(药店|药房)|药店.{0,6}(刷|用)统筹"), "utter_pooling_at_pharmacy"),
    ({"utter_diag_insufficient_balance", "utter_pooling_at_pharmacy"},
     re.compile(r"(微信|支付宝|现金|自己).{0,6}付了.{0,16}(影响|报销)"), "utter_self_paid_part_ok"),
    (_OTHER_DEVICE, re.compile(r"(盗|被人).{0,6}|改密码"), "utter_other_device_pin"),
    (_OTHER_DEVICE, re.compile(r"(老婆|老公|爱人|孩子|儿子|女儿|家里人|我妈|我爸).{0,10}(手机|帮我)"),
     "utter_other_device_spouse"),
    (_OTHER_DEVICE, re.compile(r"(重新)?授权(以)?后.{0,10}(还能|能不能)|(她|他)那边还能"), "utter_other_device_after"),
    ({"utter_family_binding_rules", "utter_family_members"}, re.compile(r"(6|六)个|能加(6|六)|北京.{0,6}(6|六)"),
     "utter_family_beijing_six"),
    ({"utter_resident_not_wasted", "utter_diag_no_failure_resident", "utter_resident_outpatient"},
     re.compile(DISPUTE + r"|邻居|别人.{0,6}(有钱|有余额)"), "utter_resident_neighbor_balance"),
    ({"utter_resident_neighbor_balance"}, re.compile(r"(交的|缴的).{0,8}钱.{0,4}(去哪|哪去)"),
     "utter_resident_not_wasted"),
    (_BEIAN_RECEIPT, re.compile(r"急诊|抢救|半夜"), "utter_emergency_beian"),
    (_BEIAN_RECEIPT, re.compile(r"出院|来得及|补(办)?还|现在补"), "utter_beian_after_discharge"),
    (_BEIAN_RECEIPT, re.compile(r"材料|带啥|要带|去哪交|交到哪"), "utter_claim_papers"),
    (_BEIAN_SAID, re.compile(r"一人一个|俩|两个人|两口子|一块(办)?|一起办"), "utter_beian_per_person"),
    (_BEIAN_SAID, re.compile(r"回(老家|参保地|家).{0,10}(还能报|能报|能用|报不)"), "utter_beian_home_still"),
    ({"utter_dialysis_cross_province"}, re.compile(r"联网|能不能(刷|结算)|咋查|怎么查"),
     "utter_find_networked_hospital"),
    (_UNCONSCIOUS, re.compile(r"女婿|儿媳|绑(他|她)|亲情"), "utter_unconscious_patient"),
    (_UNCONSCIOUS, re.compile(r"出院.{0,10}(本人|在场|他要|她要)|本人(要)?在场"), "utter_discharge_family_settles"),
    ({"utter_never_send_code_or_pin"}, re.compile(r"同事|大家|群里"), "utter_tell_colleagues"),
    ({"utter_ambulance_fee"}, re.compile(r"留观|急诊"), "utter_emergency_observation"),
    (_UNDERWRITING, re.compile(r"传到|上传|医保(那边)?(能)?(看到|知道|查到)|有记录"), "utter_self_pay_record"),
    (_UNDERWRITING, re.compile(r"删|消除|抹掉"), "utter_records_no_delete"),
    (_EMIGRATE, re.compile(r"户口.{0,6}注销|自动停|停不停"), "utter_emigrate_stop"),
]

