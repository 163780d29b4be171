"""Trial round 33's zeros (docs/dialogue-trials.md): situations no earlier round met, each answered for
what it names — a bill only partly paid by 医保 and 乙类 drugs, receiving a wallet transfer (at night,
never accepted), a cashier's personal payment code, the SMS code while activating, debts blamed for a
paused status, a hospital Wi-Fi's SMS login and a hotspot, a record that says the person is dead, 信用就医,
parking, carers and meals, supplementary insurance and electronic receipts, 年审, a 自费 consent form, a
code photographed by a clerk. Asked before round 31's (actions.round29 consults these first)."""
from __future__ import annotations

import re
from typing import List, Optional, Pattern, Sequence, Tuple

_STAFF = r"(收费员|收银员|收费的|护士|工作人员|店员|医生|大夫|窗口的人|那个人|她|他)"
_PERSONAL_QR = {"utter_staff_personal_qr", "utter_staff_personal_qr_no"}
_ACTIVATING = {"utter_diag_not_activated", "utter_activation_steps_app", "utter_activation_steps_wechat",
               "utter_activation_steps_alipay", "utter_generic_activate_credential", "utter_activation_sms_code"}
_DEAD = {"utter_recorded_dead", "utter_recorded_dead_bring", "utter_recorded_dead_money"}
_RECEIVE = {"utter_wallet_receive", "utter_wallet_receive_pin", "utter_wallet_night"}
_CREDIT = {"utter_credit_care", "utter_credit_care_charge"}
_FEES = {"utter_parking_fee_not_covered", "utter_carer_fee", "utter_hospital_meals"}
_CONSENT = {"utter_self_pay_consent", "utter_self_pay_consent_decline"}
_COVERED = {"utter_partial_reimbursement", "utter_drug_categories"}
_ID_EXPIRED = {"utter_id_expired_activation", "utter_id_renew_meanwhile", "utter_temporary_id"}
_NEWBORN = {"utter_newborn_insurance", "utter_newborn_no_hukou"}
_SHOP = {"utter_shop_all_fail", "utter_shop_tell_customers", "utter_shop_resettle"}
_CREDIT_SMS = {"utter_credit_sms_normal", "utter_credit_amount_varies"}
_RESIDENT_PAY = {"utter_resident_pay_qr", "utter_resident_pay_check_mini", "utter_resident_paid_where"}
_NO_CODE = {"utter_generic_cannot_show_code", "utter_code_network_fine", "utter_code_other_phone"}
_EMPLOYER = {"utter_employer_unpaid_check", "utter_employer_says_paid"}
_KID = r"(孩子|宝宝|娃|小孩|儿子|女儿|闺女)"

