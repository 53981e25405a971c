"""Companies that change in the PSA (`psalink sandbox`'s `/sandbox/companies` knob): mapping health and
where the broken mapping's events go (`broken-mapping`), against each emulated PSA."""
import json
import urllib.request

import pytest

from test_commands import psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event, send
from test_settings import SYSTEMS


def change_company(sandbox, system, action, company, **extra):  # noqa: F811
    body = json.dumps({"action": action, "psa": system, "company": company, **extra}).encode()
    request = urllib.request.Request(sandbox["baseURL"] + "/sandbox/companies", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def mapped(db, name):
    listed = json.loads(psalink(db, "mapping", "list", name, "--json").stdout)["accounts"]
    return {a["accountId"]: a for a in listed}["acc-mapped"]


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_deactivated_company_needs_review_and_its_events_follow_the_policy(db, sandbox, system, tmp_path):  # noqa: F811
    name = NAME[system]
    company, msp = configure(db, sandbox, system, tmp_path)
    change_company(sandbox, system, "deactivate", company)
    assert psalink(db, "companies", "refresh", name).returncode == 0
    account = mapped(db, name)
    assert account["status"] == "needs-review" and account["reviewReason"] == "company-inactive"
    audit = psalink(db, "audit", "--json")
    assert "mapping.health" in audit.stdout and "company-inactive" in audit.stdout

    # Default msp: the ticket opens at the MSP-level customer and says why.
    status, report = send(db, tmp_path, event("m1"))
    assert status == 0 and report["m1"]["operation"] == "create", report
    listed = json.loads(psalink(db, "tickets", "list", "--integration", name, "--json").stdout)["tickets"]
    assert [t["companyId"] for t in listed] == [msp]

    # hold: waits, counted as waiting; remapping the account sends it on.
    assert psalink(db, "settings", "set", name, "broken-mapping=hold").returncode == 0
    status, report = send(db, tmp_path, event("h1", target="hostpool/other"))
    assert status == 1 and report["h1"]["state"] == "held" and "remapped" in report["h1"]["error"]
    summary = json.loads(psalink(db, "integration", "list", "--json").stdout)["integrations"][0]
    assert (summary["brokenMappings"], summary["eventsHeld"], summary["eventsWithoutTicket"]) == (1, 1, 0)
    assert psalink(db, "mapping", "set", name, "--account", "acc-mapped", "--company", msp).returncode == 0
    status, report = send(db, tmp_path, event("h2", target="hostpool/third"))
    assert status == 0 and report["h2"]["operation"] == "create"
    events = json.loads(psalink(db, "tickets", "list", "--integration", name, "--json").stdout)["tickets"]
    assert len(events) == 3


def test_a_bad_policy_value_is_refused_naming_the_key_and_nothing_is_saved(db, sandbox, tmp_path):  # noqa: F811
    name = NAME["halo"]
    configure(db, sandbox, "halo", tmp_path)
    for bad in ("broken-mapping=later", "fallback-ticket=maybe"):
        result = psalink(db, "settings", "set", name, bad)
        assert result.returncode == 1 and bad.split("=")[0] in result.stderr, result.stderr
    shown = json.loads(psalink(db, "settings", "show", name, "--json").stdout)
    assert "later" not in json.dumps(shown) and "maybe" not in json.dumps(shown)
