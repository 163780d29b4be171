"""Phone + one-time code sign-in: expiry, 5 tries then a lock, resend cool-down, no enumeration."""
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from bot.wallet.models import PhoneVerification, SmsOutbox

CODES = "/api/v1/phone-verifications"
ZHANG_PHONE = "13812345678"  # persona zhang_ok
UNBOUND_PHONE = "13700000000"


def request_code(api, phone, conversation_id="conv-otp"):
    return api.client.post(CODES, json={"phone": phone, "channel": "rest", "conversation_id": conversation_id},
                           headers=api.key)


def verify(api, phone, code, conversation_id="conv-otp"):
    return api.client.post(f"{CODES}/verify", json={
        "phone": phone, "code": code, "channel": "rest", "conversation_id": conversation_id}, headers=api.key)


def sms_code(api, phone):
    messages = api.client.get("/api/v1/demo/sms", params={"phone": phone}).json()["messages"]
    assert messages, "no SMS on the demo phone"
    return re.search(r"验证码是(\d{6})", messages[0]["text"]).group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_right_code_gives_a_token_for_that_person_once(api):
    sent = request_code(api, ZHANG_PHONE)
    assert sent.status_code == 202, sent.text
    assert sent.json() == {"status": "sent_if_bound", "phone_masked": "138****5678", "expires_in": 300,
                           "resend_after": 60}
    code = sms_code(api, ZHANG_PHONE)
    ok = verify(api, ZHANG_PHONE, code)
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["person_id"] == "zhang_ok"
    profile = api.client.get("/api/v1/me/profile", headers={**api.key, "X-User-Token": body["token"]})
    assert profile.status_code == 200 and profile.json()["id"] == "zhang_ok"
    # Single use: the same code again is refused.
    again = verify(api, ZHANG_PHONE, code)
    assert again.status_code == 410 and again.json()["detail"] == "no_active_code"
    actions = [e["action"] for e in api.audit("zhang_ok")]
    assert "phone_sign_in.code_sent" in actions and "phone_sign_in.verified" in actions
    entry = next(e for e in api.audit("zhang_ok") if e["action"] == "phone_sign_in.verified")
    assert entry["channel"] == "rest" and entry["conversation_id"] == "conv-otp"
    assert entry["after"] == {"phone": "138****5678"}


def test_unbound_number_gets_the_same_answer_and_no_sms(api):
    bound, unbound = request_code(api, ZHANG_PHONE), request_code(api, UNBOUND_PHONE)
    assert unbound.status_code == bound.status_code == 202
    assert unbound.json().keys() == bound.json().keys()
    assert api.client.get("/api/v1/demo/sms", params={"phone": UNBOUND_PHONE}).json() == {"messages": []}
    # Any code fails the same way as a wrong code for a bound number.
    assert verify(api, UNBOUND_PHONE, "123456").json() == {"detail": "wrong_code", "tries_left": 4}


def test_code_expires_after_five_minutes(api, clock):
    request_code(api, ZHANG_PHONE)
    code = sms_code(api, ZHANG_PHONE)
    clock.advance(minutes=5)
    late = verify(api, ZHANG_PHONE, code)
    assert late.status_code == 410 and late.json()["detail"] == "code_expired"


def test_five_wrong_tries_lock_the_number_then_it_recovers(api, clock):
    request_code(api, ZHANG_PHONE)
    code = sms_code(api, ZHANG_PHONE)
    for left in (4, 3, 2, 1):
        response = verify(api, ZHANG_PHONE, wrong(code))
        assert response.status_code == 400 and response.json() == {"detail": "wrong_code", "tries_left": left}
    locked = verify(api, ZHANG_PHONE, wrong(code))
    assert locked.status_code == 429 and locked.json() == {"detail": "too_many_attempts", "retry_after": 900}
    assert locked.headers["Retry-After"] == "900"
    # Locked: even the right code and a new code are refused until the cool-down ends.
    assert verify(api, ZHANG_PHONE, code).status_code == 429
    clock.advance(minutes=14)
    refused = request_code(api, ZHANG_PHONE)
    assert refused.status_code == 429 and refused.json()["detail"] == "too_many_attempts"
    assert 1 <= refused.json()["retry_after"] <= 60
    clock.advance(minutes=1)
    assert request_code(api, ZHANG_PHONE).status_code == 202
    assert verify(api, ZHANG_PHONE, sms_code(api, ZHANG_PHONE)).status_code == 200
    assert "phone_sign_in.locked" in [e["action"] for e in api.audit("zhang_ok")]


def test_resend_cool_down_and_only_the_newest_code_counts(api, clock):
    request_code(api, ZHANG_PHONE)
    first = sms_code(api, ZHANG_PHONE)
    too_soon = request_code(api, ZHANG_PHONE)
    assert too_soon.status_code == 429 and too_soon.json()["detail"] == "resend_too_soon"
    assert too_soon.json()["retry_after"] == 60
    clock.advance(seconds=61)
    assert request_code(api, ZHANG_PHONE).status_code == 202
    second = sms_code(api, ZHANG_PHONE)
    if first != second:
        assert verify(api, ZHANG_PHONE, first).json()["detail"] == "wrong_code"
    assert verify(api, ZHANG_PHONE, second).status_code == 200


