"""One aspect of the topic in view: 「要带身份证吗」 after the activation steps, 「最多能加几个人」
after the 亲情账户 answer, 「每天最多转几笔」 after the wallet, 「几分钟内有效来着」 while a code
waits. Trial round 14 asked 43 such narrow questions; 17 got the whole long answer again, another
topic's answer or 「帮不上忙」. A table instead of one regex per trial sentence: the topic comes
from the question when it names one, else from the newest answer (three answers back when the
last had none), else from the form under way; the aspect from the short question; the pair names
the one line that answers it. Cues, not NLU data (docs/nlu-experiments.md)."""
from __future__ import annotations

import re
from itertools import islice
from typing import Dict, List, Optional, Pattern, Sequence, Set, Tuple

from rasa_sdk import Tracker

from actions.common import answer_turns
from bot.nlu.topics import FAMILY_WORDS

# An identity mismatch: its own topic (whether it works now) and the 经办机构's (what to carry).
MISMATCH_ANSWERS = {"utter_diag_info_mismatch", "utter_generic_info_mismatch", "utter_mismatch_not_yet",
                    "utter_mismatch_short", "utter_mismatch_police_sync"}
SCAM_ANSWERS = {"utter_scam_warning", "utter_scam_next_steps", "utter_scam_verdict", "utter_scam_already",
                "utter_scam_called_out", "utter_scam_link", "utter_scam_police", "utter_scam_money",
                "utter_scam_hotline", "utter_scam_change_number"}
