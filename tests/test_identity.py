"""The learner id: one order of sources (casebook/identity.py), each source tested, the locked
ones (JupyterHub login, app page) not changeable by set_learner, bad ids named by source."""

from __future__ import annotations

import threading

import pytest

from casebook import identity, responses

APP_VARS = (
    "JUPYTERHUB_USER",
    "QUERY_STRING",
    "VOILA_PREHEAT",
    "VOILA_KERNEL_ID",
    "SERVER_SOFTWARE",
)


@pytest.fixture(autouse=True)
def clean(monkeypatch, tmp_path):
    for name in (*APP_VARS, "CASEBOOK_LEARNER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CASEBOOK_RESPONSES", str(tmp_path / "responses.jsonl"))
    monkeypatch.setattr(responses, "_settings", dict.fromkeys(responses._settings))


def _all_sources(monkeypatch):
    """Every source at once, each with its own id."""
    responses.set_learner("saved-id")  # also saves it beside the responses file
    monkeypatch.setattr(responses, "_settings", dict.fromkeys(responses._settings))
    monkeypatch.setenv("CASEBOOK_LEARNER", "env-id")
    responses._settings["learner"] = "kernel-id"
    monkeypatch.setenv("QUERY_STRING", "learner=app-id&x=1")
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-id")


def test_order_hub_then_app_then_set_learner_then_environment_then_saved_then_default(
    monkeypatch,
):
    _all_sources(monkeypatch)
    order = []
    for unset in ("JUPYTERHUB_USER", "QUERY_STRING", "kernel", "CASEBOOK_LEARNER", "saved", None):
        learner = responses.current_learner()
        order.append((learner.id, learner.source))
        if unset == "kernel":
            responses._settings["learner"] = None
        elif unset == "saved":
            responses.learner_file().unlink()
        elif unset:
            monkeypatch.delenv(unset)
    assert order == [
        ("hub-id", "jupyterhub"),
        ("app-id", "app"),
        ("kernel-id", "set_learner"),
        ("env-id", "environment"),
        ("saved-id", "saved"),
        ("anonymous", "default"),
    ]


def test_record_carries_the_hub_login(monkeypatch, tmp_path):
    _all_sources(monkeypatch)
    rec = responses.record_response(
        case="case1", day=1, exercise="ice", answer={}, result={"correct": True}, attempt=1
    )
    assert rec.learner == "hub-id"


def test_set_learner_cannot_override_the_hub_login(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    notice = responses.set_learner("mallory")
    assert responses.get_learner() == "alice"
    assert "'alice'" in repr(notice) and "neither needed nor able" in repr(notice)
    assert not responses.learner_file().exists()  # nothing saved for other notebooks either
    assert "&#x27;alice&#x27;" in notice._repr_html_()


def test_set_learner_in_the_app_changes_nothing(monkeypatch):
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    monkeypatch.setenv("QUERY_STRING", "learner=ab12")
    notice = responses.set_learner("resident-01")
    assert "start page" in repr(notice)
    assert responses.get_learner() == "ab12"
    assert not responses.learner_file().exists()


def test_set_learner_outside_hub_and_app_sets_and_saves():
    assert responses.set_learner("ab12") is None
    assert responses.current_learner() == identity.Learner("ab12", "set_learner")
    assert responses.learner_file().read_text(encoding="utf-8") == "ab12\n"


def test_set_learner_still_checks_the_id_on_the_hub(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    with pytest.raises(ValueError, match="1-64 characters"):
        responses.set_learner("<b>")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", None),
        ("x=1", None),
        ("learner=ab12", "ab12"),
        ("token=abc&learner=Jane.Doe%40example.org", "Jane.Doe@example.org"),
    ],
)
def test_query_learner(query, expected):
    assert identity.query_learner(query) == expected


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("learner=", "''"),
        ("learner=a%20b", "'a b'"),
        ("learner=%3Cscript%3E", "'<script>'"),
        ("learner=" + "x" * 65, "'" + "x" * 65 + "'"),
    ],
)
def test_bad_id_in_the_page_address_is_an_error_naming_it(monkeypatch, query, shown):
    monkeypatch.setenv("QUERY_STRING", query)
    with pytest.raises(ValueError) as info:
        responses.get_learner()
    message = str(info.value)
    assert "page address (?learner=...)" in message and shown in message
    assert identity.LEARNER_RULE in message


def test_two_ids_in_the_page_address_are_an_error(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "learner=a&learner=b")
    with pytest.raises(ValueError, match="gives 2 ids; expected one"):
        responses.get_learner()


def test_bad_hub_login_is_an_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "a b")
    with pytest.raises(ValueError, match=r"JUPYTERHUB_USER.*'a b'"):
        responses.get_learner()


def test_preheated_kernel_asks_voila_for_the_page_address_once_needed():
    # A pre-heated kernel has no QUERY_STRING until it asks Voilà (voila.utils.wait_for_request,
    # which puts the request's variables into the environment).
    env = {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k1"}
    calls = []

    def wait():
        calls.append(threading.current_thread().name)
        env["QUERY_STRING"] = "learner=ab12"

    assert identity.query_string(env, wait=wait) == "learner=ab12"
    assert identity.query_string(env, wait=wait) == "learner=ab12"
    assert len(calls) == 1  # asked once; afterwards the variable is there


def test_preheated_kernel_that_gets_no_address_says_so_instead_of_hanging():
    env = {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k1"}
    block = threading.Event()
    with pytest.raises(RuntimeError, match="reload the page"):
        identity.query_string(env, wait=block.wait, timeout=0.2)
    block.set()


def test_outside_the_app_nobody_is_asked():
    def wait():
        raise AssertionError("must not wait outside the app")

    assert identity.query_string({}, wait=wait) is None
    assert identity.query_string({"VOILA_PREHEAT": "False"}, wait=wait) is None


def test_in_app_is_known_without_waiting():
    assert identity.in_app({"VOILA_KERNEL_ID": "k"})
    assert identity.in_app({"SERVER_SOFTWARE": "voila/0.5.13"})
    assert not identity.in_app({"SERVER_SOFTWARE": "other"})
    assert not identity.in_app({})


def test_every_source_is_described_for_the_learner():
    for source in ("jupyterhub", "app", "set_learner", "environment", "saved", "default"):
        text = identity.Learner("ab12", source).describe()
        assert "ab12" in text
    assert identity.Learner("a", "jupyterhub").locked and identity.Learner("a", "app").locked
    assert not identity.Learner("a", "saved").locked
