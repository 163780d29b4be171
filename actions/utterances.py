"""Which responses of domain.yml each sender utters: the table Rasa's validator cannot see.

`rasa data validate` calls a response "not used in any story or rule" unless a story or rule
names it, but these are sent from code. Key: a custom action (the `name()` of a class in
actions/), a form (its `utter_ask_<slot>`, asked by Rasa's form loop), a Rasa default action, or
a policy of config.yml. Value: the responses it sends itself (what it delegates to another
action is listed under that action). `python -m bot validate` (tests/test_validate.py) checks the
table against Rasa's warnings, domain.yml, config.yml and the actions' source in both directions,
so a response sent from new code without a row here, or a row whose code is gone, fails.
"""
from __future__ import annotations

from typing import Dict, Tuple

# utter_generic_<intent>: the general fix for each problem intent (actions.common.PROBLEM_INTENTS).
GENERIC_FIXES = (
    "utter_generic_payment_failed", "utter_generic_cannot_show_code",
    "utter_generic_activate_credential", "utter_generic_credential_abnormal",
    "utter_generic_insufficient_balance", "utter_generic_network_error",
    "utter_generic_info_mismatch", "utter_generic_payment_limit", "utter_generic_region_mismatch",
    "utter_generic_system_failure", "utter_generic_forgot_pin",
    # actions.channel_choice.say_for_channels_left: the PIN paths without the channels ruled out
    "utter_generic_forgot_pin_left", "utter_pin_paths_left", "utter_pin_paths_none", "utter_pin_path_app",
    "utter_pin_path_wechat", "utter_pin_path_alipay",
)
# actions.common.wallet_failed (ask_wallet, WalletAction): what a failed backend call says.
BACKEND_FAILED = ("utter_sign_in_expired", "utter_backend_down", "utter_offer_human")
# actions.forms.tell_unapplied and refuse_other_person: a write that may not have landed, and
# a confirmation from someone else than the person asked.
WRITE_FAILED = ("utter_write_not_applied", "utter_write_unconfirmed", "utter_offer_human")
NOT_THE_PERSON = ("utter_not_the_person_asked",)
# actions.limits.answer_split: 「分三次付 每次400行不行」 after a limit (the person's own limits).
SPLIT_PAYMENT = ("utter_split_payment", "utter_split_payment_general", "utter_label_split_each_within",
                 "utter_label_split_each_over", "utter_label_split_total_within",
                 "utter_label_split_total_over", "utter_label_split_least_parts", *BACKEND_FAILED)
# actions.limits.answer_limit_question: 「2500块 能一次付吗」 against the person's limits.
LIMIT_FIGURES = ("utter_wallet_figures", "utter_wallet_resident", "utter_limit_amount", "utter_limit_who_sets",
                 "utter_limit_today_most",
                 "utter_label_amount_over_single", "utter_label_amount_over_today", "utter_label_amount_within",
                 "utter_label_amount_balance_short", *BACKEND_FAILED)
# utter_label_problem_<intent>: how a problem raised mid-form is named back (actions/faq.py).
PROBLEM_LABELS = tuple(f"utter_label_problem_{intent}" for intent in (
    "payment_failed", "cannot_show_code", "activate_credential", "credential_abnormal",
    "insufficient_balance", "network_error", "info_mismatch", "payment_limit",
    "region_mismatch", "system_failure", "forgot_pin"))
# actions.context.about_last_answer: a short question about the answer just given (the PIN-reset
# link, whether a scam is real), answered by action_follow_up and action_security_info.
ABOUT_LAST_ANSWER = ("utter_pin_link_above", "utter_pin_link_none", "utter_pin_link_sign_in", "utter_pin_link_safe",
                     "utter_scam_verdict", "utter_scam_next_steps", "utter_scam_already", "utter_scam_bank_card",
                     "utter_scam_police", "utter_scam_money", "utter_scam_hotline",
                     "utter_scam_change_number", "utter_offer_human", "utter_scam_not_sent")

# actions.scam.scam_answer: the warning that fits a described scam.
SCAM_WARNINGS = ("utter_scam_warning", "utter_scam_called_out", "utter_scam_already", "utter_scam_link")

# actions.round22: trial round 22's follow-ups for the topic in view (with lines of earlier rounds)
ROUND22 = ("utter_order_state_abnormal", "utter_settlement_failed_meaning", "utter_who_to_ask_payment",
           "utter_network_weak_spot", "utter_pin_new_rules", "utter_relative_account_empty",
           "utter_region_old_record_harmless", "utter_region_old_record_delete", "utter_region_pick_where_paid",
           "utter_unbind_one_channel", "utter_online_pharmacy", "utter_hotline_busy", "utter_wallet_phone_which",
           "utter_scam_freeze", "utter_other_phone_login", "utter_network_no_double", "utter_network_fine_still",
           "utter_family_mutual_aid_short", "utter_mutual_aid_inpatient", "utter_chc_info",
           "utter_channel_entry_missing", "utter_designated_meaning", "utter_pay_now_generic")
# actions.round23: round 22's re-grade leftovers and trial round 23's follow-ups for the topic in view
ROUND23 = ("utter_self_pay_first_ok", "utter_meanwhile_until_fixed", "utter_rest_other_way", "utter_rest_after_balance",
           "utter_region_switch_where", "utter_region_after_switch_still", "utter_pin_lock_count",
           "utter_wallet_use_place_elsewhere", "utter_hotline_busy", "utter_region_switch_free_pin",
           "utter_region_switch_back", "utter_status_not_theft", "utter_status_paid_not_synced",
           "utter_status_resume_time", "utter_student_own_code", "utter_code_shows_insured_place",
           "utter_code_elsewhere",
           "utter_hall_documents_relative", "utter_scan_tips", "utter_refresh_where", "utter_reinstall_keeps",
           "utter_old_phone_code", "utter_only_card_there", "utter_small_clinic_code", "utter_card_forgotten",
           "utter_check_records", "utter_complain_overcharge", "utter_limit_kinds", "utter_limit_come_back",
           "utter_pin_face_whose", "utter_family_pin_reset_remote", "utter_no_others_code",
           "utter_network_shop_wifi", "utter_institution_not_phone", "utter_small_clinic_ask_first",
           "utter_family_whose_money", "utter_records_private", "utter_id_card_instead", "utter_refund_to_account",
           "utter_code_photo_useless", "utter_causes_plain", "utter_institution_others_can", "utter_pharmacy_sees",
           "utter_refund_arrival")
# actions.round24: trial round 24's follow-ups for the topic in view
PLAIN_CAUSE = tuple(f"utter_plain_{cause}" for cause in (
    "not_activated", "status_abnormal", "insufficient_balance", "over_limit", "region_mismatch", "pin_locked",
    "info_mismatch", "network_timeout", "institution_system_error"))
