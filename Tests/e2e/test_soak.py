"""`psalink events send` against `psalink sandbox` with faults: a soak with faults on every endpoint
of every PSA, discovery and token calls included (100 keys spread over HaloPSA, ConnectWise and
Autotask under 20% of requests answered 500/502/503 and 5% dropped connections, then the faults
cleared: every key ends with exactly one ticket in its PSA and no event is failed), and every
transient answer on each discovery and token call, which only delays delivery."""
import json
import sqlite3
import time
import urllib.parse
import urllib.request

import pytest

from psa_reader import ticket, tickets_with_reference
from conftest import running_sandbox
from test_commands import ADDERS, psalink
from test_events import NAME, SETTINGS, UNLIMITED, ids

SYSTEMS = ["halo", "connectwise", "autotask"]
QUEUE = {"halo": "Soak Halo", "connectwise": "Soak CW", "autotask": "Soak AT"}
ACCOUNTS = 5
KEYS = 100
# Short back-offs (0.1 s doubling), so that the soak stays well under a minute.
FAST = ("--retry-backoff", "0.1")


@pytest.fixture(scope="module")
def sandbox():
    yield from running_sandbox(60)


def control(sandbox, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(sandbox["baseURL"] + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read().decode())


def requests_containing(sandbox, text=""):
    return control(sandbox, "GET", "/sandbox/requests?contains=" + urllib.parse.quote(text))["count"]


def configure(db, sandbox, tmp_path, systems=SYSTEMS):
    """An integration per system, each with a ticket queue and the same accounts mapped to its customers."""
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,tenantId\n" + "".join(
        f"acc-{n},Customer {n},00000000-0000-4000-8000-00000000000{n}\n" for n in range(ACCOUNTS)))
    assert psalink(db, "accounts", "import", str(accounts)).returncode == 0
    for system in systems:
        name = NAME[system]
        added = ADDERS[system](db, sandbox, name=name)
        assert added.returncode == 0, added.stderr
        assert psalink(db, "companies", "refresh", name).returncode == 0
        with sqlite3.connect(db) as connection:
            companies = [row[0] for row in connection.execute(
                "SELECT company_id FROM psa_company WHERE integration_id = (SELECT id FROM integration WHERE display_name = ?)"
                " AND is_active = 1 AND is_msp = 0 ORDER BY company_id LIMIT ?", (name, ACCOUNTS))]
        assert len(companies) == ACCOUNTS
        for n, company in enumerate(companies):
            mapped = psalink(db, "mapping", "set", name, "--account", f"acc-{n}", "--company", company)
            assert mapped.returncode == 0, mapped.stderr
        pairs = SETTINGS[system] + [f"{key}={value}" for key, value in ids(system).items()] + [UNLIMITED]
        result = psalink(db, "settings", "set", name, *pairs)
        assert result.returncode == 0, result.stderr
        queued = psalink(db, "queue", "add", name, "--queue-name", QUEUE[system], *SETTINGS[system])
        assert queued.returncode == 0, queued.stderr


def event(n):
    """Key n: PSA n % 3, account n % 5, one target per key."""
    system = SYSTEMS[n % len(SYSTEMS)]
    return {"id": f"soak-{n}", "account": f"acc-{n % ACCOUNTS}", "queue": QUEUE[system],
            "condition": {"id": "cond-soak", "type": "usage", "name": "Storage above threshold"},
            "severity": "high", "state": "firing", "target": f"vm/soak-{n}",
            "title": f"Storage above threshold on vm/soak-{n}", "details": "Soak."}


def send(db, tmp_path, events, wait):
    path = tmp_path / f"events-{time.monotonic_ns()}.ndjson"
    path.write_text("".join(json.dumps(item) + "\n" for item in events))
    result = psalink(db, "events", "send", str(path), "--json", "--wait", str(wait), *FAST)
    assert "Traceback" not in result.stderr and result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout)["events"]


