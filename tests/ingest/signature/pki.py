"""A throw-away test PKI built with `cryptography`: root, intermediate, signers, TSA."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.now(UTC)
CRL_URL = "http://crl.ingest.invalid/test.crl"
ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")


@dataclass(frozen=True)
class Identity:
    """A certificate and its private key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def key_der(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def _name(common_name: str, organisation: str = "", siren: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if siren:
        attributes.append(x509.NameAttribute(ORGANIZATION_IDENTIFIER, f"NTRFR-{siren}"))
    return x509.Name(attributes)


def _issue(
    subject: x509.Name,
    issuer: Identity | None,
    *,
    is_ca: bool,
    not_before: datetime,
    not_after: datetime,
    key_usage: dict[str, bool],
    eku: list[x509.ObjectIdentifier] | None = None,
    use_rsa: bool = False,
) -> Identity:
    # pyHanko's test time-stamper signs with RSA only; the rest uses quick EC keys.
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if use_rsa
        else ec.generate_private_key(ec.SECP256R1())
    )
    signer_key = issuer.key if issuer else key
    issuer_name = issuer.cert.subject if issuer else subject
    usage = dict.fromkeys(
        (
            "digital_signature", "content_commitment", "key_encipherment",
            "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
            "encipher_only", "decipher_only",
        ),
        False,
    )  # fmt: skip
    usage.update(key_usage)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**usage), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
    )
    if issuer:
        point = x509.DistributionPoint(
            [x509.UniformResourceIdentifier(CRL_URL)], None, None, None
        )
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        ).add_extension(
            # Declared so that validators look for a CRL; the tests never fetch it.
            x509.CRLDistributionPoints([point]),
            critical=False,
        )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return Identity(builder.sign(signer_key, hashes.SHA256()), key)


CA_USAGE = {"key_cert_sign": True, "crl_sign": True}
SIGNER_USAGE = {"digital_signature": True, "content_commitment": True}


@dataclass(frozen=True)
class Pki:
    """Everything the signature tests sign with."""

    root: Identity
    intermediate: Identity
    signer: Identity
    """Carries organizationIdentifier NTRFR-<siren>."""
    siren: str
    expired: Identity
    self_signed: Identity
    second: Identity
    """Another signer (no SIREN) for the second signature."""
    encipherer: Identity
    """A certificate for key encipherment only: not meant for signing."""
    tsa: Identity
    """A time-stamping authority (EKU timeStamping) under the intermediate."""

    def write_roots(self, folder: Path) -> Path:
        """The root certificate as PEM in `folder`, the way INGEST_TRUST_ROOTS wants."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "root.pem").write_bytes(self.root.pem)
        return folder


def make_pki(siren: str) -> Pki:
    """A fresh PKI; `siren` goes into the main signer's organizationIdentifier."""
    start, end = NOW - timedelta(days=30), NOW + timedelta(days=365)
    root = _issue(
        _name("Ingest Test Root CA", "Ingest Test"), None, is_ca=True,
        not_before=start, not_after=end + timedelta(days=365), key_usage=CA_USAGE,
    )  # fmt: skip
    intermediate = _issue(
        _name("Ingest Test Signing CA", "Ingest Test"), root, is_ca=True,
        not_before=start, not_after=end, key_usage=CA_USAGE,
    )  # fmt: skip

    def signer(name: x509.Name, **dates: datetime) -> Identity:
        return _issue(
            name, intermediate, is_ca=False, key_usage=SIGNER_USAGE,
            not_before=dates.get("not_before", start),
            not_after=dates.get("not_after", end),
        )  # fmt: skip

    self_name = _name("Jeanne Autosignée", "Fournisseur Seul", siren)
    return Pki(
        root=root,
        intermediate=intermediate,
        signer=signer(_name("Marie Dupont", "Fournisseur Test SAS", siren)),
        siren=siren,
        expired=signer(
            _name("Paul Périmé", "Fournisseur Test SAS", siren),
            not_before=NOW - timedelta(days=400),
            not_after=NOW - timedelta(days=35),
        ),
        self_signed=_issue(
            self_name,
            None,
            is_ca=False,
            key_usage=SIGNER_USAGE,
            not_before=start,
            not_after=end,
        ),
        second=signer(_name("Luc Martin", "Collectivité Test")),
        encipherer=_issue(
            _name("Chiffrement Seul", "Fournisseur Test SAS", siren),
            intermediate,
            is_ca=False,
            key_usage={"key_agreement": True},
            not_before=start,
            not_after=end,
        ),
        tsa=_issue(
            _name("Ingest Test TSA", "Ingest Test"),
            intermediate,
            is_ca=False,
            not_before=start,
            not_after=end,
            key_usage={"digital_signature": True},
            eku=[ExtendedKeyUsageOID.TIME_STAMPING],
            use_rsa=True,
        ),
    )


def make_crl(issuer: Identity, revoked: tuple[Identity, ...] = ()) -> bytes:
    """A DER CRL from `issuer`, listing `revoked` as revoked a day ago."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(NOW - timedelta(hours=1))
        .next_update(NOW + timedelta(days=7))
    )
    for identity in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(identity.cert.serial_number)
            .revocation_date(NOW - timedelta(days=1))
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(
        serialization.Encoding.DER
    )