ROUND24 = (*PLAIN_CAUSE, "utter_admission_register", "utter_scam_not_sent", "utter_child_no_face",
           "utter_status_retired_documents",
           "utter_payment_pending", "utter_online_care_pay", "utter_code_online_where", "utter_delivery_fee",
           "utter_delivery_rider", "utter_e_invoice_where", "utter_invoice_fields",
           "utter_invoice_account_zero", "utter_invoice_change", "utter_status_retired",
           "utter_status_retired_wait", "utter_family_not_kin", "utter_discharge_by_other",
           "utter_inpatient_deposit", "utter_discharge_direct", "utter_inpatient_elsewhere",
           "utter_contribution_gap", "utter_code_account_owner", "utter_own_code_own_account",
           "utter_others_code_keep", "utter_unbind_money_safe", "utter_pin_reset_no_face",
           "utter_face_check_other_ways", "utter_hall_accompany", "utter_hall_writing", "utter_text_support",
           "utter_status_new_enrollee", "utter_clone_app", "utter_clone_app_main", "utter_tablet_code",
           "utter_deceased_account", "utter_family_unbind", "utter_no_smartphone_meanwhile",
           "utter_feature_phone_channel", "utter_child_own_insurance", "utter_family_bind_how",
           "utter_child_no_phone", "utter_newborn_bind", "utter_newborn_meanwhile",
           "utter_receipt_not_invoice", "utter_claim_where", "utter_rare_character",
           "utter_rare_character_card", "utter_hall_free")
# actions.round25: trial round 25's follow-ups for the topic in view
ROUND25 = ("utter_foreign_insured", "utter_foreign_insured_where", "utter_no_daily_goods",
           "utter_daily_goods_checked", "utter_report_pharmacy", "utter_maternity_checkups",
           "utter_mutual_aid_how_long", "utter_scam_id_given", "utter_code_mainland_only", "utter_dental",
           "utter_employer_complaint", "utter_family_bind_several", "utter_chronic_disease",
           "utter_new_phone_restore", "utter_remote_help", "utter_clinic_bring_card", "utter_card_damaged",
           "utter_card_replace", "utter_card_money_safe", "utter_clinic_offline", "utter_two_jobs",
           "utter_all_self_paid", "utter_gaofang", "utter_disability_aid", "utter_mismatch_not_helper",
           "utter_turned_sixteen", "utter_dental_private", "utter_dental_cleaning", "utter_meds_cannot_wait",
           "utter_code_on_family_phone", "utter_two_regions_shown")
# actions.round26: trial round 26's follow-ups for the topic in view
ROUND26 = ("utter_code_dynamic", "utter_code_on_watch", "utter_scan_privacy", "utter_balance_seen", "utter_no_fee",
           "utter_code_data_use", "utter_code_needs_network", "utter_code_open_early", "utter_channels_how_many",
           "utter_bank_closed_code", "utter_pin_why_same", "utter_no_password_free", "utter_phone_old_gone",
           "utter_phone_change_where", "utter_phone_change_then_activate", "utter_name_change_sync",
           "utter_info_update_how_long", "utter_new_id_same_number",
           "utter_app_device_model", "utter_app_fix_wait", "utter_big_font_where", "utter_voice_input",
           "utter_staff_help_scan", "utter_pin_staff_never", "utter_scheme_change_activate",
           "utter_employee_personal_account", "utter_account_no_reset",
           "utter_wallet_no_expiry", "utter_account_no_cash", "utter_family_binders_per_month",
           "utter_network_other_ways", "utter_wallet_use_code_instead", "utter_wallet_transfer_amount",
           "utter_wallet_in_laws", "utter_limit_tomorrow",
           "utter_pin_changes_everywhere",
           "utter_family_binders_short", "utter_bot_sees_records")
# actions.round27.round27_priority: cues that come before every earlier round's
PRIORITY27 = ("utter_own_account_yes", "utter_scam_change_passwords",
              "utter_cracked_meanwhile", "utter_family_phone_shows_mine", "utter_family_bound_by_other_short",
              "utter_activation_office", "utter_sms_channel_same", "utter_rooted_short", "utter_rest_paid_self",
              "utter_sms_not_received", "utter_sms_not_received_office", "utter_family_bound_by_other",
              "utter_family_bound_uses_mine", "utter_scam_shared_screen_after", "utter_vpn", "utter_vpn_why",
              "utter_vpn_company", "utter_vpn_all_channels", "utter_rooted_phone", "utter_rooted_other_channels",
              "utter_card_sell_illegal", "utter_report_fraud_where", "utter_resident_contribution",
              "utter_resident_contribution_deadline", "utter_account_pays_family_contribution",
              "utter_family_pin_whose", "utter_family_incapacitated", "utter_balance_two_apps",
              "utter_pin_how_locked", "utter_family_code_same", "utter_family_payment_visible",
              "utter_region_retirement", "utter_years_count", "utter_medical_device", "utter_split_days",
              "utter_id_x_case", "utter_status_not_for_buying", "utter_claimed_old_account",
              "utter_pin_change_with_old", "utter_cracked_screen", "utter_registration_fee")
# actions.round27: round 26's re-grade leftovers and trial round 27's follow-ups
ROUND27 = ("utter_claimed_other_alipay", "utter_kiosk_hospital",
           "utter_card_code_meanwhile", "utter_family_far_away", "utter_glasses_account",
           "utter_no_signal_inside",
           "utter_screenshot_send_no", "utter_wallet_any_code", "utter_phone_change_channel",
           "utter_scam_screen_share", "utter_scam_monthly_fee", "utter_scam_call_back", "utter_scam_report_no_loss",
           "utter_claimed_other_account", "utter_claimed_other_account_short", "utter_claimed_other_channel",
           "utter_banned_account_safe", "utter_pin_set_when", "utter_face_mask_off", "utter_verify_try_numbers",
           "utter_verify_find_number", "utter_verify_none_number", "utter_card_lost", "utter_card_report_loss",
           "utter_face_on_open", "utter_card_no_face", "utter_pin_seen", "utter_pin_seen_safe", "utter_pin_old_void",
           "utter_glasses", "utter_glasses_hospital", "utter_glasses_designated", "utter_code_expired",
           "utter_phone_clock", "utter_code_expired_now", "utter_code_expired_still", "utter_channel_no_mobile_pay",
           "utter_channel_no_mobile_pay_how", "utter_which_hospitals_mobile_pay", "utter_self_paid_claim_later",
           "utter_stop_kid_phone", "utter_family_remove_member", "utter_mutual_aid_divorce", "utter_mutual_aid_stop",
           "utter_family_remove_notice", "utter_limit_not_all_self_paid", "utter_prescription_needed",
           "utter_app_amount_which", "utter_wallet_vs_account", "utter_wallet_pay_first", "utter_beian_pharmacy",
           "utter_card_lent", "utter_card_lent_penalty", "utter_mismatch_documents", "utter_mismatch_offline_only",
           "utter_power_saving", "utter_face_daily_cap", "utter_face_cap_today", "utter_face_cap_per_channel",
           "utter_kiosk_failed", "utter_kiosk_next_time")