# The responses that leave a topic in view, newest answer first; a turn naming two topics is
# read by this order (the more specific one first).
TOPICS: Tuple[Tuple[str, Set[str]], ...] = (
    ("verification", {"utter_sign_in_old_number", "utter_sign_in_old_number_signed_in",
                      "utter_ask_verify_phone", "utter_ask_verify_code", "utter_verify_code_sent",
                      "utter_verify_code_wrong", "utter_verify_resend_wait", "utter_verify_in_progress",
                      "utter_verify_phone_invalid", "utter_verify_code_invalid", "utter_verify_code_expired",
                      "utter_verify_which_phone", "utter_verify_code_validity"}),
    ("wallet", {"utter_medical_wallet", "utter_wallet_transfer_yes", "utter_wallet_transfer_yes_again",
                "utter_wallet_transfer_hours", "utter_wallet_open_steps", "utter_wallet_family_use",
                "utter_wallet_transfer_limits", "utter_wallet_transfer_unaccepted",
                "utter_wallet_transfer_wrong", "utter_wallet_transfer_fee", "utter_wallet_transfer_again",
                "utter_wallet_transfer_arrival", "utter_wallet_resident_transfer", "utter_wallet_benefits",
                "utter_wallet_vs_code"}),
    ("mutual_aid", {"utter_family_mutual_aid_how", "utter_family_mutual_aid_short", "utter_mutual_aid_remote",
                    "utter_family_mutual_aid_reverse", "utter_mutual_aid_where",
                    "utter_family_vs_mutual_aid", "utter_mutual_aid_inpatient", "utter_mutual_aid_who",
                    "utter_mutual_aid_side", "utter_mutual_aid_face"}),
    # 深圳's 社康中心 binding for 二档 and children (named in the family answers too)
    ("chc", {"utter_chc_info", "utter_chc_likely", "utter_chc_where", "utter_chc_after_bind",
             "utter_relative_chc_direct", "utter_chc_first_visit", "utter_chc_not_family_binding", "utter_chc_which"}),
    ("family", {"utter_family_binding_rules", "utter_family_binding_short", "utter_family_bind_channels",
                "utter_family_bind_presence", "utter_family_bind_elsewhere", "utter_family_members",
                "utter_family_none", "utter_family_bind_count", "utter_family_bind_documents",
                "utter_family_whose_money", "utter_buy_for_sick", "utter_family_bind_monthly",
                "utter_family_bind_next_month",
                "utter_no_smartphone_relative"}),
    ("beian", {"utter_beian_where", "utter_beian_needed", "utter_beian_time", "utter_beian_before",
               "utter_beian_documents", "utter_beian_which_side",
               "utter_beian_presence", "utter_beian_where_short", "utter_beian_ratio", "utter_beian_outpatient",
               "utter_beian_documents_short", "utter_beian_done_use", "utter_beian_for_residence"}),
    ("elsewhere", {"utter_code_elsewhere"}),
    # 居民医保: no personal account, the pooled fund pays (round 19: 「是不是白交了」「门诊拿药能报不」)
    ("resident", {"utter_wallet_resident", "utter_wallet_resident_transfer", "utter_diag_no_failure_resident",
                  "utter_resident_not_wasted", "utter_resident_outpatient"}),
    # and every utter_pin_* (the reset's paths, rules, ticket, link): topics_in_view
    ("pin", {"utter_generic_forgot_pin", "utter_diag_pin_locked", "utter_ask_pin_reset_confirm",
             "utter_in_form_pin_locked"}),
    ("ticket", {"utter_handoff_ticket", "utter_handoff_ticket_anonymous", "utter_ticket_open",
                "utter_ticket_open_anonymous", "utter_ticket_callback"}),
    ("network", {"utter_diag_network_timeout", "utter_generic_network_error", "utter_network_checklist",
                 "utter_timeout_next", "utter_timeout_not_charged", "utter_why_network_timeout",
                 "utter_network_wait", "utter_network_no_double", "utter_network_fine_still"}),
    ("scam", SCAM_ANSWERS | {"utter_scam_prevention"}),
    ("limit", {"utter_diag_over_limit", "utter_generic_payment_limit", "utter_why_payment_limit",
               "utter_limit_who_sets", "utter_limit_raise_direct", "utter_pay_excess", "utter_limit_change_effect",
               "utter_limit_where"}),
    ("app", {"utter_app_troubleshoot", "utter_app_troubleshoot_after", "utter_app_old_phone",
             "utter_app_next_step", "utter_app_pay_today"}),
    # the usual causes listed without a lookup (no sign-in, or the backend down)
    ("causes", {"utter_generic_payment_failed", "utter_generic_error_text", "utter_causes_short",
                "utter_relative_go_instead"}),
    # found in the person's records (not the general text): the place's side, for certain
    ("institution_found", {"utter_diag_institution_system_error", "utter_institution_not_you"}),
    ("institution", {"utter_diag_institution_system_error", "utter_generic_system_failure",
                     "utter_system_failure_pay_now", "utter_other_pharmacy_yes", "utter_institution_later",
                     "utter_institution_not_you"}),
    # a double charge feared (actions/charges.py)
    ("charge", {"utter_double_charge_found", "utter_double_charge_none", "utter_double_charge_no_payments",
                "utter_double_charge_general", "utter_double_charge_refund",
                "utter_pay_again", "utter_pay_again_paid", "utter_pay_again_failed"}),
    # money paid out of pocket, to be claimed back
    ("claim", {"utter_claim_self_paid", "utter_claim_papers", "utter_claim_by_relative"}),
    ("mismatch", MISMATCH_ANSWERS),
    # a paused or ended insurance: resumed at the 经办机构 (other papers than a correction)
    ("status", {"utter_diag_status_abnormal", "utter_generic_credential_abnormal", "utter_resume_insurance",
                "utter_lapse_job_change", "utter_gap_reimburse", "utter_jingban_documents_status",
                "utter_jingban_documents_status_short", "utter_status_new_employer", "utter_lapse_quit",
                "utter_status_employer_paying"}),
    ("jingban", MISMATCH_ANSWERS | {
        "utter_diag_status_abnormal", "utter_generic_credential_abnormal", "utter_jingban_documents",
        "utter_jingban_where", "utter_jingban_documents_status", "utter_resume_insurance",
        "utter_pin_reset_offline", "utter_jingban_hours", "utter_jingban_presence", "utter_gap_reimburse",
        "utter_lapse_job_change", "utter_jingban_documents_short"}),
    ("region", {"utter_generic_region_mismatch", "utter_diag_region_mismatch", "utter_region_check_steps",
                "utter_region_switched", "utter_region_switch_confirm", "utter_region_which_record",
                "utter_region_switch_time", "utter_why_region_mismatch", "utter_jingban_documents_region",
                "utter_region_transfer", "utter_region_question_records", "utter_region_transfer_where",
                "utter_region_switch_enough"}),
    ("activation", {"utter_what_is_credential", "utter_activation_steps_app", "utter_activation_steps_alipay",
                    "utter_activation_steps_wechat",
                    "utter_generic_activate_credential", "utter_diag_not_activated", "utter_activation_other_ways",
                    "utter_activation_time", "utter_relative_activation", "utter_activation_troubles",
                    "utter_status_not_activated_next", "utter_activation_status_not_active",
                    "utter_activation_documents", "utter_activation_presence", "utter_activation_where",
                    "utter_activation_documents_short", "utter_face_photo_old", "utter_activation_foreign_id"}),
    ("payment", {"utter_how_to_pay_app", "utter_how_to_pay_alipay", "utter_how_to_pay_wechat",
                 "utter_how_to_pay_generic", "utter_how_to_pay_others", "utter_generic_cannot_show_code",
                 "utter_code_not_working_simple", "utter_pin_at_payment", "utter_code_no_screenshot",
                 "utter_code_no_id", "utter_diag_no_failure", "utter_diag_no_failure_resident",
                 "utter_status_all_good", "utter_status_all_good_phone"}),
)
# A topic the question names itself wins over the one in view (「湖南那边备案还是广州」 after the
# 参保地 answer asks about 备案).
NAMED_TOPIC: Tuple[Tuple[str, Pattern[str]], ...] = (
    ("verification", re.compile(r"验证码")),
    ("beian", re.compile(r"备案")),
    ("mutual_aid", re.compile(r"共济")),
    ("pin", re.compile(r"密码")),
    ("family", re.compile(r"亲情")),
    ("wallet", re.compile(r"钱包|转账|转(过来|过去|给|一笔|点|钱)")),
    ("activation", re.compile(r"激活")),
    ("scam", re.compile(r"防骗|防诈|骗子|诈骗")),
    ("chc", re.compile(r"社康|社区医院|社区卫生|社区诊所")),
    ("resident", re.compile(r"居民医保|新农合|城乡居民")),
)
# A place named (「那去大厅的话 他本人必须去吗」 after the face-check tips, trial round 17): the hall's
# rules, after the topics in view (「要去大厅办吗」 after the PIN answer is the PIN's).
PLACE_TOPIC = ("jingban", re.compile(r"大厅|经办机构|医保局|社保局|柜台"))
LOOK_BACK = 3  # earlier turns searched for a topic when the last answer had none
FORM_TOPIC = {"activation_form": "activation", "phone_verification_form": "verification"}

