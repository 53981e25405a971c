"""Acknowledging a ticket until a time against `psalink sandbox`: `tickets ack` and `unack` from the
command line (bad input exits 1 naming the argument and saves nothing), and `k` in the wizard's
Tickets screen at 80x24."""
import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone

from test_commands import add_halo, psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event, send

ENTER, ESC, BACKSPACE = "\r", "\x1b", "\x7f"
CW = NAME["connectwise"]


def tickets(db):
    listed = psalink(db, "tickets", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return {ticket["ticketNumber"] or ticket["ticketId"]: ticket for ticket in json.loads(listed.stdout)["tickets"]}


def audit(db):
    result = psalink(db, "audit", "--json")
    assert result.returncode == 0, result.stderr
    return [entry for entry in json.loads(result.stdout)["entries"] if entry["action"].startswith("ticket.")]


def open_and_closed(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "connectwise", tmp_path)
    status, report = send(db, tmp_path, event("e1"), event("e2", condition="cond-2", target="hostpool/hp-west-2"),
                          event("e3", state="resolved", condition="cond-2", target="hostpool/hp-west-2"))
    assert status == 0, report
    opened, closed = (report[e]["ticketNumber"] or report[e]["ticketId"] for e in ("e1", "e2"))
    listed = tickets(db)
    assert listed[opened]["state"] == "open" and listed[closed]["state"] == "closed"
    return opened, closed


def failure(result, names):
    assert result.returncode == 1, (result.stdout, result.stderr)
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and names in line, line
    return line


def test_ack_and_unack_from_the_command_line(db, sandbox, tmp_path):  # noqa: F811
    opened, closed = open_and_closed(db, sandbox, tmp_path)
    before = tickets(db)
    assert before[opened]["acknowledgedUntil"] is None and before[opened]["acknowledgedRepeats"] == 0

    # Bad input: exit 1, the argument or option named, nothing saved.
    failure(psalink(db, "tickets", "ack", opened, "--until", "soon", "--reason", "x"), "--until")
    failure(psalink(db, "tickets", "ack", opened, "--until", "0h", "--reason", "x"), "--until")
    failure(psalink(db, "tickets", "ack", opened, "--until", "2026-12-07T18:00:00", "--reason", "x"), "--until")
    failure(psalink(db, "tickets", "ack", opened, "--until", "2020-01-01T00:00:00Z", "--reason", "x"), "--until")
    failure(psalink(db, "tickets", "ack", opened, "--until", "4h", "--reason", "  "), "--reason")
    failure(psalink(db, "tickets", "ack", "999999", "--until", "4h", "--reason", "x"), "TICKET")
    line = failure(psalink(db, "tickets", "ack", closed, "--until", "4h", "--reason", "x"), "TICKET")
    assert f"#{closed} is closed in the PSA" in line
    failure(psalink(db, "tickets", "unack", opened), "TICKET")
    failure(psalink(db, "tickets", "ack", opened, "--until", "4h", "--reason", "x", "--integration", "Nope"),
            "no integration is named")
    assert tickets(db) == before
    assert audit(db) == []

    # A duration from now, and the PSA's number with a leading #, as the list shows it.
    start = datetime.now(timezone.utc)
    acked = psalink(db, "tickets", "ack", f"#{opened}", "--until", "4h", "--reason", "vendor fix due", "--json")
    assert acked.returncode == 0, acked.stderr
    shown = json.loads(acked.stdout)["ticket"]
    until = datetime.fromisoformat(shown["acknowledgedUntil"].replace("Z", "+00:00"))
    assert timedelta(hours=4) - timedelta(seconds=5) <= until - start <= timedelta(hours=4, seconds=30)
    assert shown["acknowledgeReason"] == "vendor fix due" and shown["acknowledgedBy"]
    listed = tickets(db)[opened]
    assert listed["acknowledgedUntil"] == shown["acknowledgedUntil"] and listed["acknowledgedRepeats"] == 0
    text = psalink(db, "tickets", "list")
    assert f"acknowledged until {shown['acknowledgedUntil']}" in text.stdout and "vendor fix due" in text.stdout
    entry = audit(db)[0]
    assert entry["action"] == "ticket.ack" and entry["target"] == f"{CW} / #{opened}"
    assert "vendor fix due" in entry["newValue"] and shown["acknowledgedUntil"] in entry["newValue"]

    # An ISO time with its offset moves the end.
    later = (start + timedelta(days=1)).astimezone(timezone(timedelta(hours=2))).replace(microsecond=0)
    moved = psalink(db, "tickets", "ack", opened, "--until", later.isoformat(), "--reason", "waiting on vendor")
    assert moved.returncode == 0, moved.stderr
    assert f"Acknowledged #{opened} in {CW} until" in moved.stdout
    listed = tickets(db)[opened]
    assert datetime.fromisoformat(listed["acknowledgedUntil"].replace("Z", "+00:00")) == later
    assert listed["acknowledgeReason"] == "waiting on vendor"

    ended = psalink(db, "tickets", "unack", opened)
    assert ended.returncode == 0, ended.stderr
    assert f"Acknowledgement of #{opened} in {CW} ended." in ended.stdout
    listed = tickets(db)[opened]
    assert listed["acknowledgedUntil"] is None and listed["acknowledgeReason"] is None
    assert [e["action"] for e in audit(db)] == ["ticket.unack", "ticket.ack", "ticket.ack"]
    failure(psalink(db, "tickets", "unack", opened), "is not acknowledged")


def test_repeats_while_acknowledged_are_counted_and_note_again_after_unack(db, sandbox, tmp_path):  # noqa: F811
    opened, _ = open_and_closed(db, sandbox, tmp_path)
    assert psalink(db, "tickets", "ack", opened, "--until", "1h", "--reason", "on it").returncode == 0
    status, report = send(db, tmp_path, event("r1"), event("r2"))
    assert status == 0, report
    assert [report[e]["state"] for e in ("r1", "r2")] == ["acknowledged", "acknowledged"]
    assert tickets(db)[opened]["acknowledgedRepeats"] == 2
    ended = psalink(db, "tickets", "unack", opened)
    assert ended.returncode == 0, ended.stderr
    assert "2 repeats will be summed in one note" in ended.stdout
    status, report = send(db, tmp_path, event("r3"))
    assert status == 0, report
    assert report["r3"]["state"] == "delivered" and report["r3"]["operation"] == "note"
    listed = tickets(db)[opened]
    assert listed["acknowledgedUntil"] is None and listed["acknowledgedRepeats"] == 0


def test_a_number_in_two_integrations_needs_integration(db, sandbox, tmp_path):  # noqa: F811
    opened, _ = open_and_closed(db, sandbox, tmp_path)
    assert add_halo(db, sandbox).returncode == 0
    # The same number in another PSA: written by hand, as no sandbox numbers two PSAs alike.
    with sqlite3.connect(db) as connection:
        halo = connection.execute("SELECT id FROM integration WHERE display_name = ?", (NAME["halo"],)).fetchone()[0]
        connection.execute(
            """INSERT INTO ticket (integration_id, dedupe_key, external_reference, company_id, psa_ticket_id,
                   ticket_number, title, state, created_at, updated_at)
               VALUES (?, 'other-key', 'psalink:other', '1', ?, ?, 'Other', 'open', datetime('now'), datetime('now'))""",
            (halo, opened, opened))
    before = tickets(db)
    line = failure(psalink(db, "tickets", "ack", opened, "--until", "2h", "--reason", "x"), "--integration")
    assert CW in line and NAME["halo"] in line
    assert tickets(db) == before
    acked = psalink(db, "tickets", "ack", opened, "--until", "2h", "--reason", "x", "--integration", CW, "--json")
    assert acked.returncode == 0, acked.stderr
    assert json.loads(acked.stdout)["ticket"]["integration"] == CW


def test_k_in_the_tickets_screen_at_80x24(tui, db, sandbox, tmp_path):  # noqa: F811
    opened, closed = open_and_closed(db, sandbox, tmp_path)
    t = tui(rows=24, cols=80)
    t.wait_for("PSA Integrations")
    t.send("t")
    t.wait_for(f"Tickets · {CW}")
    t.wait_for("2 of 2 tickets")
    assert "k Ack" in t.text

    # The open ticket alone, highlighted.
    t.send("f")
    t.wait_for("1 of 2 tickets")
    t.send("k")
    t.wait_for(f"Acknowledge #{opened}")
    assert "4h" in t.text

    # A bad until: shown under the field, nothing saved.
    t.send("\x15yesterday\tvendor fix due\r")
    t.wait_for("✗ Give a duration (30m, 4h, 2d)")
    assert tickets(db)[opened]["acknowledgedUntil"] is None
    t.send("\x152h\r")
    t.wait_for(f"Ticket #{opened} acknowledged until")
    t.wait_for("ack until")
    listed = tickets(db)[opened]
    assert listed["acknowledgeReason"] == "vendor fix due" and listed["acknowledgedBy"]
    for line in t.text.splitlines():
        assert len(line) <= 80

    # The detail says who, why and until when; k there offers to end it.
    t.send(ENTER)
    t.wait_for("Acknowledged until")
    assert "0 repeats counted" in t.text and "Why: vendor fix due" in t.text
    t.send("k")
    t.wait_for(f"End the acknowledgement of #{opened}?")
    t.send("n")
    t.wait_for("Acknowledged until")
    assert tickets(db)[opened]["acknowledgedUntil"] is not None
    t.send("k")
    t.wait_for(f"End the acknowledgement of #{opened}?")
    t.send("y")
    t.wait_for(f"Acknowledgement of #{opened} ended.")
    assert tickets(db)[opened]["acknowledgedUntil"] is None
    assert [e["action"] for e in audit(db)] == ["ticket.unack", "ticket.ack"]

    # A closed ticket is refused before any prompt.
    t.send(ESC)
    t.wait_for("Showing:")
    t.send("f")
    t.wait_for("closed (f)")
    t.send("k")
    t.wait_for(f"Ticket #{closed} is closed; only an open ticket can be acknowledged.")