# actions.round28: trial round 28's situations (asked before round 27's cues) and their follow-ups
ROUND28 = ("utter_kid_locked_pin", "utter_scam_fine", "utter_social_card_vs_code", "utter_social_card_then_code",
           "utter_work_injury", "utter_work_injury_employer", "utter_work_injury_paid_by_insurance",
           "utter_traffic_accident", "utter_pharmacy_join", "utter_blind_user", "utter_veteran_insurance",
           "utter_tax_medical_records", "utter_paid_for_other", "utter_name_dot", "utter_name_masked",
           "utter_duplicate_insurance", "utter_duplicate_which", "utter_child_ill_tonight", "utter_phone_cut_off",
           "utter_pooling_vs_account", "utter_hurry_at_till", "utter_waiting_period", "utter_vaccine_account",
           "utter_vaccine_family", "utter_insurance_certificate", "utter_recycled_number", "utter_dual_channel")
# actions.round30: trial round 30's situations and follow-ups (asked before round 29's)
ROUND30 = ("utter_travel_months", "utter_student_away", "utter_beian_kind", "utter_beian_cancel",
           "utter_student_insurance_valid", "utter_resident_pharmacy", "utter_scam_refund_wechat",
           "utter_scam_refund_real", "utter_scam_app_not_opened",
           "utter_village_collects", "utter_no_phone_skills", "utter_multiple_records",
           "utter_multiple_records_why", "utter_multiple_records_where", "utter_online_pickup_only",
           "utter_pickup_no_second_pay", "utter_pickup_by_relative", "utter_insurance_price_higher",
           "utter_complain_how", "utter_complain_no_refuse", "utter_minor_self_activate",
           "utter_minor_no_code_here", "utter_minor_face", "utter_beian_expired", "utter_beian_instant",
           "utter_inpatient_self_share", "utter_deductible", "utter_mutual_aid_for_parent",
           "utter_order_after_activation", "utter_lapse_paid_back", "utter_account_inflow",
           "utter_account_inflow_employer", "utter_two_records_why", "utter_two_records_which",
           "utter_family_code_for_them", "utter_pin_lock_wait", "utter_urgent_today_pin",
           "utter_reset_later_home", "utter_id_15_digit", "utter_mismatch_remote_fix", "utter_mismatch_hr_help",
           "utter_mismatch_why_me", "utter_remote_show_video", "utter_campus_network", "utter_resettle_deadline",
           "utter_keep_receipts", "utter_child_code_kiosk", "utter_child_code_switch",
           "utter_child_code_use_resident", "utter_long_prescription_ok",
           "utter_wechat_reset_where", "utter_refund_account_time", "utter_paid_not_shown",
           "utter_paid_leave_first", "utter_paid_come_back_bring", "utter_medicine_no_return",
           "utter_medicine_unopened", "utter_chronic_disease_apply", "utter_clinic_auth_ok",
           "utter_clinic_auth_revoke", "utter_clinic_vs_window", "utter_network_now_what",
           "utter_family_needs_own_activation", "utter_family_own_first_short", "utter_spouse_adds_child",
           "utter_selling_medicine", "utter_selling_medicine_law", "utter_leftover_medicine",
           "utter_family_binders_channels", "utter_family_sibling_bind", "utter_refund_insurance_part",
           "utter_account_details_where", "utter_refund_pooling_undone", "utter_night_pharmacy",
           "utter_night_resettle", "utter_scam_police_video",
           "utter_resettle_reliable", "utter_campus_network_still")
# actions.round34: trial round 34's situations and follow-ups (asked before round 33's)
ROUND34 = ("utter_about_assistant", "utter_why_sign_in", "utter_dispute_over_limit",
           "utter_limit_reset_time", "utter_region_record_unknown", "utter_region_record_who_check",
           "utter_switch_keeps_record", "utter_dispute_system_error", "utter_dispute_pin_lock",
           "utter_dispute_pause_restore", "utter_pause_bank_debit", "utter_wallet_receiver_needs",
           "utter_not_insured_here", "utter_pooling_at_pharmacy", "utter_self_paid_part_ok",
           "utter_other_device_login", "utter_other_device_pin", "utter_other_device_spouse",
           "utter_other_device_after", "utter_family_beijing_six", "utter_payment_sms_notice",
           "utter_bank_debit_not_insurance", "utter_resident_neighbor_balance", "utter_receipt_no_beian",
           "utter_emergency_beian", "utter_beian_after_discharge", "utter_single_limit_meaning",
           "utter_long_prescription", "utter_self_enrol_which", "utter_switch_no_papers",
           "utter_unconscious_patient", "utter_discharge_family_settles", "utter_never_send_code_or_pin",
           "utter_tell_colleagues", "utter_ambulance_fee", "utter_emergency_observation", "utter_beian_per_person",
           "utter_beian_home_still", "utter_dialysis_cross_province", "utter_find_networked_hospital",
           "utter_self_pay_for_underwriting", "utter_self_pay_record", "utter_records_no_delete",
           "utter_emigrate_account", "utter_emigrate_stop", "utter_health_card_vs_code")
