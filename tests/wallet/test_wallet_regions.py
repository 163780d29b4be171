"""参保地切换: switching which existing insured-region record the code page shows."""
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

URL = "/api/v1/me/regions/shown"


def shown(regions):
    return [r["region_code"] for r in regions if r["shown"]]


def test_switch_shown_region_is_audited(api):
    headers = api.user("chen_region")
    response = api.client.put(
        URL, json={"region_code": "440300", "channel": "socketio", "conversation_id": "conv-42"}, headers=headers
    )
    assert response.status_code == 200
    assert shown(response.json()["regions"]) == ["440300"]
    profile = api.client.get("/api/v1/me/profile", headers=headers).json()
    assert profile["shown_region"] == profile["real_region"] == {"code": "440300", "name": "深圳市"}

    entries = [e for e in api.audit("chen_region") if e["action"] == "region.switch_shown"]
    assert len(entries) == 1
    entry = entries[0]
    assert (entry["channel"], entry["conversation_id"], entry["actor"]) == ("socketio", "conv-42", "user")
    assert entry["before"] == {"shown_region_code": "430100"}
    assert entry["after"] == {"shown_region_code": "440300"}


def test_switch_to_current_region_is_a_noop(api):
    headers = api.user("chen_region")
    body = {"region_code": "440300", "channel": "rest", "conversation_id": "c1"}
    first = api.client.put(URL, json=body, headers=headers)
    second = api.client.put(URL, json=body, headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len([e for e in api.audit("chen_region") if e["action"] == "region.switch_shown"]) == 1


def test_unknown_and_malformed_region_codes(api):
    headers = api.user("chen_region")
    unknown = api.client.put(URL, json={"region_code": "110000", "channel": "rest"}, headers=headers)
    assert unknown.status_code == 404 and unknown.json() == {"detail": "region_not_found"}
    for bad in ["44030", "4403000", "abcdef", "４４０３００", "", 440300, None, ["440300"]]:
        response = api.client.put(URL, json={"region_code": bad, "channel": "rest"}, headers=headers)
        assert response.status_code == 422, bad
    missing_channel = api.client.put(URL, json={"region_code": "440300"}, headers=headers)
    assert missing_channel.status_code == 422
    regions = api.client.get("/api/v1/me/regions", headers=headers).json()["regions"]
    assert shown(regions) == ["430100"]  # nothing changed
    assert api.audit("chen_region") == []


def test_concurrent_region_switches_stay_consistent(make_app, serve):
    app = make_app()
    with serve(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        key = {"X-Service-Key": "test-service-key"}
        token = client.post("/api/v1/demo/session", json={"persona": "chen_region"}).json()["token"]
        headers = {**key, "X-User-Token": token}
        barrier = threading.Barrier(16)

        def switch(i):
            barrier.wait()
            code = "440300" if i % 2 == 0 else "430100"
            return client.put(URL, json={"region_code": code, "channel": "rest", "conversation_id": f"t{i}"},
                              headers=headers)

        with ThreadPoolExecutor(16) as pool:
            responses = list(pool.map(switch, range(16)))
        assert [r.status_code for r in responses] == [200] * 16
        assert all(len(shown(r.json()["regions"])) == 1 for r in responses)

        final = shown(client.get("/api/v1/me/regions", headers=headers).json()["regions"])
        assert len(final) == 1
        # The audit trail is one unbroken chain of real changes: serialised, none lost.
        chain = [e for e in client.get("/api/v1/persons/chen_region/audit-log", headers=key).json()["entries"]
                 if e["action"] == "region.switch_shown"]
        assert chain, "at least one switch happened"
        expected_before = "430100"
        for entry in chain:
            assert entry["before"]["shown_region_code"] == expected_before
            assert entry["after"]["shown_region_code"] != expected_before
            expected_before = entry["after"]["shown_region_code"]
        assert expected_before == final[0]
