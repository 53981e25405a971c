"""A PSA that throttles psalink, as `integration list` and the wizard's home screen show it. The
pause is written into the rate budget as psalink records a 429, so no PSA has to be provoked."""
import json
import sqlite3
import time

from test_integration_settings import unreachable
from test_commands import psalink

# The rate budget key of the integration `unreachable` imports (HaloPSA, its URL, no tenant).
KEY = "halo http://127.0.0.1:9 "


def pause(db, seconds):
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT OR REPLACE INTO rate_budget (key, paused_until, paused_at) VALUES (?, ?, ?)",
            (KEY, time.time() + seconds, time.time()))
    return time.gmtime(time.time() + seconds)


def listed(db):
    result = psalink(db, "integration", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["integrations"]


def test_integration_list_says_null_when_nothing_is_throttled(db, tmp_path):
    unreachable(db, tmp_path)
    [integration] = listed(db)
    assert "throttledUntil" in integration and integration["throttledUntil"] is None
    assert integration["name"] == "Offline Halo" and integration["health"] == "unchecked"
    text = psalink(db, "integration", "list").stdout
    assert "throttled" not in text


def test_integration_list_says_until_when_the_psa_throttles(db, tmp_path):
    unreachable(db, tmp_path)
    unreachable(db, tmp_path, name="Elsewhere")  # the same PSA: paused with it
    until = pause(db, 120)
    integrations = listed(db)
    assert [i["throttledUntil"] for i in integrations] == [time.strftime("%Y-%m-%dT%H:%M:%SZ", until)] * 2
    text = psalink(db, "integration", "list").stdout
    assert "unchecked; throttled by the PSA until " in text
    assert f"{time.strftime('%H:%M:%S', until)} UTC" in text

    pause(db, -1)  # over
    assert [i["throttledUntil"] for i in listed(db)] == [None, None]


def test_home_screen_says_until_when_the_psa_throttles(db, tmp_path, tui):
    unreachable(db, tmp_path)
    t = tui(rows=24, cols=80)
    t.wait_for("Offline Halo")
    assert "throttled" not in t.text
    until = pause(db, 300)
    t.send("r")
    t.wait_for(f"throttled until {time.strftime('%H:%M', until)}")
    row = t.screen.display[t.row_of("Offline Halo")]
    assert "HaloPSA" in row and "(Default)" in row
    assert f"The PSA is throttling psalink until {time.strftime('%H:%M', until)} UTC" in t.text
    t.send("q")
    assert t.wait_exit() == 0


def routed(db, tmp_path):
    """An integration whose PSA does not answer, with one mapped account for events to reach it."""
    document = {
        "format": "psalink-configuration", "version": 1, "exportedAt": "2026-11-29T10:00:00Z",
        "accounts": [{"id": "acc-1", "name": "Contoso", "tenantId": "t-1"}],
        "integrations": [{
            "system": "halo", "name": "Offline Halo", "isDefault": True,
            "credentials": {"url": "http://127.0.0.1:9", "clientId": "app", "clientSecret": "never-sent"},
            "mappings": [{"accountId": "acc-1", "companyId": "12"}],
        }],
    }
    path = tmp_path / "routed.json"
    path.write_text(json.dumps(document))
    result = psalink(db, "import", str(path))
    assert result.returncode == 0, result.stderr


def events_file(tmp_path, *ids):
    path = tmp_path / "events.ndjson"
    path.write_text("".join(json.dumps({
        "id": event_id, "account": "acc-1", "condition": {"id": f"cond-{event_id}", "type": "task", "name": "Scaling"},
        "state": "firing", "target": "hostpool/hp-1", "title": "Scaling failed", "occurredAt": "2026-11-29T10:00:00Z",
    }) + "\n" for event_id in ids))
    return str(path)


def test_events_send_says_which_events_wait_for_the_rate_limit(db, tmp_path):
    routed(db, tmp_path)
    pause(db, 300)
    result = psalink(db, "events", "send", events_file(tmp_path, "evt-1", "evt-2"), "--wait", "1", "--json")
    assert result.returncode == 1  # still waiting
    events = json.loads(result.stdout)["events"]
    assert [e["state"] for e in events] == ["pending", "pending"]
    for event in events:
        assert event["coalescedInto"] is None
        until = time.strptime(event["throttledUntil"], "%Y-%m-%dT%H:%M:%SZ")
        assert time.mktime(until) - time.mktime(time.gmtime()) > 200

    human = psalink(db, "events", "send", events_file(tmp_path, "evt-3"), "--wait", "1")
    assert human.returncode == 1
    assert "1 event: 0 delivered, 1 waiting for the PSA's rate limit (until " in human.stdout
    assert "line 1 evt-3 waiting for the PSA's rate limit until " in human.stdout
    assert "still waiting" not in human.stdout


def test_events_send_gives_null_waits_when_the_psa_is_not_throttling(db, tmp_path):
    routed(db, tmp_path)
    result = psalink(db, "events", "send", events_file(tmp_path, "evt-1"), "--wait", "0", "--json", "--timeout", "2")
    events = json.loads(result.stdout)["events"]
    assert len(events) == 1
    assert "coalescedInto" in events[0] and events[0]["coalescedInto"] is None
    assert "throttledUntil" in events[0] and events[0]["throttledUntil"] is None
    human = psalink(db, "events", "send", events_file(tmp_path, "evt-2"), "--wait", "0", "--timeout", "2")
    assert "rate limit" not in human.stdout