# actions.round33: trial round 33's situations and follow-ups (asked before round 31's)
ROUND33 = ("utter_partial_reimbursement", "utter_drug_categories", "utter_ask_doctor_covered",
           "utter_wallet_receive", "utter_wallet_receive_pin", "utter_wallet_night",
           "utter_wallet_unreceived_returns", "utter_staff_personal_qr", "utter_staff_personal_qr_no",
           "utter_staff_personal_qr_paid", "utter_activation_sms_code",
           "utter_debt_not_insurance", "utter_wifi_sms_login", "utter_hotspot_ok", "utter_recorded_dead",
           "utter_recorded_dead_bring", "utter_recorded_dead_money", "utter_recorded_dead_identity",
           "utter_credit_care", "utter_credit_care_charge", "utter_credit_care_close",
           "utter_parking_fee_not_covered", "utter_carer_fee", "utter_hospital_meals", "utter_supplementary_claim",
           "utter_electronic_invoice", "utter_no_annual_review", "utter_self_pay_consent",
           "utter_self_pay_consent_decline", "utter_self_pay_personal_account", "utter_code_photographed",
           "utter_code_photo_pin", "utter_id_expired_activation", "utter_id_renew_meanwhile", "utter_temporary_id",
           "utter_newborn_insurance", "utter_newborn_no_hukou", "utter_newborn_backdated", "utter_shop_all_fail",
           "utter_shop_tell_customers", "utter_shop_resettle", "utter_shop_settlement_cycle",
           "utter_credit_sms_normal", "utter_credit_amount_varies", "utter_resident_pay_qr",
           "utter_resident_pay_check_mini", "utter_resident_paid_where", "utter_resident_late_payment",
           "utter_code_network_fine", "utter_code_other_phone", "utter_go_county_office",
           "utter_resident_by_residence_permit", "utter_residence_permit_expiry", "utter_activate_now_quick",
           "utter_activation_how_long", "utter_pin_locked_tomorrow", "utter_id_change_contributions_stay",
           "utter_bound_use_shekang", "utter_bind_both_parents", "utter_child_code_after_own",
           "utter_employer_unpaid_check", "utter_employer_says_paid",
           "utter_mismatch_not_temp_id", "utter_debt_credit_card_same", "utter_newborn_where",
           "utter_resident_where_simple", "utter_credit_sms_real", "utter_staff_qr_claim",
           "utter_face_swollen", "utter_activation_code_is_sms", "utter_scam_forwarded_group", "utter_region_reverts")
# actions.round31: trial rounds 31 and 32's situations and follow-ups (asked before round 30's)
ROUND31 = ("utter_status_fix_no_trip", "utter_office_proxy_general", "utter_code_never_give", "utter_retire_topup",
           "utter_retire_topup_where", "utter_topup_agent_scam",
           "utter_retiree_monthly_credit", "utter_sms_12393_only", "utter_deaf_show_clerk", "utter_deaf_sentence",
           "utter_deaf_contact", "utter_deaf_friend_types", "utter_sms_no_data", "utter_pregnancy_care",
           "utter_childbirth_inpatient", "utter_relative_come_for_care", "utter_scam_not_called_back",
           "utter_scam_code_still_fine", "utter_friend_code_no",
           "utter_maternity_allowance_flexible", "utter_other_code_no_mutual_yes", "utter_dental_implant",
           "utter_dental_account", "utter_cataract_lens", "utter_physio_receipt_drug", "utter_physio_report",
           "utter_supplement_bought", "utter_checkup_not_covered", "utter_recheck_covered",
           "utter_shopping_card_fraud", "utter_shopping_card_bought", "utter_same_pharmacy_again",
           "utter_member_price", "utter_report_insurance_fraud", "utter_shared_phone_number",
           "utter_shared_phone_number_both", "utter_shared_phone_second_sim", "utter_family_mutual_unbind",
           "utter_hometown_insurance_away", "utter_flexible_no_hukou", "utter_double_enrolment",
           "utter_flexible_account_low", "utter_app_insurance_pending", "utter_app_pending_double",
           "utter_pending_cancel_refund", "utter_booked_on_spouse_account", "utter_second_sim_data",
           "utter_second_sim_no_reactivate", "utter_work_phone_left", "utter_left_job_insurance",
           "utter_payment_revoke", "utter_mutual_aid_resident_contribution", "utter_mutual_aid_scope",
           "utter_free_stay_lure", "utter_free_stay_harm", "utter_card_handed_over", "utter_guakao_illegal",
           "utter_guakao_law", "utter_check_contributions", "utter_flexible_enrol", "utter_settlement_sheet",
           "utter_settlement_sheet_electronic", "utter_settlement_sheet_window", "utter_settlement_vs_list",
           "utter_medical_assistance", "utter_assistance_contribution", "utter_assistance_how_paid",
           "utter_assistance_claim_later", "utter_status_after_prison", "utter_prison_years_gap",
           "utter_prison_reenrol_where", "utter_cosmetic_not_covered", "utter_fake_diagnosis_fraud",
           "utter_cosmetic_self_pay_fine", "utter_refund_to_payer", "utter_refund_trace", "utter_going_abroad",
           "utter_keep_mainland_number", "utter_my_code_for_other_no", "utter_ltc_insurance", "utter_ltc_where",
           "utter_ltc_apply", "utter_ltc_account", "utter_resident_stop_paying", "utter_resident_dibao_threat",
           "utter_pay_link_safe", "utter_clinic_quota", "utter_clinic_quota_not_you")
# actions.round29: trial round 29's situations and follow-ups (asked before round 28's)
ROUND29 = ("utter_hospital_card_fee", "utter_province_level_confirm",
           "utter_account_money_stays", "utter_activation_then_use", "utter_acupuncture",
           "utter_acupuncture_pooling", "utter_after_pay_confirm", "utter_after_unemployment",
           "utter_age_not_stop", "utter_branch_not_integrated", "utter_cash_only_pay_rest",
           "utter_chc_after_bind", "utter_chc_change", "utter_chc_change_where", "utter_check_insurance_used",
           "utter_check_records", "utter_child_no_face", "utter_child_no_id_family", "utter_code_data_use",
           "utter_code_looks_like", "utter_code_open_no_charge", "utter_code_pocket_safe",
           "utter_diag_over_limit", "utter_face_camera_broken", "utter_face_other_phone", "utter_face_twins",
           "utter_face_twins_brother", "utter_family_add_now", "utter_family_binders_per_month",
           "utter_family_code_beian", "utter_family_code_mail", "utter_family_code_other_province",
           "utter_family_code_remote_show", "utter_family_order", "utter_family_payment_notice",
           "utter_family_phone_shows_mine", "utter_find_pharmacy", "utter_font_back", "utter_font_middle",
           "utter_font_too_big_code", "utter_harmonyos", "utter_harmonyos_app", "utter_health_code_not_code",
           "utter_hospital_card", "utter_hospital_card_both", "utter_huiminbao", "utter_huiminbao_claim",
           "utter_huiminbao_where", "utter_inpatient_after_discharge", "utter_inpatient_meds",
           "utter_inpatient_no_outpatient", "utter_limit_same_channels", "utter_limit_who_sets",
           "utter_loan_info_filled", "utter_loan_no_unbind", "utter_medical_loan", "utter_meds_cannot_wait",
           "utter_mismatch_employer_fix", "utter_mismatch_past_claims", "utter_mismatch_who_fixes",
           "utter_no_confirm_popup", "utter_no_office_needed", "utter_office_proxy", "utter_old_phone_wifi",
           "utter_order_pending_cancel", "utter_paid_with_wrong_member", "utter_paused_meanwhile",
           "utter_pay_later_online", "utter_pet_amount", "utter_pet_human_meds", "utter_pet_no",
           "utter_pharmacy_credit_no", "utter_pharmacy_later_resettle", "utter_phone_dead", "utter_phone_dead_id",
           "utter_pin_format", "utter_prescription_valid", "utter_province_level", "utter_province_level_beian",
           "utter_refund_resettle", "utter_region_past_payments", "utter_registered_self_pay",
           "utter_registered_self_pay_bring", "utter_registered_self_pay_refund",
           "utter_registered_self_pay_where", "utter_report_pharmacy", "utter_rescan_safe",
           "utter_second_wechat_no", "utter_self_paid_claim_later", "utter_shop_qr_not_insurance",
           "utter_shop_qr_paid", "utter_sick_leave_insurance", "utter_sick_leave_legal", "utter_son_phone_family",
           "utter_status_ask_hr_first", "utter_status_reasons_elder", "utter_tomorrow_no_code",
           "utter_trip_beian", "utter_trip_pharmacy", "utter_trip_which_region", "utter_unbind_money_safe",
           "utter_unemployment_insurance", "utter_wallet_close", "utter_wallet_close_code",
           "utter_wallet_close_money", "utter_wallet_open_for_elder", "utter_wallet_open_on_my_phone",
           "utter_wallet_recipient_not_open", "utter_wallet_transfer_not_taken", "utter_wallet_where_accepted",
           "utter_year_end_settlement", "utter_year_end_when")
