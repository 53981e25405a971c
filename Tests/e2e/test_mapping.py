"""`psalink mapping list | set | msp-customer` against `psalink sandbox`, as an admin scripts them."""
import json
import sqlite3

import pytest

from test_commands import add_halo, psalink, sandbox  # noqa: F401 (sandbox is a fixture)

NAME = "Halo Sandbox"
ACCOUNTS = [
    ("acc-1", "Contoso", "1e3500cc-d08f-42c8-8678-ce352b7de55e"),
    ("acc-2", "Fabrikam", "5b2c7a1e-8f3d-4e6a-9c0b-2d4f6a8e1c3b"),
    ("acc-3", "Litware", "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f"),
]


def cached_company(db, where):
    """A company id from the local cache, so that the test does not depend on the sandbox's numbering."""
    with sqlite3.connect(db) as connection:
        row = connection.execute(f"SELECT company_id, name FROM psa_company WHERE {where} ORDER BY company_id "
                                 "LIMIT 1").fetchone()
    assert row, where
    return row


@pytest.fixture
def configured(db, sandbox, tmp_path):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    refreshed = psalink(db, "companies", "refresh", NAME, "--json")
    assert refreshed.returncode == 0, refreshed.stderr
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,tenantId\n" + "".join(f"{i},{n},{t}\n" for i, n, t in ACCOUNTS))
    imported = psalink(db, "accounts", "import", str(accounts))
    assert imported.returncode == 0, imported.stderr
    return db


def mapping_list(db, *args):
    result = psalink(db, "mapping", "list", NAME, "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_set_list_skip_enable_clear(configured):
    db = configured
    listed = mapping_list(db)
    assert listed["integration"] == NAME
    assert [a["accountName"] for a in listed["accounts"]] == ["Contoso", "Fabrikam", "Litware"]
    assert listed["accounts"][0] == {
        "accountId": "acc-1", "accountName": "Contoso", "enabled": True, "companyId": None, "companyName": None,
        "method": None, "confidence": None, "status": "unmapped", "reviewReason": None, "accountMissing": False,
        "appliedBy": None}

    company_id, company_name = cached_company(db, "is_active = 1 AND is_msp = 0")
    inactive_id, _ = cached_company(db, "is_active = 0")
    assert psalink(db, "mapping", "set", NAME, "--account", "acc-1", "--company", company_id).returncode == 0
    assert psalink(db, "mapping", "set", NAME, "--account", "acc-2", "--company", inactive_id).returncode == 0
    skipped = psalink(db, "mapping", "set", NAME, "--account", "acc-3", "--skip", "--json")
    assert skipped.returncode == 0, skipped.stderr
    assert json.loads(skipped.stdout)["account"]["status"] == "skipped"

    accounts = {a["accountId"]: a for a in mapping_list(db)["accounts"]}
    assert accounts["acc-1"]["companyId"] == company_id and accounts["acc-1"]["companyName"] == company_name
    assert (accounts["acc-1"]["method"], accounts["acc-1"]["status"]) == ("manual", "mapped")
    assert (accounts["acc-2"]["status"], accounts["acc-2"]["reviewReason"]) == ("needs-review", "company-inactive")
    assert (accounts["acc-3"]["status"], accounts["acc-3"]["enabled"]) == ("skipped", False)

    for status, expected in [("mapped", ["acc-1"]), ("needs-review", ["acc-2"]), ("skipped", ["acc-3"]),
                             ("unmapped", [])]:
        assert [a["accountId"] for a in mapping_list(db, "--status", status)["accounts"]] == expected, status

    assert psalink(db, "mapping", "set", NAME, "--account", "acc-1", "--skip").returncode == 0
    enabled = psalink(db, "mapping", "set", NAME, "--account", "acc-1", "--enable", "--json")
    assert json.loads(enabled.stdout)["account"]["companyId"] == company_id
    assert json.loads(enabled.stdout)["account"]["status"] == "mapped"
    cleared = psalink(db, "mapping", "set", NAME, "--account", "acc-1", "--clear", "--json")
    assert json.loads(cleared.stdout)["account"]["status"] == "unmapped"


def test_human_table_escapes_psa_names(configured):
    db = configured
    evil_id, evil_name = cached_company(db, "name LIKE 'Evil%'")
    assert "\x1b" in evil_name
    assert psalink(db, "mapping", "set", NAME, "--account", "acc-2", "--company", evil_id).returncode == 0
    table = psalink(db, "mapping", "list", NAME)
    assert table.returncode == 0, table.stderr
    assert "\x1b" not in table.stdout and "\\e[2J" in table.stdout
    assert table.stdout.splitlines()[0].split()[:3] == ["ID", "ACCOUNT", "STATUS"]
    assert any(line.startswith("acc-2") and evil_id in line for line in table.stdout.splitlines())


def test_msp_customer(configured):
    db = configured
    shown = psalink(db, "mapping", "msp-customer", NAME, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == {"integration": NAME, "companyId": None, "companyName": None,
                                        "fallbackForUnmapped": False}
    msp_id, msp_name = cached_company(db, "name = 'Northwind IT Services (MSP)'")
    chosen = psalink(db, "mapping", "msp-customer", NAME, "--company", msp_id, "--fallback-for-unmapped", "--json")
    assert chosen.returncode == 0, chosen.stderr
    expected = {"integration": NAME, "companyId": msp_id, "companyName": msp_name, "fallbackForUnmapped": True}
    assert json.loads(chosen.stdout) == expected
    assert json.loads(psalink(db, "mapping", "msp-customer", NAME, "--json").stdout) == expected
    human = psalink(db, "mapping", "msp-customer", NAME)
    assert msp_name in human.stdout and "go to it" in human.stdout

    again = psalink(db, "mapping", "msp-customer", NAME, "--company", msp_id, "--json")
    assert json.loads(again.stdout)["fallbackForUnmapped"] is False


@pytest.mark.parametrize(
    "args,status,expected",
    [
        (["mapping", "list", "Nope"], 1, "no integration is named \"Nope\""),
        (["mapping", "set", NAME, "--account", "acc-404", "--skip"], 1, "\"acc-404\""),
        (["mapping", "set", NAME, "--account", "acc-1", "--company", "999999"], 1,
         "run `psalink companies refresh \"Halo Sandbox\"` first"),
        (["mapping", "msp-customer", NAME, "--company", "999999"], 1, "\"999999\""),
        (["mapping", "set", NAME, "--account", "acc-1"], 2, "exactly one of"),
        (["mapping", "set", NAME, "--account", "acc-1", "--skip", "--enable"], 2, "exactly one of"),
        (["mapping", "set", NAME, "--account", "acc-1", "--company", "1", "--clear"], 2, "exactly one of"),
        (["mapping", "list", NAME, "--status", "weird"], 2, "--status"),
        (["mapping", "msp-customer", NAME, "--fallback-for-unmapped"], 2, "needs --company"),
    ],
)
def test_bad_cases_name_the_cause(configured, args, status, expected):
    result = psalink(configured, *args)
    assert result.returncode == status, result.stderr
    assert expected in result.stderr
    assert all(a["status"] == "unmapped" for a in mapping_list(configured)["accounts"])
