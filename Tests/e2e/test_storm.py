"""The storm breaker through the built binary: `events send` reports folded events with the storm's
parent ticket, and `serve` killed with SIGKILL in the middle of a storm leaves one parent ticket in
the PSA and every fold delivered once restarted."""
import signal
import sqlite3
import time

import pytest

from psa_reader import tickets_with_reference
from test_commands import psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event, send
from test_serve import control, post, start_serve, tickets, wait_until_delivered
from test_settings import SYSTEMS


@pytest.mark.parametrize("system", SYSTEMS)
def test_events_send_folds_a_storm_into_one_parent(db, sandbox, system, tmp_path):  # noqa: F811
    configure(db, sandbox, system, tmp_path)
    assert psalink(db, "settings", "set", NAME[system], "storm=2/10").returncode == 0
    status, report = send(db, tmp_path, *[event(f"s{n}", target=f"vm/{n}") for n in range(5)])
    assert status == 0, report
    # Deliveries run side by side: which two keep their own tickets depends on which came first.
    states = sorted(report[f"s{n}"]["state"] for n in range(5))
    assert states == ["delivered", "delivered", "folded", "folded", "folded"]
    parents = [t for t in tickets(db) if t["title"].startswith("Storm: ")]
    assert len(parents) == 1 and parents[0]["state"] == "open"
    assert parents[0]["title"].startswith("Storm: 3 alerts for ")
    folded = [report[f"s{n}"] for n in range(5) if report[f"s{n}"]["state"] == "folded"]
    assert all(item["ticketId"] == parents[0]["ticketId"] for item in folded)

    # The human summary says what became of them.
    path = tmp_path / "more.ndjson"
    path.write_text(event("s9", target="vm/9") + "\n")
    result = psalink(db, "events", "send", str(path))
    assert result.returncode == 0 and "1 folded into a storm ticket" in result.stdout, result.stdout


def test_kill_9_in_a_storm_leaves_one_parent_and_loses_no_fold(db, sandbox, tmp_path):  # noqa: F811
    system = "halo"
    mapped_company, _ = configure(db, sandbox, system, tmp_path)
    assert psalink(db, "settings", "set", NAME[system], "storm=3/10").returncode == 0
    control(sandbox, "DELETE", "/sandbox/faults")
    # Ticket writes take a second in the PSA: the kill lands while the parent's create and the
    # fold notes are in flight.
    control(sandbox, "POST", "/sandbox/faults",
            {"fault": "delay", "milliseconds": 1000, "count": 12, "pathContains": "/api/"})
    process, url = start_serve(db, "--timeout", "3")
    for n in range(12):
        assert post(url, event(f"k{n}", target=f"vm/{n}"))[0] == 202
    time.sleep(1.5)
    process.kill()
    process.wait(timeout=10)

    control(sandbox, "DELETE", "/sandbox/faults")
    process, url = start_serve(db, "--timeout", "3")
    try:
        wait_until_delivered(url)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    with sqlite3.connect(db) as connection:
        states = dict(connection.execute(
            "SELECT state, count(*) FROM event WHERE origin IS NULL GROUP BY state").fetchall())
        work = dict(connection.execute(
            "SELECT state, count(*) FROM event WHERE origin = 'storm' GROUP BY state").fetchall())
        storms = connection.execute("SELECT count(*) FROM storm").fetchone()[0]
        parent = connection.execute(
            "SELECT external_reference FROM ticket WHERE dedupe_key LIKE 'storm|%'").fetchall()
    assert states == {"delivered": 3, "folded": 9}, states
    assert storms == 1 and work == {"delivered": 9}, work
    assert len(parent) == 1
    assert tickets_with_reference(sandbox, system, mapped_company, parent[0][0]) == 1
    listed = tickets(db)
    assert sum(1 for t in listed if t["title"].startswith("Storm: ")) == 1 and len(listed) == 4
