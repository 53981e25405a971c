"""`psalink events send` and `psalink tickets list` against `psalink sandbox`: events open, update,
resolve, cancel and reopen tickets in each PSA, checked in the PSA itself."""
import json
import sqlite3

import pytest

from psa_reader import ticket, tickets_with_reference
from test_commands import ADDERS, psalink, sandbox  # noqa: F401  (the fixture)
from test_settings import SYSTEMS, VALID

NAME = {"halo": "Halo Sandbox", "connectwise": "CW Sandbox", "autotask": "AT Sandbox"}
SETTINGS = {
    "connectwise": ["board=Service Desk"],
    "autotask": ["queue=Monitoring Alert"],
    "halo": ["ticket-type=Incident"],
}
UNLIMITED = "rate-limit=100000/1"
KEYS = ["open-status", "resolved-status", "cancelled-status", "priority.default", "priority.critical"]


def ids(system):
    return {key: VALID[system][key][1] for key in KEYS}


def event(event_id, state="firing", account="acc-mapped", condition="cond-1", target="hostpool/hp-east-1",
          severity="high", **extra):
    item = {"id": event_id, "condition": {"id": condition, "type": "task", "name": "Host pool scaling failed"},
            "state": state, "target": target, "title": f"Scaling failed on {target}", "details": "Three attempts.",
            "occurredAt": "2026-11-29T10:00:00Z"}
    if account:
        item["account"] = account
    if severity:
        item["severity"] = severity
    item.update(extra)
    return json.dumps(item)


def configure(db, sandbox, system, tmp_path):  # noqa: F811
    name = NAME[system]
    assert ADDERS[system](db, sandbox, name=name).returncode == 0
    assert psalink(db, "companies", "refresh", name).returncode == 0
    with sqlite3.connect(db) as connection:
        companies = [row[0] for row in connection.execute(
            "SELECT company_id FROM psa_company WHERE is_active = 1 AND is_msp = 0 ORDER BY company_id LIMIT 2")]
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,tenantId\n"
                        "acc-mapped,Mapped Ltd,1e3500cc-d08f-42c8-8678-ce352b7de55e\n"
                        "acc-skipped,Skipped Ltd,5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b\n"
                        "acc-unmapped,Unmapped Ltd,c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f\n")
    assert psalink(db, "accounts", "import", str(accounts)).returncode == 0
    assert psalink(db, "mapping", "set", name, "--account", "acc-mapped", "--company", companies[0]).returncode == 0
    assert psalink(db, "mapping", "set", name, "--account", "acc-skipped", "--skip").returncode == 0
    assert psalink(db, "mapping", "msp-customer", name, "--company", companies[1]).returncode == 0
    # The sandbox has no rate limit; psalink's defaults would only slow the tests down.
    pairs = SETTINGS[system] + [f"{key}={value}" for key, value in ids(system).items()] + [UNLIMITED]
    result = psalink(db, "settings", "set", name, *pairs)
    assert result.returncode == 0, result.stderr
    return companies


def send(db, tmp_path, *lines, args=()):
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(lines) + "\n")
    result = psalink(db, "events", "send", str(path), "--json", *args)
    assert "Traceback" not in result.stderr and result.stdout, result.stderr
    report = {}
    for item in json.loads(result.stdout)["events"]:
        report.setdefault(item["id"] if item["state"] != "duplicate" else f'{item["id"]} again', item)
        report.setdefault(f'line {item["line"]}', item)
    return result.returncode, report


