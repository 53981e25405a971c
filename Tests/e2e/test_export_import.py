"""`psalink export` and `psalink import` against `psalink sandbox`: a configuration built by commands
survives a round trip into a new database, secrets stay out unless asked for, and bad documents
change nothing."""
import copy
import json
import os
import sqlite3
import stat

import pytest

from test_commands import add_connectwise, add_halo, psalink, sandbox  # noqa: F401  (the fixture)

HALO = "Halo Sandbox"
CW = "CW Sandbox"
ACCOUNTS = [
    ("acc-1", "Contoso", "1e3500cc-d08f-42c8-8678-ce352b7de55e"),
    ("acc-2", "Fabrikam", "5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b"),
    ("acc-3", "Litware", "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f"),
]


def companies(db, name, count):
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute(
            "SELECT company_id FROM psa_company JOIN integration ON integration.id = psa_company.integration_id "
            "WHERE integration.display_name = ? AND is_active = 1 ORDER BY company_id LIMIT ?", (name, count))]


def ok(result):
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def configured(db, sandbox, tmp_path):  # noqa: F811
    ok(add_halo(db, sandbox, name=HALO))
    ok(add_connectwise(db, sandbox, name=CW))
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,tenantId\n" + "".join(f"{i},{n},{t}\n" for i, n, t in ACCOUNTS))
    ok(psalink(db, "accounts", "import", str(accounts)))
    ok(psalink(db, "companies", "refresh", HALO))
    ok(psalink(db, "companies", "refresh", CW))
    halo_companies = companies(db, HALO, 2)
    cw_companies = companies(db, CW, 1)
    ok(psalink(db, "mapping", "set", HALO, "--account", "acc-1", "--company", halo_companies[0]))
    ok(psalink(db, "mapping", "set", HALO, "--account", "acc-2", "--skip"))
    ok(psalink(db, "mapping", "set", CW, "--account", "acc-3", "--company", cw_companies[0]))
    ok(psalink(db, "mapping", "msp-customer", HALO, "--company", halo_companies[1], "--fallback-for-unmapped"))
    ok(psalink(db, "settings", "set", HALO, "ticket-type=Incident", "open-status=New", "reopen-window=30m"))
    ok(psalink(db, "settings", "set", CW, "board=Service Desk", "open-status=New"))
    ok(psalink(db, "queue", "add", CW, "--queue-name", "Service Desk", "board=service desk", "resolved-status=Closed"))
    return db


def export(db, *args):
    result = ok(psalink(db, "export", *args))
    return result, json.loads(result.stdout)


def without_time(document):
    document = copy.deepcopy(document)
    document.pop("exportedAt")
    return document


def test_round_trip_into_a_new_database(configured, sandbox, tmp_path):  # noqa: F811
    plain, document = export(configured)
    secrets = [sandbox["credentials"]["haloClientSecret"], sandbox["credentials"]["connectWisePrivateKey"]]
    for secret in secrets:
        assert secret not in plain.stdout + plain.stderr
    assert document["format"] == "psalink-configuration" and document["version"] == 1
    assert document["psalinkSchema"] and document["exportedAt"]
    assert [i["name"] for i in document["integrations"]] == [CW, HALO]
    halo = document["integrations"][1]
    assert halo["isDefault"] and not halo["paused"] and "clientSecret" not in halo["credentials"]
    assert halo["credentials"]["clientId"] == sandbox["credentials"]["haloClientID"]
    assert halo["settings"] == {"ticket-type": "1", "open-status": "1", "reopen-window": "30m"}
    assert halo["mspCustomer"]["fallbackForUnmapped"] is True
    assert [(m["accountId"], m["enabled"], m.get("method")) for m in halo["mappings"]] == [
        ("acc-1", True, "manual"), ("acc-2", False, None)]
    cw = document["integrations"][0]
    assert cw["queues"] == [{"name": "Service Desk", "settings": {"board": "1", "resolved-status": "22"}}]
    assert [a["id"] for a in document["accounts"]] == ["acc-1", "acc-2", "acc-3"]

    # With --include-secrets into a file, readable by its owner only.
    path = tmp_path / "config.json"
    written = ok(psalink(configured, "export", "--include-secrets", "--output", str(path)))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    for secret in secrets:
        assert secret not in written.stdout + written.stderr
        assert secret in path.read_text()
    full = json.loads(path.read_text())

    target = str(tmp_path / "new" / "psalink.sqlite")
    imported = ok(psalink(target, "import", str(path), "--json"))
    summary = json.loads(imported.stdout)
    assert summary["integrationsAdded"] == 2 and summary["accountsAdded"] == 3 and summary["queues"] == 1
    for secret in secrets:
        assert secret not in imported.stdout + imported.stderr
    _, again = export(target, "--include-secrets")
    assert without_time(again) == without_time(full)

    # The imported integrations work: the secrets came along.
    validated = ok(psalink(target, "integration", "validate", HALO, "--json"))
    assert json.loads(validated.stdout)["integration"]["health"] == "ok"
    audit = sqlite3.connect(target).execute("SELECT action, target FROM audit_log").fetchall()
    assert audit == [("configuration.import", "config.json")]