# actions.round27.cause_walkthrough: an anonymous first message that names its cause
OWN_CAUSE = ("utter_activation_new_handset", "utter_activation_new_number", "utter_activation_bank_app",
             "utter_no_signal_inside")
# actions.recent.specific_answer: a question that names its topic outright (also inside narrower_answer).
SPECIFIC = ("utter_beian_needed", "utter_beian_where", "utter_code_elsewhere", "utter_card_at_counter",
            "utter_channel_entry_missing",
            "utter_reactivate_after_fix",
            "utter_pin_lock_duration", "utter_limit_inpatient", "utter_limit_who_sets", "utter_limit_raise_direct",
            "utter_offer_human", "utter_no_secret_needed", "utter_activation_time", "utter_pin_one_for_all",
            "utter_wallet_transfer_yes", "utter_pin_reset_offline", "utter_no_new_phone", "utter_big_font",
            "utter_card_where", "utter_scam_first_step", "utter_wallet_open_steps", "utter_wallet_family_use",
            "utter_pay_no_cash", "utter_wallet_transfer_yes_again", "utter_check_records", "utter_beian_documents",
            "utter_beian_time", "utter_beian_before",
            "utter_chc_after_bind", "utter_pin_after_reset", "utter_today_status_abnormal",
            "utter_system_failure_pay_now",
            "utter_timeout_next", "utter_status_resume_time", "utter_why_balance_low", "utter_why_limit_not_balance",
            # actions.recent.cause_followup: a short question about the cause the records named
            "utter_chc_where", "utter_timeout_not_charged", "utter_why_network_timeout", "utter_why_payment_limit",
            "utter_pay_excess", "utter_resume_insurance", "utter_jingban_documents_status", "utter_jingban_where",
            "utter_claim_self_paid",
            # actions.aspects.aspect_answer: one aspect of the topic in view
            "utter_activation_documents", "utter_activation_presence", "utter_activation_where",
            "utter_service_free", "utter_family_bind_count", "utter_family_bind_documents",
            "utter_family_bind_presence", "utter_family_bind_channels", "utter_family_binding_short",
            "utter_family_mutual_aid_short", "utter_mutual_aid_where", "utter_wallet_transfer_limits",
            "utter_wallet_transfer_unaccepted", "utter_beian_which_side", "utter_code_no_id", "utter_pin_at_payment",
            "utter_code_no_screenshot", "utter_verify_code_validity", "utter_verify_which_phone",
            "utter_term_fence", "utter_term_audit", "utter_term_real_person", "utter_ticket_callback",
            "utter_network_wait", "utter_jingban_hours", "utter_region_switch_time",
            "utter_pin_reset_documents", "utter_pin_reset_presence", "utter_pin_after_reset",
            "utter_pin_link_validity", "utter_pin_no_old", "utter_family_vs_mutual_aid", "utter_wallet_transfer_wrong",
            "utter_beian_presence", "utter_beian_where_short", "utter_jingban_presence", "utter_mismatch_not_yet",
            "utter_mismatch_short", "utter_wallet_transfer_fee", "utter_institution_later", "utter_causes_short",
            "utter_institution_not_you", "utter_network_no_double", "utter_network_fine_still", "utter_app_pay_today",
            "utter_scam_prevention", "utter_gap_reimburse", "utter_beian_ratio", "utter_chc_first_visit",
            "utter_relative_go_instead", "utter_limit_change_effect", "utter_beian_outpatient",
            "utter_lapse_job_change", "utter_chc_not_family_binding",
            "utter_limit_where",
            # trial round 16's leftovers: the materials once more in one line, a lock not of one's own
            "utter_jingban_documents_short", "utter_jingban_documents_status_short",
            "utter_activation_documents_short", "utter_beian_documents_short", "utter_pin_locked_not_me",
            "utter_chc_likely", "utter_wallet_transfer_again", "utter_wallet_transfer_arrival",
            "utter_claim_papers", "utter_mutual_aid_inpatient", "utter_mutual_aid_who", "utter_status_online",
            "utter_mismatch_online", "utter_not_activated_pay_now", "utter_chc_only_shenzhen",
            "utter_family_whose_money", "utter_wallet_resident", "utter_jingban_documents_region",
            "utter_double_charge_refund",
            # trial round 18's follow-ups
            "utter_status_new_employer", "utter_face_photo_old", "utter_wallet_resident_transfer",
            "utter_claim_by_relative", "utter_activation_foreign_id", "utter_chc_which", "utter_account_topup",
            # actions.recent.leftover_question: round 18's follow-ups still open after its re-grade
            "utter_lost_phone", "utter_lost_phone_new", "utter_buy_for_sick", "utter_beian_done_use",
            "utter_pay_again", "utter_family_pin_reset_remote", "utter_theft_first_step",
            # actions.recent.round19_question: round 19's follow-ups for the topic in view
            "utter_lapse_quit", "utter_region_transfer", "utter_region_transfer_where",
            "utter_region_switch_enough",
            # round 19's re-grade zeros: 居民医保's money, a status while the employer pays, the ID card
            # for the hall, a refused screenshot, a 共济's side
            "utter_resident_not_wasted", "utter_resident_outpatient", "utter_status_employer_paying",
            "utter_jingban_id_enough", "utter_screenshot_instead",
            "utter_mutual_aid_side",
            # actions.recent.round20_question and the aspects of trial round 20
            "utter_scam_partial_info", "utter_registration_refund", "utter_refund_arrival",
            "utter_refund_where_check", "utter_mutual_aid_remote", "utter_family_bind_monthly",
            "utter_family_bind_next_month", "utter_wallet_benefits", "utter_wallet_vs_code", "utter_money_missing",
            "utter_unknown_payment", "utter_pay_now_generic", "utter_mismatch_police_sync", "utter_photo_update_where",
            "utter_activation_other_channels", "utter_status_ask_hr_first", "utter_beian_family_help",
            # actions.round21: trial round 21's follow-ups for the topic in view
            "utter_counter_window_scan", "utter_wallet_accept_unblocks", "utter_wallet_transfer_not_kin",
            "utter_wallet_transfer_split", "utter_unbind_for_relative", "utter_activation_new_enrollee_wait",
            "utter_activation_meanwhile", "utter_activation_who_to_ask", "utter_activation_foreign_id_where",
            "utter_no_reactivation_after_fix", "utter_scam_info_known", "utter_pin_reset_face_here",
            "utter_system_failure_how_long", "utter_system_hospital_pharmacy", "utter_phone_change_not_carrier",
            "utter_code_after_phone_change", "utter_wallet_integration_varies", "utter_wallet_where_accepted",
            # actions.round22: round 20's last leftovers and trial round 22's follow-ups
            "utter_paid_or_not_general", *ROUND22, *ROUND23, *ROUND24, *ROUND25, *ROUND26, *ROUND27, *PRIORITY27,
            *ROUND28, *ROUND29, *ROUND30, *ROUND31, *ROUND33, *ROUND34,
            "utter_channels_none_left",
            "utter_scam_warning", "utter_jingban_presence")