# The aspect a short question asks about, first match wins (「每天最多转几笔」 is a count, not a time).
ASPECTS: Tuple[Tuple[str, Pattern[str]], ...] = (
    ("screenshot", re.compile(r"截图|截屏|拍(个)?照|拍下来|照片|转发")),
    ("validity", re.compile(r"几分钟|有效期|有效|过期|失效|作废")),
    ("which_phone", re.compile(r"(哪个|什么|啥|哪一个)(手机)?号|"
                               r"(现在|以前|原来|之前|当时)(用|留|登记|绑|办)的(手机)?号|换(了)?号|号(码)?(换|变|不用)了")),
    ("not_accepted", re.compile(r"(不|没)(收|接收|领|点)(?!费|钱)|拒收|不要(的话)?会|"
                                r"(没|不)(人)?(接|领)(?!费|钱)")),
    ("old_pin", re.compile(r"(原来|以前|之前|旧|老)的?密码")),
    ("difference", re.compile(r"区别|差别|不一样|有啥不同|有什么不同|哪个好|一回事")),
    ("wrong_transfer", re.compile(r"转错|撤回|追回|退回|要回来|能退|(怎么|咋|如何)退|退钱|退款")),
    # 「那我能不能再给他转一笔」 after the unaccepted transfer; 「转过来要多久到」 (trial round 17)
    ("again", re.compile(r"再(给(他|她|我|你)?)?转|再来一笔|再发一笔|重新转")),
    ("arrival", re.compile(r"(多久|多长时间|啥时候|什么时候|几时)(能|才|就)?(到|到账|收到|进账)|到账")),
    ("count", re.compile(r"几个|几位|几笔|几次|几回|多少个|多少人|多少笔|多少次|最多")),
    ("which_side", re.compile(r"(备案|备|办|申请).{0,8}还是|还是.{0,8}(备案|备|这边|那边|老家|就医地|参保地)|哪边|"
                              r"向(哪|谁)(备案|申请|办)|找(哪|谁)备案|哪(个)?(地方|城市|省)(的)?备案")),
    ("documents", re.compile(r"证件|材料|带啥|带什么|要带|拿啥|拿什么|身份证|带卡|户口本|单据|票据|留啥|留什么|要留")),
    # 「我帮佢整得唔得」「我帮她弄行不」 about 备案 (trial round 20's re-grade)
    ("help_other", re.compile(r"(我|俺)(来)?(帮|替|给)(她|他|佢|" + FAMILY_WORDS + r").{0,4}(弄|整|办|操作|搞|申请)")),
    # 「那他这个能不能我在网上帮他弄好 不用他跑」「能不能在手机上直接改 不想跑」 (trial round 17)
    ("online", re.compile(r"网上|线上|在手机上(直接)?(改|弄|办|操作)|手机上(能|可以)?(直接)?(改|弄|办)|"
                          r"不用(他|她|我)?(跑|去)|不想跑|不(想|愿意)?去(大厅|窗口|经办)")),
    ("presence", re.compile(r"本人|亲自|在场|自己(去|来|到)|(要|得|必须)(他|她)(来|去|在)|"
                            r"(他|她)(要|得|必须)(来|去|在场)|"
                            r"(让|叫|请|找)(别人|村里人?|邻居|亲戚|朋友|熟人|村干部|同事|他们).{0,4}帮|"
                            r"(别人|村里人|邻居|亲戚|朋友|熟人|村干部|同事)帮(忙|着)?(弄|办|激活|操作)")),
    # 「能不能直接去窗口让人给办」 (trial round 17: the fallback): doing it at a counter instead
    ("counter", re.compile(r"(去|到|上)(窗口|大厅|柜台|营业厅|医保局|社保局)|线下(办|弄|激活)|现场办|"
                           r"当面(办|弄|问)|面对面")),
    # 「那是不是白交了」 about 居民医保
    ("wasted", re.compile(r"白交|白缴|白花|白买|交了(个)?寂寞|(有|交了)(啥|什么)用|干嘛用|冤枉钱|不划算")),
    ("cost", re.compile(r"要钱|收费|花钱|收钱|费用|多少钱|免费|给钱|交钱|收不收|要不要钱|手续费|服务费")),
    ("pin_needed", re.compile(r"(要|得|需要|用不用|要不要)(输|输入|填|按)?(个)?密码|密码(要|得)(输|填)")),
    ("opening_hours", re.compile(r"周六|周日|周末|星期[六天日]|礼拜[六天日]|节假日|"
                                 r"几点(开门|上班|下班|关门)|上班时间|办公时间|开门")),
    ("how_long", re.compile(r"多久|多长时间|几天|多少天|几个小时|"
                            r"(啥|什么)时候(能|才能|就)?(好|生效|弄好|办好)")),
    ("where", re.compile(r"在哪|去哪|哪里|哪儿|哪办|哪加|哪弄|什么地方|啥地方|"
                         r"(微信|支付宝|APP|app)里(弄|办|加|开|找)")),
    # trial round 16: 「会不会扣两次」 after a timeout, 「我网络好好的 wifi满格」, 「是我的问题还是药店的
    # 问题」, 「这段时间看病的钱还能报吗」, 「以后咋防」, 「人还在窗口 现在咋办」
    ("double_charge", re.compile(r"扣(了)?(两|二|2)(次|遍|笔|回)|重复扣|多扣|扣双份|扣重")),
    ("network_fine", re.compile(r"(网|网络|信号|wifi|WiFi|WIFI|流量)(是|都|也)?"
                                r"(好好的|没问题|正常|满格|很好|挺好|好着)|满格")),
    # 「挂上以后在医院付钱 扣的是谁的钱」 after the 亲情账户 answer (trial round 17)
    ("whose_money", re.compile(r"扣(的是)?谁的|谁的钱|从谁(那|的|账|帐)|扣我的还是|扣(他|她)的还是|"
                               r"扣(我|他|她)的(钱|账户)吗|从(我|他|她)的?(账|帐)?(上|户|里)?扣")),
    ("whose", re.compile(r"(我|我的|我这边|药店|医院|他们|对方|谁)的?问题|怪(我|谁)|是不是我(的|这边)|"
                         # 「会不会其实是我医保出问题了 诊所在糊弄我」 (round 20)
                         r"我的?(医保|卡|码|账户).{0,2}(出|有)(了)?问题|糊弄|忽悠|推卸|甩锅")),
    # 「门诊拿药能报不」: outpatient care and its medicines (before reimburse: 居民医保 has a line of its own)
    ("clinic", re.compile(r"门诊|拿药|配药|开药")),
    ("reimburse", re.compile(r"报销|(能|还能|可以|给)(补)?报|报不了|补报|(看病|买药|住院)的?(钱|费用)|医药费|比例|"
                             r"补(缴|交)|看病(咋办|怎么办)")),
    ("prevent", re.compile(r"(咋|怎么|如何|怎样)(防|预防|避免|防范|才不会)|防(骗|诈)|以后(要)?(注意|小心)")),
    ("right_now", re.compile(r"(现在|今天|马上|眼下|这会儿?)(急着|就要|得|要)?.{0,4}"
                             r"(咋办|怎么办|咋整|怎么弄|买药|拿药)|"
                             r"人还在|还在(窗口|柜台|药店|医院)|排着队|在催|急着(买|拿|用|付)|"
                             r"(这几天|这两天|这阵子|等不了).{0,6}(咋办|怎么办|咋整|怎么弄|买药|拿药)|"
                             # 「我现在就想把药拿走 怎么弄」 (round 20)
                             r"把药拿(走|到)|拿到药|买到药|(现在|马上).{0,8}(怎么弄|咋弄|怎么办|咋办)")),
    ("every_time", re.compile(r"每次|每回|以后都|都要先|都得先")),
    ("immediately", re.compile(r"马上(能|就能|可以|生效|就)|立刻|立马|即时|当场(能|就)|改(了|完|好)(就|能)")),
    ("outpatient", re.compile(r"门诊|住院|急诊")),
    ("not_found", re.compile(r"找不到|找不着|没找到|没看到|没看见|不知道在哪")),
    # 「那我以后还能去那个药店买吗」: the same place another day
    ("later", re.compile(r"(以后|下次|下回|往后|今后|将来|改天|过(两|几)天|明天|回头)(还|再)?"
                         r"(能|可以|可不可以|能不能|去|来|用)")),
    ("to_the_point", re.compile(r"说重点|讲重点|太长|说人话|简单点|简单说|长话短说|看不懂|看不明白")),
    ("yes_no", re.compile(r"能还是不能|行还是不行|就说能不能|到底能不能|到底行不行|就说行不行|到底(能|可以)用")),
)
# A word of the security text asked about (「电子围栏是啥意思」), whatever the topic.
TERMS = {"电子围栏": "utter_term_fence", "安全审计": "utter_term_audit", "实人认证": "utter_term_real_person"}
ASKS_MEANING = re.compile(r"啥意思|什么意思|是啥|是什么|指的是|指啥|干嘛的|干什么的|啥东西|什么东西")