def test_import_without_secrets_keeps_stored_ones_and_needs_them_elsewhere(configured, sandbox, tmp_path):  # noqa: F811
    path = tmp_path / "plain.json"
    path.write_text(export(configured)[0].stdout)
    # Into the same database: the stored secrets stay.
    ok(psalink(configured, "import", str(path)))
    assert json.loads(ok(psalink(configured, "integration", "validate", HALO, "--json")).stdout)[
        "integration"]["health"] == "ok"
    # Into an empty one: refused, with what to do.
    target = str(tmp_path / "new" / "psalink.sqlite")
    refused = psalink(target, "import", str(path))
    assert refused.returncode == 1
    assert "--include-secrets" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert json.loads(ok(psalink(target, "integration", "list", "--json")).stdout) == {"integrations": []}


def bad_documents(full):
    unknown = copy.deepcopy(full)
    unknown["integrations"][-1]["mappings"].append({"accountId": "acc-nobody", "enabled": True, "companyId": "1",
                                                    "method": "manual"})
    duplicate = copy.deepcopy(full)
    duplicate["integrations"][1]["name"] = duplicate["integrations"][0]["name"].upper()
    newer = copy.deepcopy(full)
    newer["version"] = 2
    return [
        ("notjson.json", "{ this is not json", "not JSON"),
        ("other.json", json.dumps({"hello": "world"}), "not a psalink configuration document"),
        ("newer.json", json.dumps(newer), "written by a newer psalink (version 2); this one reads version 1"),
        ("unknown.json", json.dumps(unknown), f'integration "{HALO}": mapping to unknown account "acc-nobody"'),
        ("duplicate.json", json.dumps(duplicate), "unique regardless of case"),
        ("missing.json", None, "no such file"),
    ]


def test_bad_documents_change_nothing(configured, tmp_path):
    _, full = export(configured, "--include-secrets")
    before = without_time(full)
    # A change early in each document, so that a partial import would show.
    full["integrations"][0]["settings"] = {}
    for name, content, expected in bad_documents(full):
        path = tmp_path / name
        if content is not None:
            path.write_text(content)
        result = psalink(configured, "import", str(path))
        assert result.returncode == 1, (name, result.stderr)
        assert expected in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert "nothing was imported" in result.stderr and result.stdout == ""
        assert without_time(export(configured, "--include-secrets")[1]) == before, name


def test_import_from_standard_input_and_usage(configured, tmp_path):
    text = export(configured, "--include-secrets")[0].stdout
    target = str(tmp_path / "new" / "psalink.sqlite")
    source = tmp_path / "in.json"
    source.write_text(text)
    with open(source) as stdin:
        ok(psalink(target, "import", "-", stdin=stdin))
    assert without_time(export(target, "--include-secrets")[1]) == without_time(json.loads(text))
    assert psalink(target, "import").returncode == 2