@pytest.mark.parametrize("system", SYSTEMS)
def test_events_open_update_resolve_cancel_and_reopen_tickets(db, sandbox, system, tmp_path):  # noqa: F811
    mapped_company, msp_company = configure(db, sandbox, system, tmp_path)
    expected = ids(system)
    status, report = send(
        db, tmp_path,
        event("e1"),
        event("e2", severity="critical"),
        event("e1"),  # the same id again: processed once
        '{"id": "bad", "condition": {"id": "c", "type": "task"}, "state": "exploded", "title": "x"}',
        event("e3", account="acc-skipped"),
        event("e4", account="acc-unmapped"),
        event("e5", account="acc-nobody"),
        event("e6", account=None, condition="cond-msp", target="license-pool"),
        event("e7", state="resolved"),
        event("e8", state="cancelled", account=None, condition="cond-msp", target="license-pool"),
        event("e9", state="resolved", condition="cond-never-fired"),
    )
    assert status == 1  # some lines were refused
    first = report["e1"]
    assert (first["state"], first["operation"]) == ("delivered", "create") and first["ticketId"]
    assert (report["e2"]["operation"], report["e2"]["ticketId"]) == ("note", first["ticketId"])
    assert report["line 4"]["state"] == "rejected" and "line 4: state:" in report["line 4"]["error"]
    assert report["e3"]["state"] == "skipped" and "skipped" in report["e3"]["error"]
    assert report["e4"]["state"] == "skipped" and "no PSA customer" in report["e4"]["error"]
    assert report["e5"]["state"] == "rejected" and "account" in report["e5"]["error"]
    assert report["e6"]["operation"] == "create" and report["e6"]["ticketId"] != first["ticketId"]
    assert (report["e7"]["operation"], report["e7"]["ticketId"]) == ("resolve", first["ticketId"])
    assert (report["e8"]["operation"], report["e8"]["ticketId"]) == ("cancel", report["e6"]["ticketId"])
    assert report["e9"]["state"] == "skipped" and "no open ticket" in report["e9"]["error"]
    assert report["e1 again"]["state"] == "duplicate"

    # In the PSA: resolved with the critical priority the repeat raised it to; the MSP ticket cancelled.
    status_id, priority_id, closed, reference = ticket(sandbox, system, first["ticketId"])
    assert (status_id, priority_id) == (expected["resolved-status"], expected["priority.critical"])
    assert closed and reference.startswith("psalink:")
    assert ticket(sandbox, system, report["e6"]["ticketId"])[0] == expected["cancelled-status"]

    # Firing again within the reopen window reopens the same ticket; one ticket per key in the PSA.
    status, again = send(db, tmp_path, event("e10"))
    assert status == 0
    assert (again["e10"]["operation"], again["e10"]["ticketId"]) == ("reopen", first["ticketId"])
    assert ticket(sandbox, system, first["ticketId"])[0] == expected["open-status"]
    assert tickets_with_reference(sandbox, system, mapped_company, reference) == 1

    listed = psalink(db, "tickets", "list", "--integration", NAME[system], "--json")
    assert listed.returncode == 0, listed.stderr
    tickets = {t["ticketId"]: t for t in json.loads(listed.stdout)["tickets"]}
    assert set(tickets) == {first["ticketId"], report["e6"]["ticketId"]}
    mine = tickets[first["ticketId"]]
    assert set(mine) >= {"integration", "queue", "accountId", "companyId", "ticketId", "ticketNumber", "state",
                         "title", "dedupeKey", "updatedAt"}
    assert (mine["integration"], mine["accountId"], mine["companyId"], mine["state"]) == (
        NAME[system], "acc-mapped", mapped_company, "open")
    assert tickets[report["e6"]["ticketId"]]["companyId"] == msp_company
    closed_only = json.loads(psalink(db, "tickets", "list", "--state", "closed", "--json").stdout)["tickets"]
    assert [t["ticketId"] for t in closed_only] == [report["e6"]["ticketId"]]


def test_a_closed_ticket_outside_the_reopen_window_gets_a_new_one(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "connectwise", tmp_path)
    assert psalink(db, "settings", "set", NAME["connectwise"], "reopen-window=0m").returncode == 0
    _, first = send(db, tmp_path, event("a1"), event("a2", state="resolved"))
    _, second = send(db, tmp_path, event("a3"))
    assert second["a3"]["operation"] == "create"
    assert second["a3"]["ticketId"] != first["a1"]["ticketId"]


def test_a_psa_that_refuses_the_ticket_is_recorded_as_failed(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "halo", tmp_path)
    # A ticket type that does not exist in the PSA: Halo refuses the create.
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE ticket_settings SET value = '999' WHERE key = 'ticket-type'")
    status, report = send(db, tmp_path, event("f1"))
    assert status == 1
    assert report["f1"]["state"] == "failed" and report["f1"]["error"] and report["f1"]["ticketId"] is None
    failed = json.loads(psalink(db, "tickets", "list", "--state", "failed", "--json").stdout)["tickets"]
    # The ticket raised about it at the MSP-level customer has the same ticket type, so the PSA
    # refuses it too; a fallback's failure raises no other.
    assert len(failed) == 2 and all(t["ticketId"] is None for t in failed)
    assert [t["accountId"] for t in failed if t["title"].startswith("psalink could not open a ticket")] == [None]