def test_a_hundred_keys_under_faults_on_every_endpoint_end_with_one_ticket_each(db, sandbox, tmp_path):
    configure(db, sandbox, tmp_path)
    started = time.monotonic()
    # 20% 5xx (each status about a third of it) and 5% resets, on every path of every PSA.
    each = 1 - 0.8 ** (1 / 3)
    for status in (500, 502, 503):
        control(sandbox, "POST", "/sandbox/faults", {"fault": "status", "status": status, "rate": each})
    control(sandbox, "POST", "/sandbox/faults", {"fault": "reset", "rate": 0.05 / 0.8})
    before = requests_containing(sandbox)
    try:
        # A repeat of each key too: a note on the ticket its first event opened.
        repeats = [dict(event(n), id=f"soak-{n}-again", severity="critical") for n in range(KEYS)]
        _, report = send(db, tmp_path, [event(n) for n in range(KEYS)] + repeats, wait=25)
        states = {item["state"] for item in report}
        assert states <= {"delivered", "pending"}, [item for item in report if item["state"] not in states]
    finally:
        faulted = requests_containing(sandbox) - before
        control(sandbox, "DELETE", "/sandbox/faults")
    assert faulted >= 2 * KEYS

    # Faults off: what is still waiting is delivered by the next run.
    status, report = send(db, tmp_path, [], wait=25)
    assert status == 0 and report == []
    assert time.monotonic() - started < 60

    with sqlite3.connect(db) as connection:
        events = dict(connection.execute("SELECT id, state FROM event"))
        errors = [row for row in connection.execute("SELECT id, last_error FROM event WHERE state <> 'delivered'")]
    assert len(events) == 2 * KEYS
    assert set(events.values()) == {"delivered"}, errors
    failed = psalink(db, "tickets", "list", "--state", "failed", "--json")
    assert failed.returncode == 0 and json.loads(failed.stdout)["tickets"] == []

    listed = psalink(db, "tickets", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    tickets = json.loads(listed.stdout)["tickets"]
    assert len(tickets) == KEYS and len({t["dedupeKey"] for t in tickets}) == KEYS
    system_of = {NAME[system]: system for system in SYSTEMS}
    assert sorted(system_of[t["integration"]] for t in tickets).count("autotask") == KEYS // 3
    for item in tickets:
        system = system_of[item["integration"]]
        assert item["ticketId"] and item["state"] == "open", item
        status_id, priority_id, closed, reference = ticket(sandbox, system, item["ticketId"])
        assert (status_id, priority_id, closed) == (ids(system)["open-status"], ids(system)["priority.critical"],
                                                    False), item
        assert tickets_with_reference(sandbox, system, item["companyId"], reference) == 1, item


DISCOVERY = [("autotask", "zoneInformation"), ("connectwise", "companyinfo"), ("halo", "authinfo"),
             ("halo", "/auth/token")]
TRANSIENT = [{"fault": "status", "status": 500}, {"fault": "status", "status": 502},
             {"fault": "status", "status": 503}, {"fault": "html"}, {"fault": "empty"}, {"fault": "cutoff"},
             {"fault": "reset"}]


@pytest.mark.parametrize("system,path", DISCOVERY)
def test_every_transient_answer_to_a_discovery_call_only_delays_delivery(db, sandbox, tmp_path, system, path):
    configure(db, sandbox, tmp_path, systems=[system])
    # The next lookups meet each transient answer in turn; the one after answers.
    for fault in TRANSIENT:
        control(sandbox, "POST", "/sandbox/faults", dict(fault, count=1, pathContains=path))
    before = requests_containing(sandbox, path)
    try:
        item = dict(event(SYSTEMS.index(system)), id=f"discovery-{system}-{path}", target=f"vm/{path}")
        status, report = send(db, tmp_path, [item], wait=20)
    finally:
        control(sandbox, "DELETE", "/sandbox/faults")
    assert status == 0 and report[0]["state"] == "delivered", report
    assert report[0]["operation"] == "create" and report[0]["ticketId"]
    # Every answer was taken as transient (none as a verdict, none as a reason to fall back to a
    # default address) and asked again, and the call was made no more often than that.
    made = requests_containing(sandbox, path) - before
    assert made == len(TRANSIENT) + 1, f"{path}: {made} requests; each transient answer should be met and asked again"
    listed = json.loads(psalink(db, "tickets", "list", "--json").stdout)["tickets"]
    assert [t["ticketId"] for t in listed] == [report[0]["ticketId"]]
    reference = ticket(sandbox, system, listed[0]["ticketId"])[3]
    assert tickets_with_reference(sandbox, system, listed[0]["companyId"], reference) == 1
