"""One rate budget per PSA tenant, against `psalink sandbox` throttling like a PSA: two `events send`
processes at once keep within one budget, and `serve` killed with SIGKILL while the PSA has it
waiting sends nothing before the wait is over after a restart, losing and doubling nothing."""
import json
import signal
import sqlite3
import threading
import time

import pytest

from psa_reader import tickets_with_reference
from test_commands import psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event
from test_serve import control, post, start_serve, tickets, wait_until_delivered

SYSTEMS = ["halo", "connectwise", "autotask"]


def throttling(sandbox, system, count, seconds, retry_after=True):  # noqa: F811
    control(sandbox, "DELETE", "/sandbox/faults")
    control(sandbox, "POST", "/sandbox/faults", {"fault": "ratelimit", "psa": system, "count": count,
                                                 "seconds": seconds, "retryAfter": retry_after})


def statistics(sandbox, system):  # noqa: F811
    return control(sandbox, "GET", "/sandbox/ratelimit")[system]


def paused(db):
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT count(*) FROM rate_budget WHERE paused_until > strftime('%s', 'now')").fetchone()[0] > 0


def set_rate_limit(db, system, value):
    result = psalink(db, "settings", "set", NAME[system], f"rate-limit={value}")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("system", SYSTEMS)
def test_two_processes_sending_at_once_keep_within_one_budget(db, sandbox, system, tmp_path):  # noqa: F811
    configure(db, sandbox, system, tmp_path)
    # Twenty new tickets for one customer: the storm breaker would fold them; this is about the budget.
    assert psalink(db, "settings", "set", NAME[system], "storm=off").returncode == 0
    set_rate_limit(db, system, "8/2")
    throttling(sandbox, system, 8, 2)
    results = {}

    def send(name, prefix):
        path = tmp_path / f"{name}.ndjson"
        path.write_text("".join(event(f"{prefix}-{n}", target=f"vm/{prefix}-{n}") + "\n" for n in range(10)))
        results[name] = psalink(db, "events", "send", str(path), "--json", "--wait", "60")

    senders = [threading.Thread(target=send, args=(name, name)) for name in ("first", "second")]
    started = time.monotonic()
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    elapsed = time.monotonic() - started
    try:
        for name, result in results.items():
            assert result.returncode == 0, (name, result.stdout, result.stderr)
            assert {item["state"] for item in json.loads(result.stdout)["events"]} == {"delivered"}
        figures = statistics(sandbox, system)
        # Two processes, one budget: the PSA never had to refuse a request.
        assert figures["throttled"] == 0, figures
        assert figures["accepted"] >= 20, figures
        # 20 creates at 8 per 2 s cannot all have gone in the first window.
        assert elapsed >= 4, elapsed
    finally:
        control(sandbox, "DELETE", "/sandbox/faults")


@pytest.mark.parametrize("system", SYSTEMS)
def test_serve_killed_while_throttled_waits_out_the_pause_after_a_restart(db, sandbox, system, tmp_path):  # noqa: F811
    configure(db, sandbox, system, tmp_path)
    # psalink is told a generous limit, so it learns the PSA's from the 429 and its Retry-After.
    set_rate_limit(db, system, "1000/1")
    process, url = start_serve(db)
    try:
        throttling(sandbox, system, 4, 4)
        # One key: the create and its repeats go one at a time, so no request is already on its
        # way when the 429 comes, and every request after it is psalink's choice.
        status, _ = post(url, "[" + ",".join(event(f"kill-{n}") for n in range(10)) + "]")
        assert status == 202
        # Killed once the PSA's pause is in the store (the 429 answered and recorded).
        deadline = time.monotonic() + 30
        while not paused(db):
            assert time.monotonic() < deadline, statistics(sandbox, system)
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        with_pause = psalink(db, "integration", "list", "--json")
        assert with_pause.returncode == 0, with_pause.stderr
        listed = json.loads(with_pause.stdout)["integrations"]
        process, url = start_serve(db)
        wait_until_delivered(url, seconds=90)
        figures = statistics(sandbox, system)
        assert figures["early"] == 0, figures
    finally:
        process.terminate()
        process.wait(timeout=30)
        control(sandbox, "DELETE", "/sandbox/faults")
    # The pause was in the store, where the restarted process (and `integration list`) found it.
    assert listed[0]["throttledUntil"], listed
    [ticket] = tickets(db)
    assert ticket["state"] == "open"
    with sqlite3.connect(db) as connection:
        [(reference,)] = connection.execute("SELECT external_reference FROM ticket").fetchall()
        states = {row[0] for row in connection.execute("SELECT state FROM event")}
    assert states == {"delivered"}
    assert tickets_with_reference(sandbox, system, ticket["companyId"], reference) == 1