ANSWERS: Dict[Tuple[str, str], str] = {
    ("verification", "validity"): "utter_verify_code_validity",
    ("verification", "which_phone"): "utter_verify_which_phone",
    ("wallet", "count"): "utter_wallet_transfer_limits",
    ("wallet", "not_accepted"): "utter_wallet_transfer_unaccepted",
    ("wallet", "wrong_transfer"): "utter_wallet_transfer_wrong",
    ("wallet", "cost"): "utter_wallet_transfer_fee",
    ("wallet", "again"): "utter_wallet_transfer_again",
    ("wallet", "arrival"): "utter_wallet_transfer_arrival",
    ("mutual_aid", "yes_no"): "utter_family_mutual_aid_short",
    ("mutual_aid", "where"): "utter_mutual_aid_where",
    ("mutual_aid", "difference"): "utter_family_vs_mutual_aid",
    ("mutual_aid", "outpatient"): "utter_mutual_aid_inpatient",
    ("claim", "documents"): "utter_claim_papers",
    ("institution", "reimburse"): "utter_claim_self_paid",
    ("status", "right_now"): "utter_today_status_abnormal",
    ("mutual_aid", "to_the_point"): "utter_family_mutual_aid_short",
    ("family", "count"): "utter_family_bind_count",
    ("family", "whose_money"): "utter_family_whose_money",
    ("family", "presence"): "utter_family_bind_presence",
    ("family", "where"): "utter_family_bind_channels",
    ("family", "documents"): "utter_family_bind_documents",
    ("family", "cost"): "utter_service_free",
    ("family", "yes_no"): "utter_family_binding_short",
    ("family", "screenshot"): "utter_code_no_screenshot",
    ("family", "difference"): "utter_family_vs_mutual_aid",
    ("family", "to_the_point"): "utter_family_binding_short",
    ("beian", "how_long"): "utter_beian_time",
    ("beian", "where"): "utter_beian_where",
    ("beian", "documents"): "utter_beian_documents",
    ("beian", "which_side"): "utter_beian_which_side",
    ("beian", "presence"): "utter_beian_presence",
    ("beian", "to_the_point"): "utter_beian_where_short",
    ("beian", "opening_hours"): "utter_jingban_hours",
    ("elsewhere", "documents"): "utter_code_no_id",
    ("elsewhere", "how_long"): "utter_beian_time",
    ("elsewhere", "which_side"): "utter_beian_which_side",
    ("elsewhere", "screenshot"): "utter_code_no_screenshot",
    ("pin", "validity"): "utter_pin_link_validity",
    ("pin", "old_pin"): "utter_pin_no_old",
    ("pin", "documents"): "utter_pin_reset_documents",
    ("pin", "pin_needed"): "utter_pin_at_payment",
    ("pin", "presence"): "utter_pin_reset_presence",
    ("pin", "cost"): "utter_service_free",
    ("pin", "how_long"): "utter_pin_after_reset",
    ("pin", "opening_hours"): "utter_jingban_hours",
    ("ticket", "how_long"): "utter_ticket_callback",
    ("network", "how_long"): "utter_network_wait",
    ("institution", "later"): "utter_institution_later",
    ("causes", "to_the_point"): "utter_causes_short",
    ("causes", "right_now"): "utter_pay_now_generic",
    ("wallet", "difference"): "utter_wallet_vs_code",
    ("beian", "online"): "utter_beian_where_short",
    ("beian", "help_other"): "utter_beian_family_help",
    ("institution_found", "whose"): "utter_institution_not_you",
    ("institution", "right_now"): "utter_system_failure_pay_now",
    ("network", "double_charge"): "utter_network_no_double",
    ("network", "network_fine"): "utter_network_fine_still",
    ("limit", "where"): "utter_limit_where",
    ("limit", "right_now"): "utter_pay_excess",
    ("app", "right_now"): "utter_app_pay_today",
    ("scam", "prevent"): "utter_scam_prevention",
    ("causes", "presence"): "utter_relative_go_instead",
    ("limit", "immediately"): "utter_limit_change_effect",
    ("region", "immediately"): "utter_region_switch_time",
    ("pin", "immediately"): "utter_pin_after_reset",
    ("beian", "outpatient"): "utter_beian_outpatient",
    ("elsewhere", "outpatient"): "utter_beian_outpatient",
    ("region", "outpatient"): "utter_beian_outpatient",
    ("payment", "not_found"): "utter_channel_entry_missing",
    ("chc", "where"): "utter_chc_where",
    ("chc", "every_time"): "utter_chc_first_visit",
    ("chc", "documents"): "utter_chc_where",
    ("status", "reimburse"): "utter_gap_reimburse",
    ("resident", "wasted"): "utter_resident_not_wasted",
    ("resident", "clinic"): "utter_resident_outpatient",
    ("resident", "reimburse"): "utter_resident_not_wasted",
    ("jingban", "reimburse"): "utter_claim_self_paid",  # 「改好之前这段时间看病咋办」: not the paused insurance's
    ("beian", "reimburse"): "utter_beian_ratio",
    ("elsewhere", "reimburse"): "utter_beian_ratio",
    ("region", "reimburse"): "utter_beian_ratio",  # the 参保地 answer names 异地就医备案 too
    ("mismatch", "yes_no"): "utter_mismatch_not_yet",
    ("mismatch", "to_the_point"): "utter_mismatch_short",
    ("status", "documents"): "utter_jingban_documents_status",
    ("jingban", "documents"): "utter_jingban_documents",
    ("status", "online"): "utter_status_online",
    ("mismatch", "online"): "utter_mismatch_online",
    ("jingban", "presence"): "utter_jingban_presence",
    ("jingban", "where"): "utter_jingban_where",
    ("jingban", "opening_hours"): "utter_jingban_hours",
    ("region", "how_long"): "utter_region_switch_time",
    ("region", "documents"): "utter_jingban_documents_region",
    ("charge", "wrong_transfer"): "utter_double_charge_refund",
    ("charge", "documents"): "utter_claim_papers",
    ("region", "opening_hours"): "utter_jingban_hours",
    ("activation", "documents"): "utter_activation_documents",
    ("activation", "presence"): "utter_activation_presence",
    ("activation", "cost"): "utter_service_free",
    ("activation", "how_long"): "utter_activation_time",
    ("activation", "where"): "utter_activation_where",
    ("activation", "counter"): "utter_activation_where",
    ("pin", "counter"): "utter_pin_reset_offline",
    ("jingban", "counter"): "utter_jingban_where",
    ("activation", "opening_hours"): "utter_jingban_hours",
    ("payment", "pin_needed"): "utter_pin_at_payment",
    ("payment", "screenshot"): "utter_code_no_screenshot",
    ("payment", "documents"): "utter_code_no_id",
    ("payment", "cost"): "utter_service_free",
    ("payment", "presence"): "utter_relative_go_instead",  # 「要他本人去吗」 after how to pay
}
# Asked again right after the line: a shorter one instead of nothing.
SHORTER = {"utter_beian_where": "utter_beian_where_short"}
# A screenshot of the code asked about, whatever the topic.
SCREENSHOT_ANSWER = "utter_code_no_screenshot"
ASKS_IF_IT_WORKS = re.compile(r"能|可以|行|管用|好使|有用|算|吗|么|不$")


