"""The action server answers only Rasa: loopback only, and only with the shared secret.

It holds the wallet's service key, so a hand-made POST /webhook used to open support tickets
(and could read anyone's records through a forged tracker).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from typing import Any, Dict, List, Optional

import httpx
import pytest

from bot.processes import Stack
from bot.settings import ROOT


def handoff_call(sender: str) -> Dict[str, Any]:
    """What Rasa would send to run action_handoff (files a support ticket in the wallet)."""
    return {
        "next_action": "action_handoff",
        "sender_id": sender,
        "version": "3.6.2",
        "domain": {},
        "tracker": {
            "sender_id": sender, "slots": {}, "latest_message": {}, "paused": False,
            "followup_action": None, "active_loop": {}, "latest_action_name": None,
            "events": [{"event": "user", "text": "转人工", "input_channel": "rest",
                        "parse_data": {"intent": {"name": "request_human"}}}],
        },
    }


def ticket_no(body: Dict[str, Any]) -> str:
    numbers = [r["ticket_no"] for r in body.get("responses", []) if r.get("ticket_no")]
    assert numbers, body
    return numbers[0]


def next_ticket_no(number: str) -> str:
    prefix, _, serial = number.rpartition("-")
    return f"{prefix}-{int(serial) + 1:0{len(serial)}d}"


def token_of(stack: Stack) -> str:
    return stack.env["ACTION_SERVER_TOKEN"]


def post_webhook(stack: Stack, sender: str, headers: Optional[Dict[str, Any]] = None,
                 params: Optional[Dict[str, str]] = None) -> httpx.Response:
    return httpx.post(f"{stack.actions_url}/webhook", json=handoff_call(sender), headers=headers,
                      params=params, timeout=30)


def test_webhook_without_the_secret_gets_401_and_files_no_ticket(stack: Stack,
                                                                  wallet_api: httpx.Client):
    good = {"Authorization": f"Bearer {token_of(stack)}"}

    def sender() -> str:  # a new conversation each time: the handoff files once per conversation
        return f"probe-{uuid.uuid4().hex[:8]}"

    first = post_webhook(stack, sender(), good)
    assert first.status_code == 200, first.text
    number = ticket_no(first.json())

    refused = [
        post_webhook(stack, sender()),                                                # no secret
        post_webhook(stack, sender(), {"Authorization": "Bearer wrong-token"}),        # wrong one
        post_webhook(stack, sender(), {"Authorization": f"Basic {token_of(stack)}"}),  # wrong scheme
        post_webhook(stack, sender(), {"Authorization": "Bearer 令牌".encode()}),       # not ASCII
        post_webhook(stack, sender(), params={"token": token_of(stack)}),  # only the header counts
    ]
    for response in refused:
        assert response.status_code == 401, response.text
        assert "error" in response.json()
    # Nothing ran: the next ticket number is still free ...
    assert wallet_api.get(f"/support-tickets/{next_ticket_no(number)}").status_code == 404
    # ... and the next authorised call takes it.
    second = post_webhook(stack, sender(), good)
    assert second.status_code == 200, second.text
    assert ticket_no(second.json()) == next_ticket_no(number)


def test_every_route_but_health_needs_the_secret(stack: Stack):
    with httpx.Client(base_url=stack.actions_url, timeout=10) as http:
        assert http.get("/health").status_code == 200
        assert http.get("/actions").status_code == 401
        assert http.get("/no-such-route").status_code == 401
        preflight = http.options("/webhook", headers={"Origin": "http://evil.example",
                                                      "Access-Control-Request-Method": "POST"})
        assert preflight.status_code == 401
        assert "access-control-allow-origin" not in preflight.headers
        listed = http.get("/actions", headers={"Authorization": f"Bearer {token_of(stack)}"})
        assert listed.status_code == 200 and {"name": "action_handoff"} in listed.json()


def non_loopback_addresses() -> List[str]:
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    found = set(out.split())
    try:
        found.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None))
    except OSError:
        pass
    return sorted(a for a in found if not a.startswith("127.") and a != "::1" and "%" not in a)


def test_action_server_is_not_reachable_on_other_addresses_of_this_machine(stack: Stack):
    addresses = non_loopback_addresses()
    if not addresses:
        pytest.skip("this machine has no address besides loopback to try")
    for address in addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(3)
            result = probe.connect_ex((address, stack.ports.actions))
        assert result != 0, f"action server answers on {address}:{stack.ports.actions}"
    # ... while loopback works (the check above is not vacuous).
    assert httpx.get(f"{stack.actions_url}/health", timeout=5).status_code == 200


def test_rasa_sends_the_secret_and_it_reaches_no_log(stack: Stack, chat, artifacts_dir):
    person = chat("zhang_ok")
    reply = person.say("付款失败了")  # runs custom actions through Rasa
    assert reply and "出了点问题" not in reply
    token = token_of(stack)
    for log in (artifacts_dir / "logs").glob("*.log"):
        assert token not in log.read_text(errors="replace"), f"the action server token is in {log}"


def test_action_server_refuses_to_start_without_the_secret():
    env = {k: v for k, v in os.environ.items() if k != "ACTION_SERVER_TOKEN"}
    env.update(WALLET_DEMO_MODE="false", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "bot.action_server", "--port", "1"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "ACTION_SERVER_TOKEN" in result.stderr
