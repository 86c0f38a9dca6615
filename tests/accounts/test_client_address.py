"""The client address that per-address limits count (accounts/client_address.py, pure)."""

import ipaddress

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from accounts.client_address import address_bucket, client_address

ipv4 = st.ip_addresses(v=4).map(str)
ipv6 = st.ip_addresses(v=6).filter(lambda a: a.ipv4_mapped is None).map(str)
addresses = st.one_of(ipv4, ipv6)
header_text = st.text(alphabet=st.characters(codec="ascii"), max_size=80)


@given(remote=addresses, forwarded=header_text)
def test_without_a_trusted_proxy_no_header_changes_the_address(remote, forwarded):
    assert client_address(remote_addr=remote, forwarded_for=forwarded, proxies=0) == (
        address_bucket(remote)
    )


@given(
    forged=st.lists(st.one_of(addresses, header_text.filter(lambda t: "," not in t)), max_size=4),
    client=addresses,
    proxy_hops=st.lists(addresses, max_size=3),
    remote=addresses,
)
def test_behind_n_proxies_the_client_is_what_the_outermost_proxy_saw(
    forged, client, proxy_hops, remote
):
    # The client may send any X-Forwarded-For; each of the n trusted proxies appends the
    # address it received the request from: the outermost appends the client's.
    header = ", ".join([*forged, client, *proxy_hops])
    proxies = len(proxy_hops) + 1
    found = client_address(remote_addr=remote, forwarded_for=header, proxies=proxies)
    assert found == address_bucket(client)


@given(remote=addresses, proxies=st.integers(min_value=1, max_value=3))
def test_without_the_header_the_direct_peer_counts(remote, proxies):
    assert client_address(remote_addr=remote, forwarded_for="", proxies=proxies) == (
        address_bucket(remote)
    )


@given(a=ipv6, b=st.integers(min_value=0, max_value=2**64 - 1))
def test_addresses_of_one_ipv6_64_network_count_as_one(a, b):
    network = ipaddress.IPv6Network(f"{a}/64", strict=False)
    sibling = network.network_address + b
    assume(sibling.ipv4_mapped is None)  # ::ffff:0:0/96 is IPv4, counted as such
    assert address_bucket(a) == address_bucket(str(sibling)) == str(network)


@pytest.mark.parametrize(
    ("value", "bucket"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("192.0.2.7:51234", "192.0.2.7"),
        ("[2001:db8::1]:443", "2001:db8::/64"),
        ("2001:db8:0:0:ffff::9", "2001:db8::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("unknown", None),
        ("", None),
        ("<script>", None),
    ],
)
def test_the_forms_proxies_write_are_understood(value, bucket):
    assert address_bucket(value) == bucket


def test_a_garbled_entry_falls_back_to_the_direct_peer():
    found = client_address(remote_addr="192.0.2.1", forwarded_for="garbage", proxies=1)
    assert found == "192.0.2.1"