def topics_of(turn: Set[str]) -> List[str]:
    """The topics one turn's responses leave in view, in the table's order."""
    return [topic for topic, responses in TOPICS
            if turn & responses or (topic == "pin" and any(r.split("_")[:2] == ["utter", "pin"] for r in turn))]


def first_line(topics: Sequence[str], aspects: Sequence[str]) -> Optional[str]:
    """The first topic, then the first aspect, that has a line."""
    return next((ANSWERS[(topic, aspect)] for topic in topics for aspect in aspects if (topic, aspect) in ANSWERS),
                None)


def topics_in_view(said: Set[str], form: Optional[str], short: str = "",
                   earlier: Sequence[Set[str]] = ()) -> List[str]:
    """The topics the question names, then the answer's just given (or, when it had none, of the
    answers before it: one miss must not lose the thread), then the form's under way."""
    named = [topic for topic, cue in NAMED_TOPIC if cue.search(short)]
    answered: List[str] = []
    for turn in (said, *([] if named else earlier)):  # a question naming its topic looks no further
        answered = topics_of(turn)
        if answered:
            break
    place = [PLACE_TOPIC[0]] if PLACE_TOPIC[1].search(short) else []
    return named + answered + ([FORM_TOPIC[form]] if form in FORM_TOPIC else []) + place