# (what the message names, the answer), in order; the compact text (no spaces or punctuation)
_FIRST: Sequence[Tuple[Pattern[str], str]] = [
    (re.compile(rf"{_STAFF}.{{0,6}}(让|叫|要)我?.{{0,4}}扫(她|他)(自己|个人)?的?.{{0,4}}(微信|支付宝|收款码|二维码)|"
                r"(扫|付到|转到|转给|付给)(她|他|收费员|收银员|护士|店员)(自己|个人)的?(微信|支付宝|收款码|码)|"
                r"(个人|私人|自己的)(微信)?收款码"), "utter_staff_personal_qr"),
    (re.compile(r"(医保)?(才|只)(给)?(报|报销|报了|付了|刷了).{0,8}(一百|几十|一点|这么点|这么少|多少|一半|三成|两成)|"
                r"(医保)?报(的|得)(太)?少|(花|用)了.{0,10}(医保)?(才|只)(给)?报"), "utter_partial_reimbursement"),
    (re.compile(r"乙类|甲类|丙类|目录外"), "utter_drug_categories"),
    (re.compile(r"(只|就)开.{0,4}(全报|能报|医保)的?药|开.{0,4}(全报|能报的)药"), "utter_ask_doctor_covered"),
    (re.compile(r"(转|打|给)(了)?.{0,12}(医保钱包|钱包).{0,20}(在哪收|怎么收|咋收|收不到|没收到|没看到|没看着|啥也没|"
                r"没到账)|"
                r"(医保钱包|钱包).{0,12}(转|打)(了|过)?.{0,20}(在哪收|怎么收|咋收|收不到|没收到|没看到|没看着|啥也没|"
                r"没到账)|"
                r"(医保钱包|钱包).{0,10}(收款|接收|收钱|收转账).{0,6}(在哪|怎么|咋)"), "utter_wallet_receive"),
    (re.compile(r"(网贷|贷款|信用卡|欠钱|欠债|欠款|逾期|失信|老赖|被执行).{0,24}(医保|冻|停|影响看病|用不了|异常)"),
     "utter_debt_not_insurance"),
    (re.compile(r"(wifi|无线网|免费网|上网).{0,24}(验证码|手机号)", re.IGNORECASE), "utter_wifi_sms_login"),
    (re.compile(r"热点"), "utter_hotspot_ok"),
    (re.compile(r"(显示|系统里|说|登记)(我)?(已经|已)?(死亡|去世|死了|过世)|死亡(状态|人员|注销)|我(被)?(销户|"
                r"注销户口)"),
     "utter_recorded_dead"),
    (re.compile(r"信用就医|先看病后付|先诊疗后付|先就医后付|先看后付"), "utter_credit_care"),
    (re.compile(r"停车费|停车.{0,6}(医保|刷|报)"), "utter_parking_fee_not_covered"),
    (re.compile(r"护工费|陪护费|请护工.{0,10}(报|医保|刷)|护工.{0,6}(能报|报不报|医保)"), "utter_carer_fee"),
    (re.compile(r"伙食费|住院.{0,4}(饭钱|餐费|吃饭的钱)"), "utter_hospital_meals"),
    # (buying 惠民保 with the personal account is round 29's utter_huiminbao)
    (re.compile(r"^(?!.*(个人账户|个账|惠民保)).*?(补充(医疗)?保险|商业保险|商保|百万医疗|公司(给)?(买|上|"
                r"交)的?(医疗)?保险)"),
     "utter_supplementary_claim"),
    (re.compile(r"(要不要|需不需要|用不用|有没有|是不是要|到底要|真的要|还要|得)(年审|年检|年度核验|年度认证)|"
                r"(每年|每年都|年年)(要|得|需要)?(年审|年检|核验)|(年审|年检|年度核验).{0,6}(吗|不|么|嘛|是真的|"
                r"有没有)"),
     "utter_no_annual_review"),
    (re.compile(r"自费(知情)?同意书|知情同意书.{0,10}自费|签.{0,6}自费"), "utter_self_pay_consent"),
    # (a screenshot sent is a scam's: not here)
    # (「能拿去付钱吗」 is round 23's utter_code_photo_useless)
    (re.compile(r"^(?!.*(拿去|能用|去付|付钱|盗刷|刷走)).*?((拍|拍照|照下来|照了)(了|下|下来|"
                r"走)?.{0,6}(我的?)?(医保码|码)|"
                r"(医保码|码).{0,6}(拍下来|拍了|被拍|被人拍))"),
     "utter_code_photographed"),
]

_SECOND: Sequence[Tuple[Pattern[str], str]] = [  # round 33's second tester
    (re.compile(r"身份证.{0,6}(过期|到期|失效)"), "utter_id_expired_activation"),
    (re.compile(r"激活码"), "utter_activation_code_is_sms"),
    (re.compile(r"(切|换|改)(过|了|好了).{0,12}(又|咋又|怎么又|还是)(变|跳|回|显示)"), "utter_region_reverts"),
    (re.compile(r"临时身份证"), "utter_temporary_id"),
    (re.compile(r"(新生儿|刚出生|刚生的|出生.{0,4}天|出生第|刚满月|没满月).{0,40}(医保|参保|自费|报销|住院)"),
     "utter_newborn_insurance"),
    (re.compile(r"(开药店|开药房|开诊所|药店老板|药房老板|诊所老板|我们店|我们药店|我们药房|店里).{0,40}(顾客|病人|"
                r"客人|客户|大家|所有人|全都)"
                r".{0,24}(付不了|刷不了|超时|失败|用不了|不成功)"), "utter_shop_all_fail"),
    (re.compile(r"(医保|统筹).{0,10}(钱|款).{0,10}(多久|什么时候|啥时候).{0,8}(回|到|打|拨|结).{0,6}(店|账上|我们)|"
                r"(医保|统筹).{0,6}(回款|拨付|结算款).{0,6}(多久|周期|什么时候|啥时候)"),
                 "utter_shop_settlement_cycle"),
    (re.compile(r"(个人账户|个账).{0,12}(划入|到账|入账).{0,30}余额"), "utter_credit_sms_normal"),
    (re.compile(r"(老师|幼儿园|学校|班主任|村里|村委|社区|网格员|群里).{0,24}(二维码|码|小程序).{0,24}(交|缴)(明年|"
                r"今年|下一年)?的?(居民)?医保|"
                r"(交|缴)(明年|今年)?的?居民医保.{0,20}(二维码|扫码|小程序)"), "utter_resident_pay_qr"),
    (re.compile(r"居住证.{0,20}(交|缴|参保|参加|办)(居民)?医保"), "utter_resident_by_residence_permit"),
    (re.compile(r"居住证.{0,10}(到期|过期).{0,12}(医保|断|停)"), "utter_residence_permit_expiry"),
    (re.compile(r"(从来没|从没|没有?)(弄过|用过|激活过|办过|开过).{0,24}(马上|现在|立刻|快点|能弄好|来得及)|"
                r"(马上|现在|立刻)(就)?(能|可以)(弄好|激活|办好|开通)"), "utter_activate_now_quick"),
    # (an intern's school insurance is round 30's utter_student_insurance_valid)
    (re.compile(r"^(?!.*(实习|学校|学生|辞职|离职|不干了|换工作)).*?(老板|单位|公司|厂里|工地|包工头).{0,8}(没|没有|"
                r"没给|不给|是不是没)(我)?(交|"
                r"缴|买)"
                r"(钱|医保|社保|保险)"),
     "utter_employer_unpaid_check"),
]