# actions.charges.answer_double_charge: a double charge feared, from the person's payments.
# actions.charges.answer_payments: the person's newest payments, or the theft steps after them.
# actions.charges.answer_pay_again: a failed payment asked about, from the person's payments.
PAYMENTS = ("utter_recent_payments", "utter_recent_payments_none", "utter_theft_steps",
            "utter_pay_again_paid", "utter_pay_again_failed")
DOUBLE_CHARGE = ("utter_double_charge_found", "utter_double_charge_none", "utter_double_charge_no_payments",
                 "utter_double_charge_general")
# actions.recent.pushback_answer: 「你没回答我」 with nothing narrower to say.
PUSHBACK = ("utter_pushback_sorry",)
# actions.recent.generic_error_answer: not signed in, the screen named no cause.
GENERIC_ERROR = ("utter_generic_error_text",)
# actions.recent.family_followup: the part of family use asked after the long answer (in narrower_answer).
FAMILY_FOLLOW_UPS = ("utter_family_bind_presence", "utter_family_mutual_aid_how", "utter_family_mutual_aid_short",
                     "utter_family_mutual_aid_reverse", "utter_family_bind_elsewhere", "utter_family_bind_channels",
                     "utter_family_binding_short", "utter_mutual_aid_who")
# actions.recent.narrower_answer: the part a short follow-up asks about, or (repeats_last_answer)
# a short note and a human instead of the same answer again.
NARROWER = ("utter_jingban_documents", "utter_jingban_where", "utter_wallet_transfer_hours",
            "utter_claim_self_paid",
            "utter_beian_where", "utter_chc_info", "utter_channels_none_left",
            "utter_family_mutual_aid_how", "utter_account_transfer_which", "utter_face_check_fails",
            "utter_face_check_where", "utter_mutual_aid_face", "utter_face_other_phone",
            "utter_beian_for_residence", "utter_why_region_mismatch", "utter_region_switch_time",
            "utter_account_credit_time", "utter_app_next_step", "utter_pin_not_bank", "utter_pin_reset_offline",
            "utter_region_question_records", "utter_code_elsewhere", "utter_limit_who_sets", "utter_other_pharmacy_yes",
            "utter_new_smartphone_family", "utter_no_smartphone_relative", *SPECIFIC, *FAMILY_FOLLOW_UPS)
NOT_AGAIN = ("utter_no_narrower_answer", "utter_offer_human")

# actions.english.english_reply: Chinese only (once), then one English line for the topic asked about;
# thanks, a person asked for (then action_handoff), a payment that fails.
# actions.english.with_cause: the cause a Chinese diagnosis found (only the English action).
ENGLISH_CAUSES = ("utter_english_cause_network", "utter_english_cause_institution")
ENGLISH = ("utter_pinyin_reply",
           "utter_english_only", "utter_english_reminder", "utter_english_welcome", "utter_english_human",
           "utter_english_payment", "utter_code_not_working_simple", "utter_english_pin", "utter_english_scam",
           "utter_english_status",
           "utter_english_activation", "utter_english_balance", "utter_english_limits", "utter_english_region",
           "utter_english_app")

# actions.second_problem: a second problem in the message, and the offer after the first fix.
SECOND_PROBLEM = (
    "utter_also_later", "utter_also_pin_at_activation", "utter_also_offer", "utter_label_go_on",
    "utter_label_not_now", "utter_also_insufficient_balance", "utter_also_payment_limit",
    "utter_also_cannot_show_code", "utter_also_region_mismatch", "utter_also_info_mismatch",
    "utter_also_credential_abnormal", "utter_wallet_figures", "utter_wallet_resident", *PROBLEM_LABELS)
PENDING_OFFER = ("utter_pending_problem_offer", "utter_label_go_on", "utter_label_not_now", *PROBLEM_LABELS)
# actions.channel_choice.say_other_channels: how to pay without the channels ruled out.
OTHER_CHANNELS = ("utter_how_to_pay_others", "utter_channels_none_left", "utter_label_channel_app",
                  "utter_label_channel_alipay", "utter_label_channel_wechat")

# actions.handoff.tell_open_ticket: the human ticket already open in this conversation.
TICKET_OPEN = ("utter_ticket_open", "utter_ticket_open_anonymous")

