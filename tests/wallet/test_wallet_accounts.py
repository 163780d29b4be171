"""Authorizations, support tickets, daily limits, demo activation and reset."""
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx


def test_revoke_authorization(api):
    headers = api.user("zhang_ok")
    url = "/api/v1/me/authorizations/alipay/revoke"
    body = {"channel": "socketio", "conversation_id": "conv-9"}
    first = api.client.post(url, json=body, headers=headers)
    assert first.status_code == 200
    assert first.json()["channel"] == "alipay" and first.json()["active"] is False and first.json()["revoked_at"]
    # Idempotent; `request_channel` is accepted as a synonym of `channel`.
    again = api.client.post(url, json={"request_channel": "rest"}, headers=headers)
    assert again.status_code == 200 and again.json() == first.json()

    listed = {a["channel"]: a["active"] for a in
              api.client.get("/api/v1/me/authorizations", headers=headers).json()["authorizations"]}
    assert listed == {"app": True, "alipay": False, "wechat": True}

    entries = [e for e in api.audit("zhang_ok") if e["action"] == "authorization.revoked"]
    assert len(entries) == 1
    assert (entries[0]["channel"], entries[0]["conversation_id"]) == ("socketio", "conv-9")
    assert entries[0]["after"] == {"channel": "alipay", "active": False}


def test_revoke_unknown_or_missing_authorization(api):
    headers = api.user("chen_region")  # has alipay and wechat, never app
    body = {"channel": "rest"}
    missing = api.client.post("/api/v1/me/authorizations/app/revoke", json=body, headers=headers)
    assert missing.status_code == 404 and missing.json() == {"detail": "authorization_not_found"}
    unknown = api.client.post("/api/v1/me/authorizations/unionpay/revoke", json=body, headers=headers)
    assert unknown.status_code == 422
    assert api.client.post("/api/v1/me/authorizations/wechat/revoke", json={}, headers=headers).status_code == 422


def test_support_ticket_with_and_without_token(api):
    with_person = api.client.post(
        "/api/v1/support-tickets",
        json={"summary": "医保码扣款失败，需要人工处理", "channel": "socketio", "conversation_id": "conv-7"},
        headers=api.user("zheng_system"),
    )
    assert with_person.status_code == 200
    assert with_person.json() == {"ticket_no": "T20261125-0001", "status": "open", "person_attached": True}
    entry = [e for e in api.audit("zheng_system") if e["action"] == "support_ticket.created"][0]
    assert entry["after"]["ticket_no"] == "T20261125-0001" and entry["conversation_id"] == "conv-7"

    anonymous = api.client.post("/api/v1/support-tickets", json={"summary": "想咨询异地就医备案", "channel": "wechat"},
                                headers=api.key)
    assert anonymous.status_code == 200
    assert anonymous.json() == {"ticket_no": "T20261125-0002", "status": "open", "person_attached": False}

    # A bad token must not lose the user's request: it is filed anonymously.
    bad_token = api.client.post("/api/v1/support-tickets", json={"summary": "help", "channel": "rest"},
                                headers={**api.key, "X-User-Token": "forged.token"})
    assert bad_token.status_code == 200 and bad_token.json()["person_attached"] is False

    for summary in ["", "   ", "x" * 2001, 123, None]:
        response = api.client.post("/api/v1/support-tickets", json={"summary": summary, "channel": "rest"},
                                   headers=api.key)
        assert response.status_code == 422, summary
    assert api.client.post("/api/v1/support-tickets", json={"summary": "长" * 2000, "channel": "rest"},
                           headers=api.key).status_code == 200


def test_ticket_numbers_restart_each_beijing_day(api, clock):
    def file():
        return api.client.post("/api/v1/support-tickets", json={"summary": "s", "channel": "rest"},
                               headers=api.key).json()["ticket_no"]

    assert file() == "T20261125-0001"
    clock.advance(hours=14)  # 2026-11-26 00:00 Beijing, still 25 Nov in UTC
    assert file() == "T20261126-0001"


def test_concurrent_support_tickets_get_distinct_numbers(make_app, serve):
    app = make_app()
    with serve(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        barrier = threading.Barrier(12)

        def file(i):
            barrier.wait()
            return client.post("/api/v1/support-tickets", json={"summary": f"s{i}", "channel": "rest"},
                               headers={"X-Service-Key": "test-service-key"})

        with ThreadPoolExecutor(12) as pool:
            responses = list(pool.map(file, range(12)))
    assert [r.status_code for r in responses] == [200] * 12
    numbers = sorted(r.json()["ticket_no"] for r in responses)
    assert numbers == [f"T20261125-{n:04d}" for n in range(1, 13)]


def test_used_today_resets_at_beijing_midnight(api, clock):
    def wallet():
        return api.client.get("/api/v1/me/wallet", headers=api.user("zhang_ok")).json()

    assert wallet() == {
        "has_personal_account": True, "balance": "856.40", "single_limit": "2000.00",
        "daily_limit": "5000.00", "used_today": "120.00", "remaining_today": "4880.00",
    }
    clock.advance(hours=13, minutes=59)  # 23:59 Beijing
    assert wallet()["used_today"] == "120.00"
    clock.advance(minutes=1)  # 00:00 Beijing next day (16:00 UTC, same UTC date)
    assert (wallet()["used_today"], wallet()["remaining_today"]) == ("0.00", "5000.00")
    assert wallet()["balance"] == "856.40"


def test_resident_has_no_personal_account(api):
    wallet = api.client.get("/api/v1/me/wallet", headers=api.user("li_unactivated")).json()
    assert wallet["has_personal_account"] is False and wallet["balance"] is None


def test_demo_activate_and_reset(api):
    headers = api.user("li_unactivated")
    response = api.client.post("/api/v1/demo/activate", json={"channel": "wechat", "conversation_id": "c3"},
                               headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "active" and response.json()["activated_channels"] == ["wechat"]
    profile = api.client.get("/api/v1/me/profile", headers=headers).json()
    assert profile["credential"]["status"] == "active"
    entry = api.audit("li_unactivated")[-1]
    assert entry["action"] == "credential.activated" and entry["before"]["status"] == "not_activated"
    assert (entry["channel"], entry["conversation_id"]) == ("wechat", "c3")

    frozen = api.client.post("/api/v1/demo/activate", json={"channel": "app"}, headers=api.user("wang_frozen"))
    assert frozen.status_code == 409 and frozen.json() == {"detail": "credential_suspended"}
    assert api.client.post("/api/v1/demo/activate", json={"channel": "bank"}, headers=headers).status_code == 422

    chen = api.user("chen_region")
    api.client.put("/api/v1/me/regions/shown", json={"region_code": "440300", "channel": "rest"}, headers=chen)

    assert api.client.post("/api/v1/demo/reset", headers=api.key).json() == {"status": "ok"}
    headers = api.user("li_unactivated")
    assert api.client.get("/api/v1/me/profile", headers=headers).json()["credential"]["status"] == "not_activated"
    chen = api.user("chen_region")
    assert api.client.get("/api/v1/me/profile", headers=chen).json()["shown_region"]["code"] == "430100"
    assert api.audit("chen_region") == [] and api.audit("li_unactivated") == []