def aspects_of(short: str) -> List[str]:
    return [aspect for aspect, cue in ASPECTS if cue.search(short)]


def aspect_answer(short: str, said: Set[str], tracker: Tracker) -> Optional[List[str]]:
    """The one line for the aspect asked of the topic in view, or None (the caller goes on)."""
    for term, response in TERMS.items():
        if term in short and ASKS_MEANING.search(short):
            return [response]
    aspects = aspects_of(short)
    if not aspects:
        return None
    # 「激活要几分钟」 reads as validity and how long, 「要输密码吗」 after the till names the PIN:
    # the first topic, then the first aspect, that has a line
    earlier = list(islice(answer_turns(tracker), LOOK_BACK))
    response = first_line(topics_in_view(said, tracker.active_loop_name, short, earlier), aspects)
    if response is None and not any(cue.search(short) for _, cue in NAMED_TOPIC):
        # 「要本人去吗」 after the scan steps that followed the usual causes: the newest topic has no
        # line for it, an answer before it may (not 「帮不上忙」).
        response = first_line([topic for turn in earlier for topic in topics_of(turn)], aspects)
    if response is None and "screenshot" in aspects and ASKS_IF_IT_WORKS.search(short) \
            and re.search(r"码|截图|截屏", short):
        response = SCREENSHOT_ANSWER  # 「码截图给别人能用不」 after anything
    if response in said and SHORTER.get(response, "") not in said | {""}:
        response = SHORTER[response]  # 「在哪办」 right after the three places: the one line
    if response is None or response in said:
        return None  # nothing narrower, or the same line again: the caller's answer
    return [response]
