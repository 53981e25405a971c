"""`psalink accounts import` and `accounts list`, as an admin scripts them."""
import json
import subprocess

from terminal import BIN
from test_commands import psalink

TENANT = "1e3500cc-d08f-42c8-8678-ce352b7de55e"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return str(path)


def listed(db):
    return json.loads(psalink(db, "accounts", "list", "--json").stdout)["accounts"]


def test_import_reimport_and_list(db, tmp_path):
    first = write(tmp_path, "a.csv", f"\ufeffid,name,tenantId,domain\r\n1,Contoso,{TENANT},contoso.example\r\n"
                                     f"2,\"Smith & Jones, LLP\",{TENANT},\r\n")
    result = psalink(db, "accounts", "import", first, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 2
    assert [a["name"] for a in listed(db)] == ["Contoso", "Smith & Jones, LLP"]

    second = write(tmp_path, "b.json", json.dumps([{"id": 1, "name": "Contoso Ltd", "tenantId": TENANT}]))
    summary = json.loads(psalink(db, "accounts", "import", second, "--json").stdout)
    assert (summary["updated"], summary["markedMissing"]) == (1, 1)
    accounts = {a["id"]: a for a in listed(db)}
    assert accounts["1"]["name"] == "Contoso Ltd" and not accounts["1"]["missing"]
    assert accounts["2"]["missing"]


def test_bad_files_change_nothing(db, tmp_path):
    good = write(tmp_path, "good.csv", f"id,name,tenantId\n1,Contoso,{TENANT}\n")
    assert psalink(db, "accounts", "import", good).returncode == 0
    cases = {
        "missing.csv": ("id,name\n1,Contoso\n", "no tenantId column"),
        "dupes.csv": (f"id,name,tenantId\n9,A,{TENANT}\n9,B,{TENANT}\n", "row 2, id"),
        "latin1.csv": (b"id,name,tenantId\n9,Caf\xe9," + TENANT.encode() + b"\n", "not UTF-8"),
        "broken.json": ("[{\"id\": 1,", "not valid JSON"),
    }
    for name, (content, expected) in cases.items():
        result = psalink(db, "accounts", "import", write(tmp_path, name, content))
        assert result.returncode == 1, name
        assert expected in result.stderr and "nothing was imported" in result.stderr, result.stderr
    assert [a["name"] for a in listed(db)] == ["Contoso"]


def test_import_from_standard_input(db):
    proc = subprocess.run([BIN, "accounts", "import", "-"], input=f"id,name,tenantId\n5,Five,{TENANT}\n",
                          capture_output=True, text=True, env={"PSALINK_DB": db, "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert "1 added" in proc.stdout
