"""Shared fixtures: one test PKI and one two-page invoice per session."""

import pytest

from ingest.signature.trust import TrustSettings
from samples.generator import InvoiceSpec, invoice_for, render
from tests.ingest.signature.pki import Pki, make_pki
from tests.ingest.signature.signing import sign

SEED = 11


@pytest.fixture(scope="session")
def invoice() -> InvoiceSpec:
    return invoice_for(SEED, 3, pages=2, layout="band")


@pytest.fixture(scope="session")
def unsigned(invoice: InvoiceSpec) -> bytes:
    return render(invoice)


@pytest.fixture(scope="session")
def pki(invoice: InvoiceSpec) -> Pki:
    """The main signer carries the invoice supplier's own SIREN."""
    return make_pki(invoice.supplier.siren)


@pytest.fixture(scope="session")
def trust(pki: Pki) -> TrustSettings:
    return TrustSettings(roots=(pki.root.der,))


@pytest.fixture(scope="session")
def signed(unsigned: bytes, pki: Pki) -> bytes:
    return sign(unsigned, pki, pki.signer)
