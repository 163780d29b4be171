"""`python -m bot bench`: latency of real turns through the whole stack.

Starts the wallet backend, action server and Rasa server on free ports (demo mode), then
measures, over HTTP: the wallet API alone, a greeting (NLU + a response, no action), and the
diagnosis turn "付款失败了" for every persona (NLU + action server + 3 wallet calls), and the
two turns of the phone + SMS code sign-in.
"""
from __future__ import annotations

import json
import re
import statistics
import time
import uuid
from pathlib import Path
from typing import Dict, List

import httpx

from bot.processes import Ports, start_stack
from bot.settings import VAR

PERSONAS = ["zhang_ok", "li_unactivated", "wang_frozen", "zhao_balance", "chen_region",
            "liu_limit", "sun_pin_locked", "zhou_mismatch", "wu_family", "qian_network",
            "zheng_system"]


def summarise(samples: List[float]) -> Dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def phone_sign_in(http: httpx.Client, stack, key: Dict[str, str], say, rounds: int) -> Dict[str, Dict[str, float]]:
    """The two turns of the phone sign-in, once per persona number and round (the demo reset
    between rounds clears the per-number limits: one code a minute, five an hour)."""
    phones = [p["phone"] for p in http.get(f"{stack.wallet_url}/api/v1/demo/personas").json()["personas"]]
    number_turns: List[float] = []
    code_turns: List[float] = []
    for _ in range(rounds):
        http.post(f"{stack.wallet_url}/api/v1/demo/reset", headers=key).raise_for_status()
        for phone in phones:
            sender = f"bench-otp-{uuid.uuid4().hex[:10]}"
            say("手机验证", sender=sender)
            number_turns.append(timed(lambda: say(phone, sender=sender)))
            text = http.get(f"{stack.wallet_url}/api/v1/demo/sms", params={"phone": phone}).json()
            code = re.search(r"验证码是(\d{6})", text["messages"][0]["text"]).group(1)
            code_turns.append(timed(lambda: say(code, sender=sender)))
    return {"turn: phone number (code requested)": summarise(number_turns),
            "turn: SMS code (verified, token issued)": summarise(code_turns)}


def main(rounds: int = 5) -> Dict[str, Dict[str, float]]:
    ports = Ports.free()
    print("starting the stack on free ports…", flush=True)
    stack = start_stack(ports, log_dir=VAR / "bench-logs", WALLET_DEMO_MODE="true",
                        WALLET_DATABASE_URL=f"sqlite:///{VAR / 'bench-wallet.db'}",
                        TRACKER_DB=str(VAR / "bench-tracker.db"))
    results: Dict[str, Dict[str, float]] = {}
    try:
        with httpx.Client(timeout=60) as http:
            key = {"X-Service-Key": stack.env["WALLET_SERVICE_KEY"]}
            tokens = {p: http.post(f"{stack.wallet_url}/api/v1/demo/session",
                                   json={"persona": p}).json()["token"] for p in PERSONAS}

            def say(text: str, token: str = None, sender: str = None) -> None:
                body = {"sender": sender or f"bench-{uuid.uuid4().hex[:10]}", "message": text}
                if token:
                    body["metadata"] = {"token": token}
                http.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body).raise_for_status()

            say("你好")  # warm-up: first prediction loads lazily
            results["wallet GET /me/profile"] = summarise([
                timed(lambda: http.get(f"{stack.wallet_url}/api/v1/me/profile",
                                       headers={**key, "X-User-Token": tokens["zhang_ok"]}))
                for _ in range(rounds * 10)])
            results["turn: 你好 (NLU + response)"] = summarise(
                [timed(lambda: say("你好")) for _ in range(rounds * 4)])
            results["turn: 付款失败了 (diagnosis, every persona)"] = summarise(
                [timed(lambda p=p: say("付款失败了", tokens[p]))
                 for _ in range(rounds) for p in PERSONAS])
            results.update(phone_sign_in(http, stack, key, say, rounds))
    finally:
        stack.stop()
    out = VAR / "bench.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    for name, row in results.items():
        print(f"{name:48s} n={row['n']:3d}  p50 {row['p50_ms']:7.1f} ms  "
              f"p95 {row['p95_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms")
    print(f"written to {out}")
    return results