def test_bad_input_is_named_and_nothing_is_lost(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "autotask", tmp_path)
    status, report = send(db, tmp_path, "{not json", event("ok-1"), '["an array"]',
                          json.dumps({"id": "q", "condition": {"id": "c", "type": "task"}, "state": "firing",
                                      "title": "t", "account": "acc-mapped", "queue": "No Such Queue"}))
    assert status == 1
    assert report["line 1"]["error"] == "line 1: not valid JSON"
    assert report["ok-1"]["operation"] == "create"
    assert report["q"]["state"] == "rejected" and "No Such Queue" in report["q"]["error"]
    missing = psalink(db, "events", "send", str(tmp_path / "nope.ndjson"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_a_queue_routes_its_events_and_is_not_removed_from_under_open_tickets(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "connectwise", tmp_path)
    name = NAME["connectwise"]
    added = psalink(db, "queue", "add", name, "--queue-name", "Monitoring", "board=Monitoring",
                    "open-status=New (Alert)")
    assert added.returncode == 0, added.stderr
    status, report = send(db, tmp_path, event("q1", queue="monitoring"))
    assert status == 0 and report["q1"]["operation"] == "create"
    listed = json.loads(psalink(db, "tickets", "list", "--queue", "Monitoring", "--json").stdout)["tickets"]
    assert [t["ticketId"] for t in listed] == [report["q1"]["ticketId"]] and listed[0]["queue"] == "Monitoring"

    refused = psalink(db, "queue", "remove", name, "--queue-name", "Monitoring")
    assert refused.returncode == 1 and "1 open ticket uses" in refused.stderr
    assert psalink(db, "queue", "remove", name, "--queue-name", "Monitoring", "--yes").returncode == 0


def test_an_outage_longer_than_the_backoff_loses_nothing(db, sandbox, tmp_path):  # noqa: F811
    import urllib.request

    def faults(method, body=None):
        request = urllib.request.Request(sandbox["baseURL"] + "/sandbox/faults", method=method,
                                         data=json.dumps(body).encode() if body else None,
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).read()

    companies = configure(db, sandbox, "autotask", tmp_path)
    faults("POST", {"fault": "status", "status": 503, "count": 100000, "pathContains": "/Tickets"})
    try:
        # The PSA is down: the first attempt fails and the event waits in the outbox.
        status, report = send(db, tmp_path, event("o1", target="hostpool/outage-1"), args=("--wait", "0"))
        assert status == 1 and report["o1"]["state"] == "pending" and report["o1"]["retryable"] is False
        # Its last attempt (as if hours of back-off had passed) fails too: failed, but retryable.
        with sqlite3.connect(db) as connection:
            connection.execute("UPDATE event SET attempts = 7, next_attempt_at = NULL WHERE id = 'o1'")
        status, report = send(db, tmp_path, event("o1", target="hostpool/outage-1"), args=("--wait", "0"))
        assert report["o1 again"]["state"] == "duplicate"
        with sqlite3.connect(db) as connection:
            row = connection.execute(
                "SELECT state, retryable, exhausted, rounds, last_error FROM event WHERE id = 'o1'").fetchone()
        assert row[:4] == ("failed", 1, 1, 0) and "503" in row[4]
    finally:
        faults("DELETE")

    # The PSA is back: the next delivered event proves it, and the failed one goes out too.
    status, report = send(db, tmp_path, event("o2", target="hostpool/outage-2"))
    assert status == 0 and report["o2"]["state"] == "delivered" and report["o2"]["retryable"] is False
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT state, retryable, rounds, operation FROM event WHERE id = 'o1'").fetchone()
        reference = connection.execute(
            "SELECT t.external_reference FROM ticket AS t JOIN event AS e ON e.ticket_row = t.id "
            "WHERE e.id = 'o1'").fetchone()[0]
    assert row == ("delivered", 0, 1, "create")
    assert tickets_with_reference(sandbox, "autotask", companies[0], reference) == 1
