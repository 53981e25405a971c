"""`scripts/dev install` and `uninstall` into a staging root (DESTDIR): the files and their modes, the token
(random, kept, never printed), the unit as `systemd-analyze verify` and `security` see it, and the score the
README quotes. With DESTDIR no user is created, nothing is built and nothing is started."""
import filecmp
import os
import re
import stat
import subprocess
from pathlib import Path

from terminal import BIN

REPOSITORY = Path(__file__).resolve().parents[2]
EXPOSURE = re.compile(r"Overall exposure level for psalink\.service: (\d+\.\d+ [A-Z]+)")


def dev(command, destination):
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
                   "DESTDIR": str(destination), "PSALINK_BINARY": BIN}
    result = subprocess.run([str(REPOSITORY / "scripts" / "dev"), command], env=environment, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def unit_setting(unit, key):
    values = re.findall(rf"^{key}=(.*)$", unit.read_text(), re.MULTILINE)
    assert len(values) == 1, f"{key}= in {unit}: {values}"
    return values[0]


def test_install_stages_the_service_with_a_private_token(tmp_path):
    root = tmp_path / "root"
    output = dev("install", root)
    binary = root / "usr/local/bin/psalink"
    unit = root / "etc/systemd/system/psalink.service"
    token = root / "etc/psalink/token"
    assert filecmp.cmp(binary, BIN, shallow=False) and mode(binary) == 0o755
    assert unit.read_text() == (REPOSITORY / "deploy/systemd/psalink.service").read_text() and mode(unit) == 0o644
    assert mode(token.parent) == 0o700 and mode(token) == 0o600
    assert mode(root / "var/lib/psalink") == 0o700
    if os.geteuid() == 0:
        assert token.stat().st_uid == 0 and token.parent.stat().st_uid == 0
    secret = token.read_text()
    assert re.fullmatch(r"[0-9a-f]{64}\n", secret), "32 random bytes as hex, one line"
    assert secret.strip() not in output
    assert str(token) in output and f"sudo cat {token}" in output

    # The unit runs what was installed, with the token install wrote.
    assert unit_setting(unit, "ExecStart").split()[0] == "/usr/local/bin/psalink"
    assert unit_setting(unit, "LoadCredential") == "token:/etc/psalink/token"
    assert "--token-file %d/token" in unit_setting(unit, "ExecStart")

    again = dev("install", root)
    assert token.read_text() == secret and mode(token) == 0o600
    assert "kept the token" in again and secret.strip() not in again
    other = tmp_path / "other"
    dev("install", other)
    assert (other / "etc/psalink/token").read_text() != secret


def verify(unit_text, folder):
    folder.mkdir()
    (folder / "psalink.service").write_text(unit_text)
    result = subprocess.run(["systemd-analyze", "verify", str(folder / "psalink.service")], capture_output=True,
                            text=True, timeout=60)
    return result.returncode, [line for line in (result.stdout + result.stderr).splitlines() if "psalink" in line]


def test_the_installed_unit_verifies_and_scores_what_the_readme_says(tmp_path):
    root = tmp_path / "root"
    dev("install", root)
    unit = root / "etc/systemd/system/psalink.service"
    # verify has no --root here that finds the system's targets, so a copy runs the staged binary.
    staged = unit.read_text().replace("/usr/local/bin/psalink", str(root / "usr/local/bin/psalink"))
    assert verify(staged, tmp_path / "verify") == (0, [])
    _, complaints = verify(staged.replace("RestartSec=5", "RestartSec=5x"), tmp_path / "broken")
    assert complaints, "verify must name a bad setting, or the check above proves nothing"

    security = subprocess.run(["systemd-analyze", "security", "--offline=true", str(unit)], capture_output=True,
                              text=True, timeout=60)
    measured = EXPOSURE.search(security.stdout + security.stderr)
    assert measured, security.stdout + security.stderr
    quoted = EXPOSURE.findall((REPOSITORY / "README.md").read_text())
    assert quoted == [measured.group(1)], f"README quotes {quoted}, systemd-analyze says {measured.group(1)}"


def test_uninstall_keeps_the_data_and_the_token(tmp_path):
    root = tmp_path / "root"
    dev("install", root)
    database = root / "var/lib/psalink/psalink.sqlite"
    database.write_bytes(b"the admin's data")
    secret = (root / "etc/psalink/token").read_text()

    output = dev("uninstall", root)
    assert not (root / "usr/local/bin/psalink").exists()
    assert not (root / "etc/systemd/system/psalink.service").exists()
    assert database.read_bytes() == b"the admin's data"
    assert (root / "etc/psalink/token").read_text() == secret
    assert f"kept the data in {root}/var/lib/psalink" in output and "kept the token" in output
    assert secret.strip() not in output


def test_install_refuses_a_binary_that_is_not_there(tmp_path):
    environment = {"PATH": os.environ.get("PATH", ""), "DESTDIR": str(tmp_path / "root"),
                   "PSALINK_BINARY": str(tmp_path / "missing")}
    result = subprocess.run([str(REPOSITORY / "scripts" / "dev"), "install"], env=environment, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0 and "PSALINK_BINARY" in result.stderr
    assert not (tmp_path / "root" / "etc").exists()
