"""Each demo persona's seeded facts, as the action server would read them."""
from bot.wallet.security import verify_pin
from bot.wallet.seed import DEMO_PIN, PERSONA_IDS

# persona -> (credential status, insurance type, balance, shown region, real region, last failure)
EXPECTED = {
    "zhang_ok": ("active", "employee", "856.40", "110000", "110000", None),
    "li_unactivated": ("not_activated", "resident", None, "420100", "420100", "not_activated"),
    "wang_frozen": ("suspended", "employee", "2310.75", "310000", "310000", "status_abnormal"),
    "zhao_balance": ("active", "employee", "3.50", "110000", "110000", "insufficient_balance"),
    "chen_region": ("active", "employee", "1532.20", "430100", "440300", "region_mismatch"),
    "liu_limit": ("active", "employee", "6820.00", "330100", "330100", "over_limit"),
    "sun_pin_locked": ("active", "employee", "742.10", "510100", "510100", "pin_locked"),
    "zhou_mismatch": ("active", "resident", None, "320100", "320100", "info_mismatch"),
    "wu_family": ("active", "employee", "3265.90", "440300", "440300", None),
    "qian_network": ("active", "employee", "1288.00", "440100", "440100", "network_timeout"),
    "zheng_system": ("active", "employee", "940.60", "440600", "440600", "institution_system_error"),
}


def test_every_persona_is_covered():
    assert set(EXPECTED) == set(PERSONA_IDS)


def check_persona(api, persona):
    status, insurance, balance, shown, real, failure = EXPECTED[persona]
    headers = api.user(persona)
    get = lambda path: api.client.get(f"/api/v1/me/{path}", headers=headers)  # noqa: E731

    profile = get("profile").json()
    assert profile["id"] == persona
    assert profile["credential"]["status"] == status
    assert profile["insurance_type"] == insurance
    assert profile["insurance_type_label"] == {"employee": "职工医保", "resident": "居民医保"}[insurance]
    assert profile["shown_region"]["code"] == shown
    assert profile["real_region"]["code"] == real
    assert "*" in profile["id_number_masked"] and len(profile["id_number_masked"]) == 18
    assert profile["phone_masked"][3:7] == "****"

    wallet = get("wallet").json()
    assert wallet["balance"] == balance
    assert wallet["has_personal_account"] is (balance is not None)

    attempt = get("payment-attempts/last-failed").json()["attempt"]
    if failure is None:
        assert attempt is None
        assert all(a["result"] == "success" for a in get("payment-attempts").json()["attempts"])
    else:
        assert attempt["error_category"] == failure
        assert attempt["error_code"]
        assert attempt["institution"] and len(attempt["institution_region_code"]) == 6

    # the diagnosis reads the same three answers in one request
    assert get("overview").json() == {"profile": profile, "wallet": wallet, "last_failed_attempt": attempt}

    regions = get("regions").json()["regions"]
    assert sum(r["shown"] for r in regions) == 1
    assert sum(r["is_real"] for r in regions) == 1

    active_channels = {a["channel"] for a in get("authorizations").json()["authorizations"] if a["active"]}
    assert {"alipay", "wechat"} <= active_channels

    wechat = api.client.post("/api/v1/wechat/session", json={"openid": f"wx_{persona}"}, headers=api.key)
    assert wechat.status_code == 200 and wechat.json()["person_id"] == persona


def test_persona_seeded_facts(api):
    # One app for all personas keeps the run fast; the message names the persona that failed.
    for persona in sorted(EXPECTED):
        try:
            check_persona(api, persona)
        except AssertionError as exc:
            raise AssertionError(f"persona {persona}: {exc}") from exc


