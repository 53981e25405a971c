"""`psalink tickets show` against `psalink sandbox`: a ticket, its events and the PSA requests of
their deliveries (a create that met a 503 and its retry), as text at most 80 columns wide and as
one JSON document; an unknown ticket exits 1 naming TICKET."""
import json
import urllib.request

import pytest

from test_commands import psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event, send
from test_settings import SYSTEMS

TICKET_PATH = {"halo": "/api/Tickets", "connectwise": "/service/tickets", "autotask": "/v1.0/Tickets"}
SECRETS = {"halo": ["haloClientSecret"], "connectwise": ["connectWisePrivateKey"], "autotask": ["autotaskSecret"]}


def faults(sandbox, method, body=None):  # noqa: F811
    request = urllib.request.Request(sandbox["baseURL"] + "/sandbox/faults", method=method,
                                     data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_retried_create_shows_both_attempts(db, sandbox, system, tmp_path):  # noqa: F811
    configure(db, sandbox, system, tmp_path)
    faults(sandbox, "POST", {"fault": "status", "status": 503, "count": 1, "pathContains": TICKET_PATH[system]})
    try:
        status, report = send(db, tmp_path, event("e1"))
    finally:
        faults(sandbox, "DELETE")
    assert status == 0 and report["e1"]["state"] == "delivered", report
    number = report["e1"]["ticketNumber"] or report["e1"]["ticketId"]
    status, report = send(db, tmp_path, event("e2"))
    assert status == 0 and report["e2"]["operation"] == "note", report

    shown = psalink(db, "tickets", "show", f"#{number}", "--json")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("\n") == 1
    document = json.loads(shown.stdout)
    ticket = document["ticket"]
    assert (ticket["ticketNumber"] or ticket["ticketId"]) == number
    assert ticket["integration"] == NAME[system] and ticket["state"] == "open" and ticket["customer"]
    assert ticket["createdAt"] and ticket["updatedAt"] and ticket["dedupeKey"]
    assert [e["id"] for e in document["events"]] == ["e2", "e1"]
    assert document["eventsNotShown"] == 0

    requests = document["requests"]
    assert all(r["host"].startswith("127.0.0.1") for r in requests)
    assert [r["startedAt"] for r in requests] == sorted((r["startedAt"] for r in requests), reverse=True)
    ticket_requests = [r for r in requests if TICKET_PATH[system] in r["path"]]
    failed = [r for r in ticket_requests if r["status"] == 503]
    created = [r for r in ticket_requests if r["method"] == "POST" and r["status"] and 200 <= r["status"] < 300
               and r["eventId"] == "e1"]
    assert len(failed) == 1 and failed[0]["eventId"] == "e1" and failed[0]["failure"], requests
    # Newest first: the successful create came after the failed request.
    assert created and requests.index(created[0]) < requests.index(failed[0]), requests
    assert any(r["eventId"] == "e2" for r in requests)
    secrets = [sandbox["credentials"][key] for key in SECRETS[system]]
    assert all(secret and secret not in shown.stdout for secret in secrets)

    text = psalink(db, "tickets", "show", number)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith(f"Ticket #{number} in {NAME[system]}")
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert "Events, newest first:" in lines and any("e1" in line and "create" in line for line in lines)
    log = lines[lines.index(f"PSA requests, newest first ({len(requests)}):") + 1:]
    assert any(" 503 " in line and TICKET_PATH[system] in line for line in log), log
    assert any(" 201 " in line or " 200 " in line for line in log), log
    assert "sandbox fault: status 503" in text.stdout
    assert all(secret not in text.stdout for secret in secrets)


def test_an_unknown_ticket_exits_1_naming_it(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "connectwise", tmp_path)
    for args in (["999999"], ["999999", "--json"], ["#"], ["1", "--integration", "Nope"]):
        result = psalink(db, "tickets", "show", *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1 and result.stdout == "", line
        assert "TICKET" in line or "no integration is named" in line, line
    assert "no ticket psalink opened has the number or id \"999999\"" in psalink(
        db, "tickets", "show", "999999").stderr
