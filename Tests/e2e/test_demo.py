"""`psalink --demo`: the wizard on emulated PSAs with a temporary database, which it removes."""
import glob
import tempfile


def demo_folders():
    return set(glob.glob(tempfile.gettempdir() + "/psalink-demo-*"))


def test_demo_shows_three_working_integrations_and_cleans_up(tui):
    before = demo_folders()
    t = tui(["--demo"], with_db=False)
    t.wait_for("DEMO: emulated PSAs", timeout=30)
    for name in ["Demo HaloPSA", "Demo ConnectWise", "Demo Autotask"]:
        assert name in t.text
    assert t.text.count("OK") >= 3
    # The tickets screen of the highlighted integration works against the emulated PSA.
    t.send("t")
    t.wait_for("Tickets")
    assert "DEMO" in t.screen.display[0]
    # A test ticket reaches the emulated PSA for the MSP-level customer the demo chose.
    t.send("s")
    t.wait_for("MSP-level customer")
    t.send("\r")
    t.wait_for("created", timeout=30)
    t.send("y")
    t.wait_for("closed", timeout=30)
    t.send("\x1b")
    t.wait_for("PSA Integrations")
    t.send("q")
    assert t.wait_exit() == 0
    assert demo_folders() == before


def test_demo_refuses_a_database(run, tmp_path):
    result = run("--demo", "--db", str(tmp_path / "x.sqlite"))
    assert result.returncode == 2 and b"--demo" in result.stderr
