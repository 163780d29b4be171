"""PIN reset: tickets over the API, then the wallet's own HTML page (face check, new PIN)."""
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
from sqlalchemy import func, select

from bot.wallet.models import PinCredential, PinResetTicket
from bot.wallet.security import verify_pin
from bot.wallet.seed import DEMO_PIN

TICKETS = "/api/v1/me/pin-reset-tickets"


def open_ticket(api, headers, conversation_id="conv-1"):
    response = api.client.post(TICKETS, json={"channel": "rest", "conversation_id": conversation_id}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def result_text(page: str) -> str:
    return re.search(r'<p id="result"[^>]*>(.*?)</p>', page, re.S).group(1)


def test_ticket_is_reused_until_it_expires(api, clock):
    headers = api.user("sun_pin_locked")
    first = open_ticket(api, headers)
    assert first["status"] == "pending"
    assert first["reset_url"].startswith("http://wallet.test/wallet/pin-reset/")
    assert open_ticket(api, headers) == first  # a retry gets the same ticket, same link

    status = api.client.get(f"{TICKETS}/{first['ticket_id']}", headers=headers).json()
    assert status == {"ticket_id": first["ticket_id"], "status": "pending", "pin_locked": True}

    clock.advance(minutes=30)
    headers = api.user("sun_pin_locked")
    assert api.client.get(f"{TICKETS}/{first['ticket_id']}", headers=headers).json()["status"] == "expired"
    expired_page = api.client.get(urlsplit(first["reset_url"]).path)
    assert expired_page.status_code == 410 and "已过期" in result_text(expired_page.text)

    second = open_ticket(api, headers)
    assert second["ticket_id"] != first["ticket_id"] and second["reset_url"] != first["reset_url"]
    created = [e for e in api.audit("sun_pin_locked") if e["action"] == "pin_reset.ticket_created"]
    assert [e["after"]["ticket_id"] for e in created] == [first["ticket_id"], second["ticket_id"]]
    assert created[0]["conversation_id"] == "conv-1"


def test_unknown_ticket_and_bad_ids(api):
    headers = api.user("sun_pin_locked")
    assert api.client.get(f"{TICKETS}/prt_doesnotexist", headers=headers).status_code == 404
    assert api.client.get(f"{TICKETS}/{'x' * 300}", headers=headers).status_code == 422
    for secret in ["nope", "A" * 43, "%00%00", "a.b", "x" * 500, "%E4%BD%A0%ED%A0%80"]:
        page = api.client.get(f"/wallet/pin-reset/{secret}")
        assert page.status_code == 404, secret
        assert "链接无效" in result_text(page.text)
        assert api.client.post(f"/wallet/pin-reset/{secret}/face-check").status_code == 404


def test_full_pin_reset_through_the_page(api, app):
    headers = api.user("sun_pin_locked")
    ticket = open_ticket(api, headers, conversation_id="conv-pin")
    path = urlsplit(ticket["reset_url"]).path

    step1 = api.client.get(path)
    assert step1.status_code == 200
    assert '<meta charset="utf-8">' in step1.text and 'id="face-check-btn"' in step1.text
    assert "开始人脸识别" in step1.text and 'id="pin"' not in step1.text
    assert step1.headers["cache-control"] == "no-store" and step1.headers["referrer-policy"] == "no-referrer"

    early = api.client.post(f"{path}/pin", data={"pin": "739251", "pin_confirm": "739251"})
    assert early.status_code == 409 and "请先完成人脸识别" in result_text(early.text)

    step2 = api.client.post(f"{path}/face-check")  # 303 -> GET, followed by the client
    assert step2.status_code == 200 and step2.history and step2.history[0].status_code == 303
    for element in ('id="pin"', 'id="pin-confirm"', 'id="submit-pin"', 'id="result"'):
        assert element in step2.text
    assert api.client.get(f"{TICKETS}/{ticket['ticket_id']}", headers=headers).json()["status"] == "face_verified"

    refusals = [
        (("739251", "739250"), "两次输入的密码不一致"),
        (("111111", "111111"), "过于简单"),
        (("123456", "123456"), "过于简单"),
        (("654321", "654321"), "过于简单"),
        (("12345", "12345"), "6 位数字"),
        (("abcdef", "abcdef"), "6 位数字"),
        (("１２３４５７", "１２３４５７"), "6 位数字"),  # full-width digits are not digits here
        (("", ""), "6 位数字"),
    ]
    for (pin, confirm), message in refusals:
        response = api.client.post(f"{path}/pin", data={"pin": pin, "pin_confirm": confirm})
        assert response.status_code == 400, pin
        assert message in result_text(response.text), pin
        assert 'id="pin"' in response.text  # the form is shown again
    assert api.client.get("/api/v1/me/profile", headers=headers).json()["pin"]["locked"] is True

    done = api.client.post(f"{path}/pin", data={"pin": "739251", "pin_confirm": "739251"})
    assert done.status_code == 200 and result_text(done.text) == "密码重置成功"

    assert api.client.get("/api/v1/me/profile", headers=headers).json()["pin"] == {
        "locked": False, "failed_tries": 0, "max_tries": 5,
    }
    assert api.client.get(f"{TICKETS}/{ticket['ticket_id']}", headers=headers).json() == {
        "ticket_id": ticket["ticket_id"], "status": "completed", "pin_locked": False,
    }
    with app.state.sessions.read() as session:
        stored = session.get(PinCredential, "sun_pin_locked").pin_hash
    assert verify_pin("739251", stored) and not verify_pin(DEMO_PIN, stored)

    actions = [e["action"] for e in api.audit("sun_pin_locked")]
    assert actions == ["pin_reset.ticket_created", "pin_reset.face_verified", "pin_reset.completed"]
    completed = api.audit("sun_pin_locked")[-1]
    assert completed["before"]["locked"] is True and completed["after"]["locked"] is False
    assert "739251" not in str(completed) and "pbkdf2" not in str(completed)

    # The link is single-use.
    reused = api.client.get(path)
    assert reused.status_code == 410 and "已使用" in result_text(reused.text)
    again = api.client.post(f"{path}/pin", data={"pin": "284613", "pin_confirm": "284613"})
    assert again.status_code == 410
    # A later request gets a fresh ticket.
    assert open_ticket(api, headers)["ticket_id"] != ticket["ticket_id"]


def test_oversized_form_is_refused(api):
    ticket = open_ticket(api, api.user("sun_pin_locked"))
    path = urlsplit(ticket["reset_url"]).path
    api.client.post(f"{path}/face-check")
    response = api.client.post(f"{path}/pin", data={"pin": "7" * 10_000, "pin_confirm": "x"})
    assert response.status_code == 413


def test_concurrent_ticket_requests_create_one_ticket(make_app, serve):
    app = make_app()
    with serve(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        token = client.post("/api/v1/demo/session", json={"persona": "sun_pin_locked"}).json()["token"]
        headers = {"X-Service-Key": "test-service-key", "X-User-Token": token}
        barrier = threading.Barrier(16)

        def request(i):
            barrier.wait()
            return client.post(TICKETS, json={"channel": "rest", "conversation_id": f"c{i}"}, headers=headers)

        with ThreadPoolExecutor(16) as pool:
            responses = list(pool.map(request, range(16)))
    assert [r.status_code for r in responses] == [200] * 16
    assert len({r.json()["ticket_id"] for r in responses}) == 1
    with app.state.sessions.read() as session:
        count = session.execute(
            select(func.count()).select_from(PinResetTicket).where(PinResetTicket.person_id == "sun_pin_locked")
        ).scalar_one()
    assert count == 1