NAMED: Sequence[Tuple[Pattern[str], str]] = [*_FIRST, *_SECOND]

# (the answers or the words earlier in the conversation that make the follow-up mean something,
#  the follow-up, the answer); the context is either response names said or a pattern the person wrote
FOLLOW_UPS: Sequence[Tuple[object, Pattern[str], str]] = [
    (_PERSONAL_QR, re.compile(r"(已经|都|刚)?(扫|付|转)(了|过)|扫完"), "utter_staff_personal_qr_paid"),
    ({"utter_staff_personal_qr"}, re.compile(r"规定|扫不扫|到底|要不要扫|必须|不扫"), "utter_staff_personal_qr_no"),
    ({"utter_staff_personal_qr_paid"}, re.compile(r"报|报销|能报|医保"), "utter_staff_qr_claim"),
    (_COVERED, re.compile(r"乙类|甲类|啥叫|什么叫|什么意思|啥意思"), "utter_drug_categories"),
    (_COVERED, re.compile(r"(跟|和|让|叫)医生|只开|开(点)?(能报|全报)"), "utter_ask_doctor_covered"),
    (_RECEIVE, re.compile(r"密码|刷脸"), "utter_wallet_receive_pin"),
    (_RECEIVE, re.compile(r"晚上|夜里|半夜|\d+点|(十|九|十一|十二)点|现在(收|能|行)"), "utter_wallet_night"),
    (_RECEIVE, re.compile(r"(一直|老是|要是|如果)?(不收|没收|不接收|没接收|不点).{0,10}(会|钱|咋|怎么)|退回(哪|谁)"),
     "utter_wallet_unreceived_returns"),
    (_ACTIVATING, re.compile(r"(短信|验证码).{0,12}(6|六)位|(6|六)位(数|数字).{0,10}(填|输)|验证码.{0,6}(填|输)(哪|"
                             r"那|这)"),
     "utter_activation_sms_code"),
    ({*_ACTIVATING, "utter_face_check_fails"}, re.compile(r"素颜|化妆|化了妆|(脸|眼睛)?(肿|浮肿|水肿)|胖了|变样|"
                                                          r"认不出"),
     "utter_face_swollen"),
    (_ACTIVATING, re.compile(r"(对着脸|刷脸|晃头|摇头|眨眼|张嘴|人脸|脸).{0,12}(不行|不过|失败|不成|通不过|好几|老是|"
                             r"总是|一直)"),
     "utter_face_check_fails"),
    ({"utter_diag_status_abnormal", "utter_debt_not_insurance"},
     re.compile(r"网贷|贷款|信用卡|欠(着|钱|债|款)|逾期|法院"), "utter_debt_not_insurance"),
    ({"utter_wifi_sms_login"}, re.compile(r"热点|流量"), "utter_hotspot_ok"),
    (_DEAD, re.compile(r"带(啥|什么|哪些)|要(啥|什么)(材料|证件)|材料"), "utter_recorded_dead_bring"),
    (_DEAD, re.compile(r"(交的|缴的|账户里?的?)钱|白交|年限|会不会没"), "utter_recorded_dead_money"),
    (_DEAD, re.compile(r"冒用|盗用|有人用|顶替"), "utter_recorded_dead_identity"),
    (_CREDIT, re.compile(r"扣(钱|款|我)|自动扣|从.{0,6}扣"), "utter_credit_care_charge"),
    (_CREDIT, re.compile(r"(咋|怎么|如何)(关|取消|解约|停)|不想用|不用了.{0,4}(关|取消)"), "utter_credit_care_close"),
    (_FEES, re.compile(r"护工|陪护"), "utter_carer_fee"),
    (_FEES, re.compile(r"伙食|吃饭|饭钱|餐费"), "utter_hospital_meals"),
    ({"utter_supplementary_claim"}, re.compile(r"发票|票据|材料|要啥|要什么"), "utter_electronic_invoice"),
    ({"utter_self_pay_consent"}, re.compile(r"不签|可以不|能不能不"), "utter_self_pay_consent_decline"),
    (_CONSENT, re.compile(r"个人账户|医保卡(里|的)|卡里的钱|扣(我)?(医保|卡)|全(自己|自费)"),
     "utter_self_pay_personal_account"),
    ({"utter_code_photographed"}, re.compile(r"(改|换)密码|密码.{0,4}(改|换)"), "utter_code_photo_pin"),
    ({"utter_code_photographed"}, re.compile(r"(一直|老是|不是)(在)?变|拍(了|的|下来的)?.{0,4}(还能用|能用吗|"
                                             r"能不能用)"),
     "utter_code_photo_useless"),
    ({"utter_scam_warning", "utter_scam_next_steps", "utter_scam_link"},
     re.compile(r"(转|转发|发)(到|进|在)?了?.{0,4}(群|家族群|家庭群|朋友圈)"), "utter_scam_forwarded_group"),
    ({"utter_id_expired_activation"}, re.compile(r"看病|拿药|买药|这段时间|换证期间|咋办|怎么办"),
     "utter_id_renew_meanwhile"),
    (_ID_EXPIRED, re.compile(r"临时(身份证|证)"), "utter_temporary_id"),
    ({"utter_temporary_id"}, re.compile(r"(号|号码).{0,6}(一样|一模一样|没变|相同|没改)"),
     "utter_mismatch_not_temp_id"),
    ({"utter_debt_not_insurance"}, re.compile(r"信用卡|也欠|还欠|花呗|借呗"), "utter_debt_credit_card_same"),
    ({*_NEWBORN, "utter_newborn_backdated"},
     re.compile(r"去哪(办|报|里)|哪里办|在哪办|一个人去|自己去|(老公|爸爸|孩子爸|家里人).{0,6}(去|办)"),
      "utter_newborn_where"),
    ({"utter_resident_by_residence_permit", "utter_residence_permit_expiry"},
     re.compile(r"(去哪|哪里|在哪|到哪)(交|办|缴)|说简单点|简单点"), "utter_resident_where_simple"),
    (_NEWBORN, re.compile(r"户口|出生证|出生医学证明"), "utter_newborn_no_hukou"),
    (_NEWBORN, re.compile(r"(住院|这几天|之前|出生).{0,10}(钱|费用|花的).{0,8}(报|能报)|能补报|回头报"),
     "utter_newborn_backdated"),
    (_SHOP, re.compile(r"顾客|客人|病人|跟他们说|咋说|怎么说"), "utter_shop_tell_customers"),
    (_SHOP, re.compile(r"退了|退费|重新(刷|结算)|再刷"), "utter_shop_resettle"),
    (_SHOP, re.compile(r"多久|什么时候|啥时候|回款|到账|账上"), "utter_shop_settlement_cycle"),
    (_CREDIT_SMS, re.compile(r"真的假的|是真的|骗子|诈骗|像骗|假的"), "utter_credit_sms_real"),
    (_CREDIT_SMS, re.compile(r"多了|少了|不一样|变了|怎么这么多|咋这么少"), "utter_credit_amount_varies"),
    (_CREDIT_SMS, re.compile(r"取出来|取现|提现|取钱|转出来"), "utter_account_no_cash"),
    (_RESIDENT_PAY, re.compile(r"小程序|税务|公众号|是官方"), "utter_resident_pay_check_mini"),
    (_RESIDENT_PAY, re.compile(r"(在哪|哪里|怎么|咋)(能)?查|查得到|查到"), "utter_resident_paid_where"),
    (_RESIDENT_PAY, re.compile(r"错过|补交|补缴|晚了|过了时间"), "utter_resident_late_payment"),
    (_NO_CODE, re.compile(r"网(是|络)?(中|好|好的|没问题|通)|别的(都)?(能用|中|好使)|wifi.{0,6}(能用|"
                          r"好)", re.IGNORECASE),
     "utter_code_network_fine"),
    (_NO_CODE, re.compile(r"换(个|部|台|一个)?(手机|机子)"), "utter_code_other_phone"),
    (_NO_CODE, re.compile(r"跑(县|市|镇|大厅)|去县里|还不中|还不行|还是不行"), "utter_go_county_office"),
    ({"utter_resident_by_residence_permit"}, re.compile(r"居住证.{0,10}(到期|过期)|到期"),
     "utter_residence_permit_expiry"),
    ({"utter_activate_now_quick", "utter_activation_steps_wechat", "utter_activation_steps_alipay",
      "utter_activation_steps_app"}, re.compile(r"^(要|得|需要)?多久|几分钟|多长时间"), "utter_activation_how_long"),
    ({"utter_diag_pin_locked"}, re.compile(r"(明天|以后|过两天|下次|改天|明儿).{0,10}(能用|还能|用得了|能不能用)|"
                                           r"锁着.{0,8}(能用|还能)"),
     "utter_pin_locked_tomorrow"),
    ({"utter_diag_info_mismatch"}, re.compile(r"(以前|之前|原来)(交|缴)的.{0,10}(没了|会不会没|还在|作废|白交)"),
     "utter_id_change_contributions_stay"),
    ({"utter_diag_info_mismatch", "utter_id_change_contributions_stay"},
     re.compile(r"帮我(去)?办|替我(去)?办|代办|代我|(我爸|我妈|家里人|家人|老婆|老公).{0,4}(帮我|替我|去办)"),
      "utter_office_proxy_general"),
    ({"utter_family_members", "utter_family_binding_rules", "utter_family_bind_presence"},
     re.compile(r"绑(上|好)了?.{0,4}(就能|能直接|就可以)(用)?"), "utter_bound_use_shekang"),
    (re.compile(r"亲情|绑"), re.compile(r"(他爸|他妈|她爸|她妈|孩子爸|孩子妈|老公|老婆).{0,10}(那个|那边|"
                r"上的).{0,6}(删|解绑|取消)"),
     "utter_bind_both_parents"),
    ({"utter_diag_not_activated", "utter_face_check_fails", "utter_activation_steps_app",
      "utter_activation_steps_wechat", "utter_activation_steps_alipay"},
     re.compile(r"一直(刷|过)?不过|还是(刷|过)?不过|老是(刷)?不过|怎么都不过"), "utter_face_check_still"),
    ({"utter_diag_not_activated", "utter_face_check_fails", "utter_face_check_still", "utter_activation_steps_app",
      "utter_activation_steps_wechat", "utter_activation_steps_alipay"},
     re.compile(rf"{_KID}的?.{{0,6}}(能|可以)?(一起|顺便|也)(弄|激活|办|绑)"), "utter_child_code_after_own"),
    (_EMPLOYER, re.compile(r"(老板|单位|公司)(说)?.{0,4}(一直|都|有)(交|缴)"), "utter_employer_says_paid"),
    ({"utter_diag_status_abnormal", *_EMPLOYER}, re.compile(r"补报|能报|报销|能不能报"), "utter_gap_reimburse"),
    # (「我年初辞职了 原单位就没给交了」 is round 19's answer about leaving a job)
    ({"utter_diag_status_abnormal"},
     re.compile(r"^(?!.*(辞职|离职|不干了|换工作|退休)).*?(老板|单位|公司).{0,8}(没|没有|没给|不给|是不是没)(我)?(交|"
                r"缴)"),
     "utter_employer_unpaid_check"),
]


def named(short: str) -> Optional[List[str]]:
    """This round's topic the compact message names (the security answer asks it before its older
    texts, which a pasted SMS or a Wi-Fi's code would otherwise reach)."""
    for pattern, name in NAMED:
        if pattern.search(short):
            return [name]
    return None


# What no record of the person's answers: a cashier's personal payment code is never paid, whatever the
# last failed payment was (round 33: three bubbles about a pharmacy's failure first).
_BEFORE_RECORDS = {"utter_staff_personal_qr", "utter_credit_sms_normal"}


def before_records(short: str) -> bool:
    found = named(short)
    return bool(found) and found[0] in _BEFORE_RECORDS
