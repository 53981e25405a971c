"""`psalink queue add | list | remove` against `psalink sandbox`."""
import json

from test_commands import add_autotask, add_connectwise, psalink, sandbox  # noqa: F401  (the fixture)


def test_queues_are_checked_with_the_psa_unique_and_removable(db, sandbox):  # noqa: F811
    assert add_connectwise(db, sandbox, name="CW").returncode == 0
    assert add_autotask(db, sandbox, name="AT").returncode == 0

    added = psalink(db, "queue", "add", "CW", "--queue-name", "Service Desk", "board=service desk",
                    "open-status=New", "resolved-status=Closed", "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["queue"] == {
        "name": "Service Desk", "integration": "CW",
        "settings": {"board": "1", "open-status": "16", "resolved-status": "22"}}

    # Names are unique across integrations, whatever the case.
    duplicate = psalink(db, "queue", "add", "AT", "--queue-name", "SERVICE DESK")
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr

    # Values are checked with the PSA: a resolved status must close the ticket; nothing is added.
    refused = psalink(db, "queue", "add", "AT", "--queue-name", "Alerts", "resolved-status=New")
    assert refused.returncode == 1 and "resolved-status" in refused.stderr and "Traceback" not in refused.stderr
    foreign = psalink(db, "queue", "add", "AT", "--queue-name", "Alerts", "board=1")
    assert foreign.returncode == 1 and "ConnectWise" in foreign.stderr
    assert psalink(db, "queue", "add", "AT", "--queue-name", "Alerts", "queue=Monitoring Alert").returncode == 0

    listed = json.loads(psalink(db, "queue", "list", "--json").stdout)["queues"]
    assert [(q["name"], q["integration"]) for q in listed] == [("Alerts", "AT"), ("Service Desk", "CW")]
    assert json.loads(psalink(db, "queue", "list", "AT", "--json").stdout)["queues"][0]["settings"] == {
        "queue": "29683354"}

    wrong_owner = psalink(db, "queue", "remove", "AT", "--queue-name", "Service Desk")
    assert wrong_owner.returncode == 1 and "has no ticket queue" in wrong_owner.stderr
    assert psalink(db, "queue", "remove", "CW", "--queue-name", "service desk").returncode == 0
    assert [q["name"] for q in json.loads(psalink(db, "queue", "list", "--json").stdout)["queues"]] == ["Alerts"]

    usage = psalink(db, "queue", "add", "AT", "--queue-name", "X", "not-an-assignment")
    assert usage.returncode == 2
