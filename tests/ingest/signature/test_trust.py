"""Trust roots come from the configured folder only: PEM (one or several), DER."""

from pathlib import Path

import pytest

from ingest.signature.trust import TrustRootsUnreadable, TrustSettings, load_trust
from tests.ingest.signature.pki import Pki


def test_no_folder_means_no_roots_at_all():
    assert load_trust(None) == TrustSettings(roots=(), fetch_revocation=False)


def test_pem_bundle_and_der_files_are_read_in_name_order(tmp_path: Path, pki: Pki):
    (tmp_path / "a-bundle.pem").write_bytes(pki.root.pem + pki.intermediate.pem)
    (tmp_path / "b-root.der").write_bytes(pki.tsa.der)
    (tmp_path / "notes.txt").write_text("not a certificate, not read")
    trust = load_trust(tmp_path, fetch_revocation=True)
    assert trust.roots == (pki.root.der, pki.intermediate.der, pki.tsa.der)
    assert trust.fetch_revocation is True


def test_a_missing_folder_is_refused(tmp_path: Path):
    with pytest.raises(TrustRootsUnreadable) as caught:
        load_trust(tmp_path / "nowhere")
    assert caught.value.code == "trust_roots_unreadable"
    assert caught.value.why == "not a folder"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "no certificate",
        ),
        (b"\x30\x03\x02\x01\x01", "not an X.509 certificate"),
    ],
    ids=["pem-without-certificate", "der-garbage"],
)
def test_a_bad_certificate_file_is_named(tmp_path: Path, content: bytes, why: str):
    bad = tmp_path / "bad.pem"
    bad.write_bytes(content)
    with pytest.raises(TrustRootsUnreadable) as caught:
        load_trust(tmp_path)
    assert caught.value.path == bad
    assert caught.value.why.startswith(why)
