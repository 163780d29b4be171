"""Writes happen once per Idempotency-Key and never after the caller's deadline."""
from __future__ import annotations

from datetime import timedelta

REGION_SWITCH = "/api/v1/me/regions/shown"


def _deadline(clock, seconds_from_now: float) -> str:
    return str((clock.now + timedelta(seconds=seconds_from_now)).timestamp())


def test_a_repeated_key_returns_the_first_outcome_without_a_second_change(api, clock):
    headers = {**api.user("chen_region"), "Idempotency-Key": "conv-1:msg-42:region"}
    body = {"region_code": "440300", "channel": "rest", "conversation_id": "conv-1"}
    first = api.client.put(REGION_SWITCH, json=body, headers=headers)
    assert first.status_code == 200
    # Meanwhile the person switches back by another way; the retry must not switch again.
    back = api.client.put(REGION_SWITCH, json={**body, "region_code": "430100"},
                          headers=api.user("chen_region"))
    assert back.status_code == 200
    clock.advance(seconds=30)
    retry = api.client.put(REGION_SWITCH, json=body, headers=headers)
    assert retry.status_code == 200 and retry.json() == first.json()
    assert retry.headers.get("Idempotent-Replayed") == "true"
    shown = [r["region_code"] for r in api.client.get("/api/v1/me/regions", headers=headers).json()["regions"]
             if r["shown"]]
    assert shown == ["430100"]
    switches = [e for e in api.audit("chen_region") if e["action"] == "region.switch_shown"]
    assert len(switches) == 2  # the first switch and the switch back, not the retry


def test_a_key_reused_for_another_body_or_person_is_refused(api):
    key = {"Idempotency-Key": "conv-2:msg-1:revoke"}
    url = "/api/v1/me/authorizations/alipay/revoke"
    body = {"channel": "rest", "conversation_id": "conv-2"}
    assert api.client.post(url, json=body, headers={**api.user("zhang_ok"), **key}).status_code == 200
    other_person = api.client.post(url, json=body, headers={**api.user("chen_region"), **key})
    assert other_person.status_code == 422 and other_person.json()["detail"] == "idempotency_key_reused"
    other_body = api.client.post(url, json={**body, "conversation_id": "conv-3"},
                                 headers={**api.user("zhang_ok"), **key})
    assert other_body.status_code == 422


def test_a_write_arriving_after_its_deadline_is_not_applied(api, clock):
    headers = {**api.user("zhang_ok"), "Idempotency-Key": "conv-4:msg-7:revoke",
               "X-Request-Deadline": _deadline(clock, 3)}
    clock.advance(seconds=10)  # the request sat in a paused backend's queue
    late = api.client.post("/api/v1/me/authorizations/wechat/revoke",
                           json={"channel": "rest", "conversation_id": "conv-4"}, headers=headers)
    assert late.status_code == 409 and late.json()["detail"] == "deadline_passed"
    listed = {a["channel"]: a["active"] for a in
              api.client.get("/api/v1/me/authorizations", headers=headers).json()["authorizations"]}
    assert listed["wechat"] is True
    assert not [e for e in api.audit("zhang_ok") if e["action"] == "authorization.revoked"]


def test_a_write_within_its_deadline_is_applied_once_even_when_sent_twice(api, clock):
    headers = {**api.user("sun_pin_locked"), "Idempotency-Key": "conv-5:msg-2:pin",
               "X-Request-Deadline": _deadline(clock, 3)}
    body = {"channel": "wechat", "conversation_id": "conv-5"}
    first = api.client.post("/api/v1/me/pin-reset-tickets", json=body, headers=headers)
    assert first.status_code == 200
    clock.advance(seconds=60)  # a late duplicate still gets the first outcome, not 409
    again = api.client.post("/api/v1/me/pin-reset-tickets", json=body, headers=headers)
    assert again.status_code == 200 and again.json()["ticket_id"] == first.json()["ticket_id"]


def test_malformed_keys_and_deadlines_get_422(api):
    headers = api.user("zhang_ok")
    url = "/api/v1/me/authorizations/alipay/revoke"
    body = {"channel": "rest", "conversation_id": "c"}
    for extra in ({"Idempotency-Key": "short"}, {"Idempotency-Key": "a b c d e f g h"}, {"Idempotency-Key": "x" * 300},
                  {"X-Request-Deadline": "soon"}, {"X-Request-Deadline": "-5"}):
        assert api.client.post(url, json=body, headers={**headers, **extra}).status_code == 422, extra


def test_a_retried_hand_off_gets_its_first_ticket(api):
    headers = {**api.user("zhao_balance"), "Idempotency-Key": "handoff:conv-6-msg-3"}
    body = {"summary": "用户：付款失败了；转人工", "channel": "rest", "conversation_id": "conv-6"}
    first = api.client.post("/api/v1/support-tickets", json=body, headers=headers)
    again = api.client.post("/api/v1/support-tickets", json=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json()["ticket_no"] == first.json()["ticket_no"]
    other = api.client.post("/api/v1/support-tickets", json=body, headers=api.user("zhao_balance"))
    assert other.json()["ticket_no"] != first.json()["ticket_no"]  # no key: a new request


def test_a_pin_reset_link_is_not_kept_in_the_stored_outcome(api, app):
    from sqlalchemy import select

    from bot.wallet.models import IdempotencyRecord

    headers = {**api.user("sun_pin_locked"), "Idempotency-Key": "conv-7:msg-1:pin"}
    body = {"channel": "rest", "conversation_id": "conv-7"}
    first = api.client.post("/api/v1/me/pin-reset-tickets", json=body, headers=headers)
    secret = first.json()["reset_url"].rsplit("/", 1)[1]
    with app.state.sessions.read() as session:
        stored = [r.response for r in session.execute(select(IdempotencyRecord)).scalars()]
    assert stored and secret not in str(stored)
    again = api.client.post("/api/v1/me/pin-reset-tickets", json=body, headers=headers)
    assert again.json()["reset_url"] == first.json()["reset_url"]  # the replay still works
