"""The wizard's Tickets screen against `psalink sandbox`: tickets opened by events are listed with
their numbers, a ticket's history is shown, and a test ticket is sent and closed from the screen,
then checked with `psalink tickets list --json`."""
import json
import re

from test_commands import psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event, send

ENTER, ESC = "\r", "\x1b"


def test_tickets_screen_lists_details_and_sends_a_test_ticket(tui, db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "connectwise", tmp_path)
    status, report = send(db, tmp_path, event("e1"), event("e2", condition="cond-2", target="hostpool/hp-west-2"))
    assert status == 0, report
    # The PSA's number where it has one, else its id: what the screen shows.
    numbers = [report[e]["ticketNumber"] or report[e]["ticketId"] for e in ("e1", "e2")]
    assert all(numbers) and numbers[0] != numbers[1]

    t = tui(rows=24, cols=80)
    t.wait_for("PSA Integrations")
    assert "t Tickets" in t.text
    t.send("t")
    t.wait_for(f"Tickets · {NAME['connectwise']}")
    t.wait_for("2 of 2 tickets")
    for number in numbers:
        assert number in t.text
    assert t.text.count(" open ") >= 2

    # The newest change first (both were delivered at once, in either order); the detail of the
    # highlighted one shows its create.
    t.send(ENTER)
    t.wait_for("Received")
    assert any(f"Ticket {number}" in t.text for number in numbers)
    assert "firing" in t.text and "create" in t.text and "delivered" in t.text
    t.send(ESC)
    t.wait_for("Showing: all states")

    # Send test ticket: the MSP-level customer is the default choice.
    t.send("s")
    t.wait_for("MSP-level customer (default)")
    t.send(ENTER)
    t.wait_for("Close the test ticket now?", timeout=40)
    created = re.search(r"Test ticket (\S+) created for the MSP-level customer", t.text)
    assert created, t.text
    number = created.group(1)
    t.send("y")
    t.wait_for(f"Test ticket {number} closed.", timeout=40)
    t.wait_for("3 of 3 tickets")

    listed = psalink(db, "tickets", "list", "--integration", NAME["connectwise"], "--json")
    assert listed.returncode == 0, listed.stderr
    tickets = json.loads(listed.stdout)["tickets"]
    tests = [ticket for ticket in tickets if ticket["title"].startswith("psalink test ticket")]
    assert len(tests) == 1, tickets
    assert (tests[0]["ticketNumber"] or tests[0]["ticketId"]) == number and tests[0]["state"] == "closed"

    # Back home with Esc.
    t.send(ESC)
    t.wait_for("PSA Integrations")