def test_parallel_wrong_codes_cannot_exceed_the_limit(api, app):
    request_code(api, ZHANG_PHONE)
    code = sms_code(api, ZHANG_PHONE)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: verify(api, ZHANG_PHONE, wrong(code)).status_code, range(12)))
    assert statuses.count(400) == 4 and statuses.count(429) == 8
    with app.state.sessions.read() as session:
        row = session.execute(select(PhoneVerification)).scalar_one()
        assert row.failed_tries == 5 and row.status == "exhausted"


def test_bad_requests_are_4xx_and_need_the_service_key(api):
    assert api.client.post(CODES, json={"phone": ZHANG_PHONE, "channel": "rest"}).status_code == 401
    for body in ({"phone": "12345", "channel": "rest"}, {"phone": 13812345678, "channel": "rest"},
                 {"channel": "rest"}, {"phone": ZHANG_PHONE, "channel": "bad channel!"}):
        assert api.client.post(CODES, json=body, headers=api.key).status_code == 422
    for code in ("12345", "abcdef", "1234567", 123456):
        response = api.client.post(f"{CODES}/verify", headers=api.key,
                                   json={"phone": ZHANG_PHONE, "code": code, "channel": "rest"})
        assert response.status_code == 422
    assert api.client.get("/api/v1/demo/sms", params={"phone": "x"}).status_code == 422


def test_demo_inbox_is_gone_when_demo_mode_is_off(make_app):
    from fastapi.testclient import TestClient

    client = TestClient(make_app(demo_mode=False))
    assert client.get("/api/v1/demo/sms", params={"phone": ZHANG_PHONE}).status_code == 404


def test_at_most_five_codes_an_hour_per_number(api, clock):
    for _ in range(5):
        assert request_code(api, ZHANG_PHONE).status_code == 202
        clock.advance(seconds=61)
    capped = request_code(api, ZHANG_PHONE)
    assert capped.status_code == 429 and capped.json()["detail"] == "too_many_codes"
    # The oldest of the five was sent 5 × 61 s ago: it leaves the hour window after that.
    assert capped.json()["retry_after"] == 3600 - 5 * 61
    clock.advance(seconds=3600 - 5 * 61)
    assert request_code(api, ZHANG_PHONE).status_code == 202


def test_a_new_code_does_not_buy_more_tries(api, clock):
    request_code(api, ZHANG_PHONE)
    first = sms_code(api, ZHANG_PHONE)
    for left in (4, 3, 2):
        assert verify(api, ZHANG_PHONE, wrong(first)).json()["tries_left"] == left
    clock.advance(seconds=61)
    assert request_code(api, ZHANG_PHONE).status_code == 202
    code = sms_code(api, ZHANG_PHONE)
    assert verify(api, ZHANG_PHONE, wrong(code)).json() == {"detail": "wrong_code", "tries_left": 1}
    clock.advance(minutes=5)  # an expired code does not reset the count either
    assert request_code(api, ZHANG_PHONE).status_code == 202
    locked = verify(api, ZHANG_PHONE, wrong(sms_code(api, ZHANG_PHONE)))
    assert locked.status_code == 429 and locked.json()["detail"] == "too_many_attempts"


def test_a_number_shared_by_two_persons_gets_no_code(api, app):
    from bot.wallet.models import Person

    with app.state.sessions.write() as session:
        session.get(Person, "li_unactivated").phone = ZHANG_PHONE
        session.commit()
    assert request_code(api, ZHANG_PHONE).status_code == 202  # the same answer as always
    assert api.client.get("/api/v1/demo/sms", params={"phone": ZHANG_PHONE}).json() == {"messages": []}
    assert verify(api, ZHANG_PHONE, "123456").json()["detail"] == "wrong_code"


def test_no_code_is_stored_readable_when_demo_mode_is_off(make_app):
    from fastapi.testclient import TestClient

    app = make_app(demo_mode=False)
    client = TestClient(app)
    sent = client.post(CODES, json={"phone": ZHANG_PHONE, "channel": "rest"},
                       headers={"X-Service-Key": "test-service-key"})
    assert sent.status_code == 202
    with app.state.sessions.read() as session:
        assert session.execute(select(SmsOutbox)).first() is None
        row = session.execute(select(PhoneVerification)).scalar_one()
        assert re.fullmatch(r"[0-9a-f]{64}", row.code_hash)  # an HMAC, not the code


def test_parallel_code_requests_send_one_code(api, app):
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _: request_code(api, ZHANG_PHONE).status_code, range(6)))
    assert sorted(statuses) == [202] + [429] * 5
    with app.state.sessions.read() as session:
        assert len(session.execute(select(PhoneVerification)).scalars().all()) == 1


def test_answer_time_does_not_tell_a_bound_number_from_an_unbound_one(api, clock):
    """Both kinds wait for the same floor; before it, a bound number answered ~3 ms slower."""
    floor = api.client.app.state.settings.phone_code_min_response_seconds
    timings = {"bound": [], "unbound": []}
    for round_no in range(4):  # at most 5 codes an hour per number
        for kind, phone in (("bound", ZHANG_PHONE), ("unbound", UNBOUND_PHONE)):
            started = time.perf_counter()
            assert request_code(api, phone, f"conv-timing-{round_no}").status_code == 202
            timings[kind].append(time.perf_counter() - started)
        clock.advance(seconds=61)  # past the resend cool-down
    for kind, values in timings.items():
        assert statistics.median(values) >= floor, (kind, values)
