"""Service key, user tokens and demo-mode gating."""
import base64
import json

from fastapi.testclient import TestClient

from bot.wallet.security import issue_user_token

ME_ROUTES = [
    ("GET", "/api/v1/me/profile"),
    ("GET", "/api/v1/me/wallet"),
    ("GET", "/api/v1/me/overview"),
    ("GET", "/api/v1/me/payment-attempts"),
    ("GET", "/api/v1/me/payment-attempts/last-failed"),
    ("GET", "/api/v1/me/regions"),
    ("GET", "/api/v1/me/authorizations"),
    ("GET", "/api/v1/me/family-bindings"),
]


def test_health_and_openapi_need_no_key(api):
    assert api.client.get("/healthz").json()["status"] == "ok"
    spec = api.client.get("/openapi.json").json()
    assert "/api/v1/me/regions/shown" in spec["paths"]
    assert api.client.get("/docs").status_code == 200


def test_service_key_required(api):
    token = api.token("zhang_ok")
    for method, path in ME_ROUTES + [("GET", "/api/v1/persons/zhang_ok")]:
        missing = api.client.request(method, path, headers={"X-User-Token": token})
        assert missing.status_code == 401 and missing.json() == {"detail": "missing_service_key"}, path
        wrong = api.client.request(method, path, headers={"X-User-Token": token, "X-Service-Key": "nope"})
        assert wrong.status_code == 401 and wrong.json() == {"detail": "invalid_service_key"}, path
        right = api.client.request(method, path, headers={"X-User-Token": token, **api.key})
        assert right.status_code == 200, path


def test_post_routes_need_service_key(api):
    for path, body in [
        ("/api/v1/wechat/session", {"openid": "wx_zhang_ok"}),
        ("/api/v1/support-tickets", {"summary": "x", "channel": "rest"}),
        ("/api/v1/demo/reset", None),
    ]:
        response = api.client.post(path, json=body)
        assert response.status_code == 401, path


def _forge(token: str, **changes) -> str:
    payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    raw = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{raw}.{signature}"


def test_bad_user_tokens_are_rejected(api, clock):
    good = api.token("zhang_ok")
    other_secret, _ = issue_user_token("zhang_ok", secret="someone-elses-secret", now=clock(), ttl_seconds=600)
    cases = {
        None: "missing_token",
        "": "missing_token",
        "garbage": "invalid_token",
        "a.b.c": "invalid_token",
        good[:-2]: "invalid_token",
        good + "x": "invalid_token",
        _forge(good, sub="sun_pin_locked"): "invalid_token",  # tampered payload, old signature
        _forge(good, exp=4_000_000_000): "invalid_token",
        other_secret: "invalid_token",
        "x" * 5000: "invalid_token",
    }
    for token, detail in cases.items():
        headers = dict(api.key)
        if token is not None:
            headers["X-User-Token"] = token
        response = api.client.get("/api/v1/me/profile", headers=headers)
        assert response.status_code == 401, token
        assert response.json() == {"detail": detail}, token
    non_ascii = api.client.get("/api/v1/me/profile", headers=[("X-Service-Key", api.key["X-Service-Key"]),
                                                              ("X-User-Token", b"\xff\xfe\xe4\xbd\xa0")])
    assert non_ascii.status_code == 401


def test_token_expires(api, clock):
    headers = api.user("zhang_ok")
    assert api.client.get("/api/v1/me/profile", headers=headers).status_code == 200
    clock.advance(seconds=3599)
    assert api.client.get("/api/v1/me/profile", headers=headers).status_code == 200
    clock.advance(seconds=1)
    response = api.client.get("/api/v1/me/profile", headers=headers)
    assert response.status_code == 401 and response.json() == {"detail": "token_expired"}


def test_token_resolves_to_its_own_person_only(api):
    sun = api.user("sun_pin_locked")
    zhang = api.user("zhang_ok")
    ticket = api.client.post("/api/v1/me/pin-reset-tickets", json={"channel": "rest"}, headers=sun).json()
    # Another person's token cannot read the ticket, and /me never takes a person id from the body.
    other = api.client.get(f"/api/v1/me/pin-reset-tickets/{ticket['ticket_id']}", headers=zhang)
    assert other.status_code == 404 and other.json() == {"detail": "ticket_not_found"}
    switched = api.client.put(
        "/api/v1/me/regions/shown",
        json={"region_code": "440300", "channel": "rest", "person_id": "chen_region"},
        headers=zhang,
    )
    assert switched.status_code == 404 and switched.json() == {"detail": "region_not_found"}


def test_token_for_unknown_person_is_invalid(api, clock):
    token, _ = issue_user_token("nobody", secret="test-token-secret", now=clock(), ttl_seconds=600)
    response = api.client.get("/api/v1/me/profile", headers={**api.key, "X-User-Token": token})
    assert response.status_code == 401 and response.json() == {"detail": "invalid_token"}


def test_lookups_of_unknown_things_are_404(api):
    r = api.client.post("/api/v1/demo/session", json={"persona": "nobody"})
    assert r.status_code == 404 and r.json() == {"detail": "persona_not_found"}
    r = api.client.post("/api/v1/wechat/session", json={"openid": "wx_nobody"}, headers=api.key)
    assert r.status_code == 404 and r.json() == {"detail": "openid_not_bound"}
    r = api.client.get("/api/v1/persons/nobody", headers=api.key)
    assert r.status_code == 404 and r.json() == {"detail": "person_not_found"}
    r = api.client.get("/api/v1/persons/nobody/audit-log", headers=api.key)
    assert r.status_code == 404


def test_demo_routes_absent_when_demo_mode_off(make_app):
    client = TestClient(make_app(demo_mode=False))
    key = {"X-Service-Key": "test-service-key"}
    assert client.post("/api/v1/demo/session", json={"persona": "zhang_ok"}).status_code == 404
    assert client.get("/api/v1/demo/personas").status_code == 404
    assert client.post("/api/v1/demo/reset", headers=key).status_code == 404
    assert client.post("/api/v1/demo/activate", json={"channel": "app"}, headers=key).status_code == 404
    assert "/api/v1/demo/session" not in client.get("/openapi.json").json()["paths"]
    # The rest of the API still works: the WeChat channel gets tokens without demo mode.
    wechat = client.post("/api/v1/wechat/session", json={"openid": "wx_zhang_ok"}, headers=key)
    assert wechat.status_code == 200
    profile = client.get("/api/v1/me/profile", headers={**key, "X-User-Token": wechat.json()["token"]})
    assert profile.status_code == 200 and profile.json()["name"]