def test_persona_specifics(api, app):
    def me(persona, path):
        response = api.client.get(f"/api/v1/me/{path}", headers=api.user(persona))
        assert response.status_code == 200, response.text
        return response.json()

    assert me("zhang_ok", "wallet")["single_limit"] == "2000.00"
    assert me("zhang_ok", "wallet")["daily_limit"] == "5000.00"

    assert me("zhao_balance", "payment-attempts/last-failed")["attempt"]["amount"] == "128.00"

    assert me("liu_limit", "wallet")["single_limit"] == "500.00"
    assert me("liu_limit", "payment-attempts/last-failed")["attempt"]["amount"] == "1200.00"

    sun = me("sun_pin_locked", "profile")["pin"]
    assert sun == {"locked": True, "failed_tries": 5, "max_tries": 5}
    assert me("zhang_ok", "profile")["pin"]["locked"] is False

    assert me("zhou_mismatch", "profile")["credential"]["police_record_name_matches"] is False
    assert me("zhang_ok", "profile")["credential"]["police_record_name_matches"] is True

    assert me("li_unactivated", "profile")["credential"]["activated_channels"] == []

    chen = me("chen_region", "regions")["regions"]
    assert {(r["region_code"], r["region_name"], r["is_real"], r["shown"]) for r in chen} == {
        ("430100", "长沙市", False, True),
        ("440300", "深圳市", True, False),
    }

    family = me("wu_family", "family-bindings")["family_bindings"]
    assert len(family) == 2
    child = next(m for m in family if m["is_child"])
    assert (child["member_region_code"], child["tier"], child["needs_chc"], child["chc_bound"]) == (
        "440300", "二档", True, False,
    )
    assert "*" in child["member_name_masked"]
    assert me("zhang_ok", "family-bindings")["family_bindings"] == []

    assert "大参林" in me("zheng_system", "payment-attempts/last-failed")["attempt"]["institution"]
    qian = me("qian_network", "profile")
    assert qian["credential"]["status"] == "active" and qian["pin"]["locked"] is False

    # The demo PIN is stored only as a slow hash.
    from bot.wallet.models import PinCredential

    with app.state.sessions.read() as session:
        stored = session.get(PinCredential, "zhang_ok").pin_hash
    assert DEMO_PIN not in stored and stored.startswith("pbkdf2_sha256$")
    assert verify_pin(DEMO_PIN, stored) and not verify_pin("000000", stored)


def test_attempt_list_is_newest_first_and_limited(api):
    headers = api.user("zhang_ok")
    attempts = api.client.get("/api/v1/me/payment-attempts", headers=headers).json()["attempts"]
    times = [a["occurred_at"] for a in attempts]
    assert len(attempts) == 3 and times == sorted(times, reverse=True)
    assert attempts[0]["institution"] == "北京同仁堂王府井店" and attempts[0]["amount"] == "120.00"
    one = api.client.get("/api/v1/me/payment-attempts?limit=1", headers=headers).json()["attempts"]
    assert [a["id"] for a in one] == [attempts[0]["id"]]


def test_demo_personas_list_and_operator_view(api):
    personas = api.client.get("/api/v1/demo/personas").json()["personas"]
    assert [p["id"] for p in personas] == list(PERSONA_IDS)
    assert all(p["name"] and p["situation"] for p in personas)

    operator = api.client.get("/api/v1/persons/chen_region", headers=api.key)
    assert operator.status_code == 200
    assert operator.json()["real_region"] == {"code": "440300", "name": "深圳市"}


def test_seeding_is_idempotent(make_app, api):
    make_app()  # a second start on the same database must not duplicate anything
    headers = api.user("wu_family")
    assert len(api.client.get("/api/v1/me/family-bindings", headers=headers).json()["family_bindings"]) == 2
    assert len(api.client.get("/api/v1/me/payment-attempts", headers=headers).json()["attempts"]) == 1


def test_the_overview_reads_the_person_once(api, app):
    """The sign-in check keeps the person for the request: the services the overview calls find
    it in the session instead of reading it again (it was read four times, docs/benchmarks.md)."""
    from sqlalchemy import event

    headers = api.user("chen_region")
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()))

    engine = app.state.sessions.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = api.client.get("/api/v1/me/overview", headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, response.text
    person_reads = [s for s in statements if s.startswith("SELECT") and "FROM persons" in s]
    assert len(person_reads) == 1, statements