UTTERED_BY: Dict[str, Tuple[str, ...]] = {
    # actions/diagnosis.py
    "action_diagnose": (
        "utter_diag_other_place",  # the story's place is not the records' (actions.diagnosis.place_kind)
        *DOUBLE_CHARGE, *SPLIT_PAYMENT, *LIMIT_FIGURES, *GENERIC_ERROR, "utter_family_pin_reset",
        "utter_pay_again_paid", "utter_pay_again_failed", "utter_paid_or_not_general",
        "utter_relative_activation", *OWN_CAUSE,
        "utter_activated_page_differs",
        "utter_relative_problem",
        "utter_family_none", "utter_family_members", "utter_label_family_needs_chc", "utter_chc_info",
        "utter_diag_attempt", "utter_pin_set_at_activation", "utter_diag_correct_guess",
        "utter_diag_correct_guess_balance",
        "utter_diag_resolved", "utter_diag_no_failure", "utter_diag_no_failure_resident", "utter_region_refresh_code",
        "utter_diag_status_abnormal", "utter_diag_no_personal_account",
        "utter_diag_insufficient_balance", "utter_diag_region_mismatch", "utter_diag_over_limit",
        "utter_diag_network_timeout", "utter_timeout_not_charged", "utter_diag_institution_system_error",
        "utter_diag_not_activated", "utter_diag_pin_locked", "utter_diag_info_mismatch",
        "utter_network_checklist", "utter_offer_human", "utter_offer_sign_in",
        "utter_sign_in_expired", "utter_backend_down", "utter_already_diagnosed",
        "utter_region_single_record", "utter_pin_not_locked", "utter_why_payment_limit",
        *NARROWER, *NOT_AGAIN, *GENERIC_FIXES, *SECOND_PROBLEM),
    "action_check_status": (
        "utter_sign_in_to_check", "utter_activation_done_anonymous", "utter_pin_reset_done", "utter_pin_reset_pending",
        "utter_status_exact", "utter_status_still_blocked", "utter_status_not_activated_next", "utter_status_all_good",
        "utter_status_all_good_paid",
        # about the last answer (「我已经点了」): action_security_info
        "utter_status_all_good_phone", "utter_status_all_good_still_failing", *BACKEND_FAILED, *SPECIFIC),
    "action_show_wallet": (
        "utter_sign_in_to_check", "utter_wallet_resident", "utter_wallet_figures", "utter_limit_today_most",
        *BACKEND_FAILED),
    # actions/context.py
    "action_follow_up": (
        "utter_resend_nothing",  # 「再发一遍」 before any answer (actions/repeats.py: resend)
        *SPLIT_PAYMENT, "utter_sign_in_meanwhile", "utter_sign_in_meanwhile_signed_in", "utter_cause_needs_records",
        *GENERIC_ERROR,
        "utter_offer_human_again", "utter_pay_excess", "utter_timeout_next",
        "utter_region_matches", "utter_region_differs", "utter_region_unknown", *BACKEND_FAILED,
        "utter_follow_up_human_offered", "utter_follow_up_howto", "utter_follow_up_no_context",
        "utter_offer_sign_in", "utter_offer_human", "utter_network_checklist",
        "utter_app_troubleshoot_after", "utter_scam_warning", "utter_scam_next_steps",
        "utter_app_next_step", "utter_follow_up_error_text", "utter_why_failed_general", "utter_region_check_steps",
        "utter_family_member_own_code", "utter_system_failure_pay_now", "utter_how_to_pay_app",
        "utter_how_to_pay_alipay", "utter_how_to_pay_wechat", *LIMIT_FIGURES, *ABOUT_LAST_ANSWER, *NARROWER, *PUSHBACK,
        *GENERIC_FIXES),
    # a short question about the last answer or cause; else out of scope (then action_diagnose)
    "action_out_of_scope": (*PAYMENTS, "utter_out_of_scope", "utter_error_code_unknown",
                            "utter_account_transfer", "utter_sign_in_to_check",
                            "utter_wallet_resident", "utter_wallet_figures", "utter_limit_today_most",
                            *BACKEND_FAILED, *NARROWER, *ABOUT_LAST_ANSWER,
                            *SPLIT_PAYMENT, *PUSHBACK, *LIMIT_FIGURES),
    "action_answer_yes": ("utter_anything_else", "utter_in_form_hint"),  # yes to a human offered: action_handoff
    "action_still_not_working": (  # then action_check_status
        "utter_still_not_working", "utter_still_not_working_anonymous", "utter_offer_human",
        "utter_meanwhile_self_pay", "utter_app_next_step",
        "utter_scan_still_counter"),  # actions.round23.scan_still: after the scanning tips
    "action_try_later": ("utter_try_later", "utter_try_later_ticket"),
    "action_deny": ("utter_ok", *NARROWER),  # a question read as a no: narrower_answer
    "action_app_troubleshoot": (*GENERIC_ERROR, "utter_app_troubleshoot", "utter_app_troubleshoot_after",
                                "utter_app_old_phone", "utter_offer_human", "utter_app_next_step"),
    # actions/faq.py
    # actions.round21.card_then_code: 「有实体社保卡了 还用得着这个码吗」
    # actions.round30: the warning, then a topic the rest of the message names
    "action_warn_sensitive": ("utter_never_send_pin", *ROUND28, *ROUND29, *ROUND30, *ROUND31, *ROUND33,
                              *ROUND34),
    "action_what_is_credential": ("utter_what_is_credential", "utter_wallet_vs_code", "utter_card_and_code_both",
                                  *NARROWER),
    "action_how_to_pay": ("utter_unbind_one_channel", "utter_error_code_unknown",
        "utter_how_to_pay_generic", "utter_how_to_pay_app", "utter_how_to_pay_wechat",
        "utter_how_to_pay_alipay", "utter_pay_for_family", *OTHER_CHANNELS, *NARROWER, *SPLIT_PAYMENT),
    # actions/channel_choice.py: the channel question of the activation and PIN-reset forms
    "action_ask_pay_channel": ("utter_ask_pay_channel", "utter_ask_pay_channel_others",
                               "utter_channels_none_left"),
    "action_answer_faq": (  # else the selector's utter_faq/*
        *PAYMENTS, "utter_new_smartphone_family", "utter_default", *SPECIFIC),
    "action_answer_english": (*ENGLISH, *ENGLISH_CAUSES),
    "action_medical_wallet": (  # a failure: action_diagnose
        "utter_medical_wallet", "utter_offer_sign_in", "utter_account_transfer", "utter_wallet_transfer_yes",
        "utter_wallet_use_place", "utter_wallet_use_place_city",  # actions.round23.wallet_use_place
        *NARROWER, *PUSHBACK),
    "action_family_info": (
        "utter_family_binding_rules", "utter_family_none", "utter_family_members",
        "utter_label_family_needs_chc", "utter_account_transfer", "utter_family_pin", *NARROWER,
        *NOT_AGAIN, *BACKEND_FAILED, "utter_relative_chc_direct", "utter_relative_problem",
        "utter_other_pays_not_code", "utter_family_pin_reset", "utter_mutual_aid_side"),
    "action_security_info": (*PAYMENTS,
        "utter_scam_warning", "utter_theft_steps", "utter_security_info", "utter_authorizations_none",
        "utter_authorizations_active", "utter_label_revoke", "utter_account_transfer",
        "utter_scam_called_out", "utter_scam_link", "utter_authorizations_advice",
        "utter_scam_next_steps", "utter_scam_money", "utter_scam_family_safe", "utter_security_worry",
        "utter_auth_manage_where", "utter_auth_manage_search", "utter_auth_manage_here",
        "utter_code_sms_pasted", "utter_default", "utter_default_offer_human", "utter_no_choice_pending",
        "utter_english_reminder", *PUSHBACK, *NOT_AGAIN, *ABOUT_LAST_ANSWER,
        *BACKEND_FAILED, *NARROWER),
    # the answers of actions.flows.DIGRESSIONS; personal ones via the actions above
    "action_answer_digression": (
        "utter_family_pin_reset", "utter_you_are_welcome_in_form",
        "utter_face_check_still", "utter_security_worry", "utter_code_sms_pasted",
        "utter_pin_after_face", "utter_activation_after_face", "utter_relative_activation",
        "utter_verify_in_progress", "utter_scam_warning", "utter_scam_called_out", "utter_scam_already",
        "utter_scam_link", "utter_default", "utter_in_form_hint",
        "utter_in_form_not_yet", "utter_in_form_hint_again", "utter_in_form_same_topic", "utter_label_form_next_other",
        "utter_in_form_pin_locked", "utter_in_form_pin_ok", "utter_in_form_problem_later",
        "utter_what_is_credential", "utter_medical_wallet", "utter_security_info",
        "utter_family_binding_rules", "utter_iamabot", "utter_out_of_scope", "utter_greet",
        "utter_you_are_welcome", "utter_never_send_pin", *ENGLISH,
        "utter_app_troubleshoot", "utter_label_form_other", "utter_generic_activate_credential",
        "utter_generic_region_mismatch", "utter_family_pin", "utter_app_old_phone", "utter_face_check_fails",
        *NARROWER, *PROBLEM_LABELS, *LIMIT_FIGURES, "utter_activation_other_ways"),
    # actions/forms.py and actions/region_switch.py
    "validate_activation_form": ("utter_ask_pay_channel", *SCAM_WARNINGS, *NOT_THE_PERSON, *SPECIFIC),
    "validate_pin_reset_form": ("utter_ask_pay_channel", *SCAM_WARNINGS, *NOT_THE_PERSON, *SPECIFIC),
    "validate_region_switch_form": ("utter_region_invalid", "utter_code_mainland_only", "utter_region_question_care",
                                    "utter_beian_pharmacy", "utter_region_record_what",
                                    "utter_region_question_records", "utter_region_question_money",
                                    "utter_why_region_mismatch", "utter_region_question_refund",
                                    "utter_region_past_payments", "utter_beian_kind", "utter_beian_expired",
                                    "utter_beian_cancel",
                                    *NOT_THE_PERSON),
    "validate_revoke_authorization_form": NOT_THE_PERSON,
    "action_activation_steps": (
        "utter_activation_status_active", "utter_activation_status_not_active",
        "utter_activation_steps_app", "utter_activation_steps_wechat",
        "utter_activation_steps_alipay", "utter_activation_troubles", *BACKEND_FAILED, *PENDING_OFFER),
    "action_start_pin_reset": (
        "utter_sign_in_expired", "utter_pin_ticket", "utter_pin_path_app", "utter_pin_path_wechat",
        "utter_pin_path_alipay", "utter_pin_paths_all", "utter_pin_paths_left", "utter_pin_paths_none",
        "utter_pin_rules", "utter_pin_sign_in_needed",
        "utter_label_pin_reset", *WRITE_FAILED, *NOT_THE_PERSON, *PENDING_OFFER),
    "action_switch_region": (
        "utter_sign_in_to_check", "utter_generic_region_mismatch", "utter_region_not_in_records",
        "utter_region_switch_cancelled", "utter_region_already_shown", "utter_region_switched",
        "utter_label_region_switch", *BACKEND_FAILED, *WRITE_FAILED, *NOT_THE_PERSON, *PENDING_OFFER),
    "action_ask_region_code": (
        "utter_region_which_city", "utter_region_which_record", "utter_label_region_shown",
        "utter_label_region_real"),
    "action_ask_region_confirm": ("utter_region_switch_confirm", "utter_label_current_record"),
    "action_ask_auth_channel": ("utter_revoke_which_channel", "utter_label_revoke"),
    "action_revoke_authorization": (
        "utter_sign_in_to_check", "utter_revoke_cancelled", "utter_revoke_not_found",
        "utter_revoked", "utter_label_revoke", *BACKEND_FAILED, *WRITE_FAILED, *NOT_THE_PERSON),
    # actions/handoff.py
    "action_handoff": (
        "utter_handoff_no_ticket", "utter_handoff_ticket", "utter_handoff_ticket_anonymous",
        "utter_counter_window_scan",  # actions.round21.counter_window: 「人工窗口那边能刷吗」 is the till
        "utter_handoff_phone_number",  # 「人工客服电话多少」: the hotline
        *TICKET_OPEN),
    "action_ticket_status": ("utter_ticket_none", *TICKET_OPEN),
    "action_fallback": (*PAYMENTS, "utter_error_code_unknown",
                        "utter_default", "utter_default_offer_human", "utter_english_reminder",
                        "utter_no_choice_pending", *NARROWER, *PUSHBACK),
    # actions/verification.py
    "validate_phone_verification_form": (
        "utter_verify_phone_invalid", "utter_verify_code_invalid", "utter_verify_phone_again",
        "utter_verify_code_wrong", "utter_verify_code_expired", "utter_verify_locked",
        "utter_verify_resend_wait", "utter_verify_too_many_codes", "utter_verify_code_sent",
        "utter_verify_demo_inbox", "utter_backend_down"),
    "action_finish_phone_verification": (
        "utter_verified", "utter_verified_problem", "utter_label_check_it_now",
        "utter_already_signed_in", "utter_offer_sign_in", "utter_sign_in_old_number",
        "utter_sign_in_old_number_signed_in", *PROBLEM_LABELS),
    # forms: the question for a required slot that has no action_ask_<slot>
    "pin_reset_form": ("utter_ask_pin_reset_confirm",),
    "revoke_authorization_form": ("utter_ask_revoke_confirm",),
    "phone_verification_form": ("utter_ask_verify_phone", "utter_ask_verify_code"),
    # bot/action_server.py: an answer already given this session, pointed to (actions/repeats.py)
    "any custom action": ("utter_said_before", "utter_said_before_next", "utter_said_before_again",
                          "utter_said_before_resend"),
    # Rasa itself: the default action after /restart, and RulePolicy's core fallback (config.yml)
    "action_restart": ("utter_restart",),
    "RulePolicy": ("utter_core_fallback",),
}
