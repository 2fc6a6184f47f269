"""The test JupyterLab server refuses requests without its token and listens on loopback only."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

LISTEN = "0A"  # TCP state in /proc/net/tcp*


def listening_addresses(port: int) -> list[str]:
    """Local addresses (hex, as /proc/net/tcp* writes them) listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == LISTEN:
                found.append(address)
    return found


def outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: routing lookup only
        except OSError:
            return None
        address = sock.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address  # noqa: S104


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/contents/notebooks"),
        ("GET", "/api/kernels"),
        ("POST", "/api/kernels"),
        ("GET", "/api/sessions"),
        ("GET", "/api/contents/notebooks/02_case1.ipynb"),
    ],
)
def test_api_refuses_requests_without_token(lab, method, path):
    status, _ = lab.request(method, path, token=False)
    assert status == 403


def test_api_refuses_a_wrong_token(lab):
    real = lab.token
    lab.token = "0" * len(real)
    try:
        status, _ = lab.request("GET", "/api/contents/notebooks")
    finally:
        lab.token = real
    assert status == 403


def test_api_answers_with_the_token(lab):
    status, listing = lab.request("GET", "/api/contents/notebooks")
    assert status == 200
    assert "02_case1.ipynb" in {item["name"] for item in listing["content"]}


def test_lab_page_without_token_goes_to_login(lab):
    status, _ = lab.request("GET", "/lab", token=False)
    assert status == 302


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_listens_on_loopback_only(lab):
    addresses = listening_addresses(lab.port)
    assert addresses, f"nothing listens on port {lab.port}"
    # 127.0.0.1 is 0100007F in /proc's little-endian hex; 0.0.0.0 and :: would be all zeros.
    assert set(addresses) == {"0100007F"}, addresses
    assert "00000000" not in addresses
    assert "0" * 32 not in addresses


def test_not_reachable_on_the_outward_address(lab):
    address = outward_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(3)
        assert sock.connect_ex((address, lab.port)) != 0
