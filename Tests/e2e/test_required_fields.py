"""Fields the PSA requires on new tickets (DESIGN §6), set over `psalink sandbox`'s
`/sandbox/required`: `settings set`, `queue add` and `import` refuse a configuration that leaves
one without a value or a PSA default, naming the key and saving nothing; a value given in the
same command or the PSA's default reaches the ticket the next event creates; an import while
the PSA does not answer is taken, marked for review and said so; a test ticket the PSA still
refuses shows the PSA's words."""
import json
import re
import urllib.request

import pytest

from conftest import running_sandbox
from psa_reader import _autotask_headers, _halo_headers, _request
from test_commands import psalink
from test_events import NAME, configure, event, send

ENTER = "\r"


@pytest.fixture(scope="module")
def sandbox():
    yield from running_sandbox(20)


def control(sandbox, method, path, body=None):
    request = urllib.request.Request(sandbox["baseURL"] + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(autouse=True)
def fresh_requirements(sandbox):
    control(sandbox, "DELETE", "/sandbox/required")
    control(sandbox, "DELETE", "/sandbox/faults")
    yield
    control(sandbox, "DELETE", "/sandbox/required")
    control(sandbox, "DELETE", "/sandbox/faults")


def require(sandbox, **requirement):
    control(sandbox, "POST", "/sandbox/required", requirement)


def shown(db, name):
    result = psalink(db, "settings", "show", name, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_of(db, name):
    return {entry["key"]: entry for entry in shown(db, name)["settings"]}


def created_ticket(report, event_id):
    item = report[event_id]
    assert item["operation"] == "create" and item["ticketId"], item
    return item["ticketId"]


def halo_ticket(sandbox, ticket_id):
    return _request(f'{sandbox["haloURL"]}/api/Tickets/{ticket_id}', _halo_headers(sandbox))


def autotask_ticket(sandbox, ticket_id):
    return _request(f'{sandbox["baseURL"]}/atservicesrest/V1.0/Tickets/{ticket_id}', _autotask_headers(sandbox))["item"]


def test_halo_urgency_without_default_is_refused_until_set_in_the_same_command(db, sandbox, tmp_path):
    configure(db, sandbox, "halo", tmp_path)
    name = NAME["halo"]
    require(sandbox, psa="halo", ticketType="Incident", field="urgency", default=None)

    refused = psalink(db, "settings", "set", name, "reopen-window=1h")
    assert refused.returncode == 1
    assert refused.stderr.startswith("psalink: urgency: ticket type \"Incident\" in HaloPSA requires an urgency")
    assert "set urgency in the same command (offered: High, Medium, Low); nothing was saved" in refused.stderr
    settings = settings_of(db, name)
    assert settings["reopen-window"]["value"] is None
    assert settings["urgency"]["status"] == "unset-required"

    saved = psalink(db, "settings", "set", name, "reopen-window=1h", "urgency=low")
    assert saved.returncode == 0, saved.stderr
    assert settings_of(db, name)["urgency"] == {"key": "urgency", "value": "3", "name": "Low", "status": "ok"}

    status, report = send(db, tmp_path, event("u1"))
    assert status == 0, report
    assert halo_ticket(sandbox, created_ticket(report, "u1"))["urgency"] == 3


def test_halo_types_default_urgency_is_accepted_and_carried_by_the_ticket(db, sandbox, tmp_path):
    configure(db, sandbox, "halo", tmp_path)
    name = NAME["halo"]
    require(sandbox, psa="halo", ticketType="Incident", field="urgency", default=2)

    saved = psalink(db, "settings", "set", name, "reopen-window=2h")
    assert saved.returncode == 0, saved.stderr
    assert settings_of(db, name)["urgency"]["status"] == "unset"

    status, report = send(db, tmp_path, event("d1"))
    assert status == 0, report
    assert halo_ticket(sandbox, created_ticket(report, "d1"))["urgency"] == 2


def test_queue_add_checks_the_queues_settings_over_the_integrations(db, sandbox, tmp_path):
    configure(db, sandbox, "halo", tmp_path)
    name = NAME["halo"]
    require(sandbox, psa="halo", ticketType="Service Request", field="impact", default=None)

    refused = psalink(db, "queue", "add", name, "--queue-name", "Requests", "ticket-type=Service Request")
    assert refused.returncode == 1
    assert "impact: ticket type \"Service Request\" in HaloPSA requires an impact" in refused.stderr
    assert "the queue was not added" in refused.stderr
    assert json.loads(psalink(db, "queue", "list", "--json").stdout)["queues"] == []

    added = psalink(db, "queue", "add", name, "--queue-name", "Requests", "ticket-type=Service Request",
                    "impact=Single User", "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["queue"]["settings"] == {"ticket-type": "3", "impact": "3"}


def test_autotask_required_issue_type_and_user_defined_field(db, sandbox, tmp_path):
    configure(db, sandbox, "autotask", tmp_path)
    name = NAME["autotask"]
    require(sandbox, psa="autotask", field="issueType", default=None)
    require(sandbox, psa="autotask", udf="Region", picklist=["EMEA", "APAC"], default=None)

    refused = psalink(db, "settings", "set", name, "reopen-window=1h")
    assert refused.returncode == 1
    assert "issue-type: Datto Autotask PSA requires an issue type on new tickets" in refused.stderr
    assert "udf.Region: Datto Autotask PSA requires the user-defined field \"Region\"" in refused.stderr
    assert "(offered: EMEA, APAC)" in refused.stderr and "nothing was saved" in refused.stderr
    assert settings_of(db, name)["reopen-window"]["value"] is None

    # One of the two in the command is not enough.
    half = psalink(db, "settings", "set", name, "issue-type=Software")
    assert half.returncode == 1 and "udf.Region" in half.stderr and "issue-type:" not in half.stderr

    saved = psalink(db, "settings", "set", name, "issue-type=Software", "sub-issue-type=microsoft 365",
                    "udf.region=apac")
    assert saved.returncode == 0, saved.stderr
    settings = settings_of(db, name)
    assert settings["issue-type"]["value"] == "6" and settings["sub-issue-type"]["name"] == "Microsoft 365"
    assert settings["udf.Region"] == {"key": "udf.Region", "value": "APAC", "name": "APAC", "status": "ok"}

    # A sub-issue type of another issue type is named as such.
    wrong = psalink(db, "settings", "set", name, "sub-issue-type=Server")
    assert wrong.returncode == 1 and "sub-issue-type:" in wrong.stderr and "Microsoft 365" in wrong.stderr

    status, report = send(db, tmp_path, event("a1"))
    assert status == 0, report
    ticket = autotask_ticket(sandbox, created_ticket(report, "a1"))
    assert ticket["issueType"] == 6 and ticket["subIssueType"] == 220
    assert {"name": "Region", "value": "APAC"} in ticket["userDefinedFields"]

    # User-defined fields are Autotask's only.
    other = psalink(db, "settings", "set", NAME["autotask"], "udf.Nope=1")
    assert other.returncode == 1 and "udf.Nope:" in other.stderr


def test_autotask_defaults_fill_required_fields(db, sandbox, tmp_path):
    configure(db, sandbox, "autotask", tmp_path)
    name = NAME["autotask"]
    require(sandbox, psa="autotask", field="source", default=8)
    require(sandbox, psa="autotask", udf="Contract", default="Gold")

    assert psalink(db, "settings", "set", name, "reopen-window=1h").returncode == 0
    status, report = send(db, tmp_path, event("f1"))
    assert status == 0, report
    ticket = autotask_ticket(sandbox, created_ticket(report, "f1"))
    assert ticket["source"] == 8
    assert {"name": "Contract", "value": "Gold"} in ticket["userDefinedFields"]


def exported(db, tmp_path):
    result = psalink(db, "export", "--include-secrets")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def imported(target, document, tmp_path):
    path = tmp_path / "configuration.json"
    path.write_text(json.dumps(document))
    return psalink(target, "import", str(path))


def test_import_refuses_a_value_the_psa_lacks_and_a_required_field_left_empty(db, sandbox, tmp_path):
    configure(db, sandbox, "halo", tmp_path)
    document = exported(db, tmp_path)
    target = str(tmp_path / "target.sqlite")

    bad = json.loads(json.dumps(document))
    bad["integrations"][0]["settings"]["open-status"] = "999"
    refused = imported(target, bad, tmp_path)
    assert refused.returncode == 1
    assert "integration \"Halo Sandbox\": open-status: no status has the id or name \"999\"" in refused.stderr
    assert "nothing was imported" in refused.stderr
    assert json.loads(psalink(target, "integration", "list", "--json").stdout)["integrations"] == []

    require(sandbox, psa="halo", ticketType="Incident", field="urgency", default=None)
    unmet = imported(target, document, tmp_path)
    assert unmet.returncode == 1
    assert "integration \"Halo Sandbox\": urgency: ticket type \"Incident\" in HaloPSA requires an urgency" \
        in unmet.stderr
    assert json.loads(psalink(target, "integration", "list", "--json").stdout)["integrations"] == []

    fixed = json.loads(json.dumps(document))
    fixed["integrations"][0]["settings"]["urgency"] = "Medium"
    accepted = imported(target, fixed, tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert "not checked" not in accepted.stdout
    # The name became the PSA's id.
    assert settings_of(target, NAME["halo"])["urgency"]["value"] == "2"


def test_import_while_the_psa_does_not_answer_is_marked_for_review(db, sandbox, tmp_path):
    configure(db, sandbox, "halo", tmp_path)
    document = exported(db, tmp_path)
    target = str(tmp_path / "target.sqlite")

    control(sandbox, "POST", "/sandbox/faults", {"fault": "status", "status": 503, "count": 50})
    result = imported(target, document, tmp_path)
    control(sandbox, "DELETE", "/sandbox/faults")
    assert result.returncode == 0, result.stderr
    line = re.search(r'settings of "Halo Sandbox" not checked against the PSA \((.+)\); marked for review: '
                     r"run psalink settings show 'Halo Sandbox'", result.stdout)
    assert line and "503" in line.group(1), result.stdout

    report = shown(target, NAME["halo"])
    assert report["reviewNeeded"] is True and "503" in report["reviewReason"]
    human = psalink(target, "settings", "show", NAME["halo"])
    assert "review needed" in human.stdout

    saved = psalink(target, "settings", "set", NAME["halo"], "reopen-window=3h", "--json")
    assert saved.returncode == 0, saved.stderr
    assert json.loads(saved.stdout)["reviewNeeded"] is False
    assert shown(target, NAME["halo"])["reviewNeeded"] is False


def test_a_test_ticket_the_psa_still_refuses_shows_its_words(tui, db, sandbox, tmp_path):
    configure(db, sandbox, "halo", tmp_path)
    # The PSA changes after the settings were checked.
    require(sandbox, psa="halo", ticketType="Incident", field="urgency", default=None)

    t = tui(rows=24, cols=100)
    t.wait_for("PSA Integrations")
    t.send("t")
    t.wait_for(f"Tickets · {NAME['halo']}")
    t.send("s")
    t.wait_for("MSP-level customer (default)")
    t.send(ENTER)
    t.wait_for("Test ticket not sent to the MSP-level customer", timeout=40)
    t.wait_for("Urgency is required", timeout=5)


CTRL_N, CTRL_S = "\x0e", "\x13"


def open_ticket_settings(t, name):
    t.wait_for(name)
    t.send(ENTER)
    t.wait_for(f"{name} (")
    t.send(CTRL_N)
    t.wait_for("Account Mapping")
    t.send(CTRL_N)
    t.wait_for("Choices from", timeout=20)


def test_the_wizard_shows_a_required_user_defined_field_and_refuses_to_save_without_it(tui, db, sandbox,
                                                                                         tmp_path):
    configure(db, sandbox, "autotask", tmp_path)
    name = NAME["autotask"]
    require(sandbox, psa="autotask", udf="Region", picklist=["EMEA", "APAC"], default=None)

    t = tui(rows=24, cols=100)
    t.wait_for("PSA Integrations")
    open_ticket_settings(t, name)
    t.send(CTRL_S)
    t.wait_for("Not saved. Region: Datto Autotask PSA requires the user-defined field")
    assert "offered: EMEA, APAC" in t.text
    assert settings_of(db, name).get("udf.Region", {}).get("value") is None

    t.send("apac")
    t.wait_for("APAC")
    t.send(ENTER)
    t.send(CTRL_S)
    t.wait_for(f'Saved "{name}"')
    assert settings_of(db, name)["udf.Region"]["value"] == "APAC"


def test_the_wizard_shows_the_review_mark_of_an_unchecked_import_until_save(tui, db, sandbox, tmp_path):
    configure(db, sandbox, "halo", tmp_path)
    document = exported(db, tmp_path)
    target = str(tmp_path / "target.sqlite")
    control(sandbox, "POST", "/sandbox/faults", {"fault": "status", "status": 503, "count": 50})
    result = imported(target, document, tmp_path)
    control(sandbox, "DELETE", "/sandbox/faults")
    assert result.returncode == 0, result.stderr

    t = tui(["--db", target], rows=24, cols=100, with_db=False)
    t.wait_for("PSA Integrations")
    open_ticket_settings(t, NAME["halo"])
    t.wait_for("Review needed: imported without a check against HaloPSA")
    t.send(CTRL_S)
    # The imported mappings' companies are not cached yet, so the mapping tab may hold the
    # editor open; the ticket settings are saved either way.
    t.wait_for("aved", timeout=20)
    assert 'Saved "Halo Sandbox"' in t.text or "Ticket settings saved" in t.text, t.text
    assert shown(target, NAME["halo"])["reviewNeeded"] is False
