"""Tickets that change under psalink's feet: a technician deletes, merges or closes a ticket in the PSA,
and the next event for its key still reaches someone (`psalink sandbox`'s `/sandbox/tickets` knob)."""
import json
import sqlite3
import urllib.request

import pytest

from psa_reader import ticket
from test_commands import psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event, ids, send
from test_settings import SYSTEMS


def technician(sandbox, system, action, ticket_id, **extra):  # noqa: F811
    body = json.dumps({"action": action, "psa": system, "ticket": str(ticket_id), **extra}).encode()
    request = urllib.request.Request(sandbox["baseURL"] + "/sandbox/tickets", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def listed(db, system):
    result = psalink(db, "tickets", "list", "--integration", NAME[system], "--json")
    assert result.returncode == 0, result.stderr
    return {t["ticketId"]: t for t in json.loads(result.stdout)["tickets"]}


def age_knowledge(db):
    """As if psalink last read its tickets an hour ago: the next repeat reads the ticket first."""
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE ticket SET checked_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 hour')")


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_deleted_ticket_is_replaced_by_one_that_names_it(db, sandbox, system, tmp_path):  # noqa: F811
    configure(db, sandbox, system, tmp_path)
    _, first = send(db, tmp_path, event("d1"))
    old = first["d1"]["ticketId"]
    old_name = first["d1"]["ticketNumber"] or old
    technician(sandbox, system, "delete", old)

    status, second = send(db, tmp_path, event("d2"))
    assert status == 0
    replaced = second["d2"]
    assert (replaced["state"], replaced["operation"]) == ("delivered", "create")
    assert replaced["ticketId"] != old
    assert replaced["drift"] == f"ticket #{old_name} was deleted in the PSA; opened a new ticket"

    tickets = listed(db, system)
    assert tickets[old]["gone"] == "deleted" and tickets[old]["state"] == "closed"
    assert tickets[replaced["ticketId"]]["replaces"] == old_name
    assert tickets[replaced["ticketId"]]["state"] == "open"
    text = psalink(db, "tickets", "list", "--integration", NAME[system]).stdout
    assert f"(replaces #{old_name}, deleted in the PSA)" in text and "(deleted in the PSA)" in text

    # The resolve closes the new ticket; a resolve of the deleted one was never needed.
    _, third = send(db, tmp_path, event("d3", state="resolved"))
    assert (third["d3"]["operation"], third["d3"]["ticketId"]) == ("resolve", replaced["ticketId"])
    assert ticket(sandbox, system, replaced["ticketId"])[2]


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_resolve_of_a_deleted_ticket_is_skipped_not_failed(db, sandbox, system, tmp_path):  # noqa: F811
    configure(db, sandbox, system, tmp_path)
    _, first = send(db, tmp_path, event("r1"))
    technician(sandbox, system, "delete", first["r1"]["ticketId"])
    status, second = send(db, tmp_path, event("r2", state="resolved"))
    assert status == 0
    assert second["r2"]["state"] == "skipped"
    assert "was deleted in the PSA: no open ticket to resolve" in second["r2"]["error"]


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_technicians_close_is_reopened_within_the_window(db, sandbox, system, tmp_path):  # noqa: F811
    configure(db, sandbox, system, tmp_path)
    _, first = send(db, tmp_path, event("c1"))
    closed = first["c1"]["ticketId"]
    # The PSA refuses notes on the closed ticket: psalink finds out why and reopens it.
    technician(sandbox, system, "close", closed, refuseNotes=True)

    status, second = send(db, tmp_path, event("c2"))
    assert status == 0
    assert (second["c2"]["operation"], second["c2"]["ticketId"]) == ("reopen", closed)
    assert "was closed in the PSA; within the reopen window, reopened it" in second["c2"]["drift"]
    assert ticket(sandbox, system, closed)[0] == ids(system)["open-status"]


def test_a_technicians_close_past_the_window_gets_a_new_ticket(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "autotask", tmp_path)
    assert psalink(db, "settings", "set", NAME["autotask"], "reopen-window=0m").returncode == 0
    _, first = send(db, tmp_path, event("w1"))
    technician(sandbox, "autotask", "close", first["w1"]["ticketId"])
    age_knowledge(db)
    _, second = send(db, tmp_path, event("w2"))
    assert second["w2"]["operation"] == "create" and second["w2"]["ticketId"] != first["w1"]["ticketId"]
    assert second["w2"]["drift"].endswith("was closed in the PSA; past the reopen window, opened a new ticket")


@pytest.mark.parametrize("system", ["halo", "connectwise"])
def test_a_merged_ticket_is_followed(db, sandbox, system, tmp_path):  # noqa: F811
    configure(db, sandbox, system, tmp_path)
    _, first = send(db, tmp_path, event("m1"), event("m-other", target="hostpool/hp-west-2"))
    merged, survivor = first["m1"]["ticketId"], first["m-other"]["ticketId"]
    technician(sandbox, system, "merge", merged, into=survivor)
    age_knowledge(db)

    _, second = send(db, tmp_path, event("m2"))
    assert (second["m2"]["operation"], second["m2"]["ticketId"]) == ("note", survivor)
    assert second["m2"]["drift"] == f"ticket #{merged} was merged into #{survivor} in the PSA; noted there"
    # Both keys' rows now follow the surviving ticket; the merged key's says where it came from.
    result = psalink(db, "tickets", "list", "--integration", NAME[system], "--json")
    rows = json.loads(result.stdout)["tickets"]
    assert sorted((t["ticketId"], t["mergedFrom"] or "") for t in rows) == sorted([(survivor, merged), (survivor, "")])

