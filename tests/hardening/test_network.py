"""Network: the casebook works offline and never tries to connect: importing it, loading both
cases, plots and tables, every widget (with Check and Submit), the report and my_progress, with
every socket connection and name lookup blocked and recorded."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import urllib.request

import pytest
from hardkit import ROOT, exercise_all

# Installed before anything else runs; every attempt is recorded, then refused.
BLOCK = textwrap.dedent(
    """
    import socket
    ATTEMPTS = []

    def _refuse(name):
        def refuse(*args, **kwargs):
            ATTEMPTS.append((name, repr(args[:2])[:200]))
            raise OSError("network blocked by the casebook hardening test: " + name)
        return refuse

    socket.socket.connect = _refuse("socket.connect")
    socket.socket.connect_ex = _refuse("socket.connect_ex")
    socket.socket.sendto = _refuse("socket.sendto")
    socket.create_connection = _refuse("socket.create_connection")
    socket.getaddrinfo = _refuse("socket.getaddrinfo")
    socket.gethostbyname = _refuse("socket.gethostbyname")
    """
)

# Everything a learner and an instructor do, in a fresh interpreter.
EVERYTHING = textwrap.dedent(
    """
    import json, os, sys, tempfile
    from pathlib import Path
    tmp = Path(tempfile.mkdtemp())
    os.environ["CASEBOOK_RESPONSES"] = str(tmp / "r.jsonl")
    os.environ["CASEBOOK_LEARNER"] = "offline"
    import casebook
    sys.path.insert(0, sys.argv[1])
    from hardkit import exercise_all
    cases = [casebook.load_case(c) for c in casebook.list_cases()]
    for case in cases:
        casebook.plot_course(case).to_json()
        casebook.course_table(case).to_html()
        exercise_all(case)
    casebook.vignette_exercise(casebook.load_vignettes()[0].id)
    from casebook.report import run_report
    with open(tmp / "summary.txt", "w") as out:
        assert run_report([tmp / "r.jsonl"], tmp / "report.html", out=out) == 0
    casebook.my_progress()._repr_html_()
    print(json.dumps(ATTEMPTS))
    """
)


@pytest.fixture
def blocked(monkeypatch):
    """Block and record every connection attempt in this process."""
    attempts: list[tuple[str, tuple]] = []

    def refuse(name):
        def refuse_call(*args, **kwargs):
            attempts.append((name, args[:2]))
            raise OSError(f"network blocked by the casebook hardening test: {name}")

        return refuse_call

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    return attempts


def test_the_block_catches_a_connection(blocked):
    """The block works: a plain HTTP request is recorded and refused."""
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.invalid/", timeout=2)
    assert blocked and blocked[0][0] in ("socket.getaddrinfo", "socket.create_connection")


def test_everything_works_in_process_without_network(blocked, tmp_path, response_file):
    import casebook
    from casebook.plots import course_table, plot_course
    from casebook.report import run_report

    cases = [casebook.load_case(c) for c in ("case1", "case2")]
    for case in cases:
        plot_course(case).to_json()
        course_table(case).to_html()
        exercise_all(case)
    assert response_file.exists()
    with open(tmp_path / "summary.txt", "w", encoding="utf-8") as out:
        assert run_report([response_file], tmp_path / "report.html", out=out) == 0
    assert "Correct at first attempt" in (tmp_path / "summary.txt").read_text()
    assert "Progress of tester" in casebook.my_progress()._repr_html_()
    assert blocked == []


def test_import_and_everything_in_a_fresh_interpreter_without_network(tmp_path):
    """Import-time network use would be caught here: the block is in place before import."""
    result = subprocess.run(
        [sys.executable, "-c", BLOCK + EVERYTHING, str(ROOT / "tests" / "hardening")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_subprocess_block_would_catch_import_time_use(tmp_path):
    """The same harness reports a module that connects when imported."""
    (tmp_path / "phones_home.py").write_text(
        "import urllib.request\n"
        "try:\n"
        "    urllib.request.urlopen('http://example.invalid/', timeout=2)\n"
        "except OSError:\n"
        "    pass\n"
    )
    code = BLOCK + "import json, sys\nsys.path.insert(0, '.')\nimport phones_home\n"
    code += "print(json.dumps(ATTEMPTS))\n"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) != []


def test_make_lab_binds_to_loopback_and_keeps_the_token():
    """`make lab` serves on 127.0.0.1 only and never turns the token or the checks off (the
    running server is tested in tests/test_make_lab.py)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    command = " ".join(line.strip() for line in recipe.splitlines()[1:])
    assert "jupyter lab" in command
    assert "--ServerApp.ip=127.0.0.1" in command
    for unsafe in (
        "0.0.0.0",  # noqa: S104 - the string the recipe must not contain
        "--ip=*",
        "token=''",
        'token=""',
        "token= ",
        "password=''",
        "disable_check_xsrf",
        "allow_remote_access",
        "allow_origin",
    ):
        assert unsafe not in command, unsafe
