"""Valid French identifiers drawn at random: SIREN, SIRET, VAT number, IBAN, BIC.

Each ``make_*`` takes the invoice's RNG and returns the compact form; the result is
checked with python-stdnum so a generated invoice never carries an invalid number.
"""

import random

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret
from stdnum.fr import tva as stdnum_tva

LA_POSTE_SIREN = "356000000"

# Real French bank codes with their BIC, so the pair printed together is plausible.
BANKS: tuple[tuple[str, str, str], ...] = (
    ("BNP Paribas", "30004", "BNPAFRPP"),
    ("Société Générale", "30003", "SOGEFRPP"),
    ("LCL", "30002", "CRLYFRPP"),
    ("Crédit Agricole", "18206", "AGRIFRPP882"),
    ("La Banque Postale", "20041", "PSSTFRPPLIL"),
    ("CIC", "30066", "CMCIFRPP"),
    ("Crédit Mutuel", "10278", "CMCIFR2A"),
    ("Caisse d'Épargne", "17515", "CEPAFRPP751"),
    ("Banque Populaire", "10907", "CCBPFRPPBDX"),
    ("Crédit Coopératif", "42559", "CCOPFRPP"),
)


def luhn_digit(digits: str) -> str:
    """The digit that makes ``digits + d`` pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_siren(rng: random.Random, prefix: str = "") -> str:
    """A Luhn-valid SIREN starting with ``prefix`` (public bodies: 1 or 2)."""
    first = prefix or str(rng.randint(3, 9))
    body = first + "".join(str(rng.randint(0, 9)) for _ in range(8 - len(first)))
    number = body + luhn_digit(body)
    return stdnum_siren.validate(number)


def make_siret(rng: random.Random, siren: str) -> str:
    """A valid SIRET of ``siren``; La Poste's establishments use a digit-sum rule."""
    if siren == LA_POSTE_SIREN:
        # La Poste's NICs skip Luhn: the sum of the 14 digits is a multiple of 5.
        while True:
            nic = f"{rng.randint(1, 99999):05d}"
            if stdnum_siret.is_valid(siren + nic):
                return siren + nic
    width = rng.choice((3, 3, 3, 4))
    head = f"{rng.randint(1, 10 ** (width - 1) * 3):0{width}d}".rjust(4, "0")
    number = siren + head + luhn_digit(siren + head)
    return stdnum_siret.validate(number)


def vat_number(siren: str) -> str:
    """The intra-community VAT number of a SIREN: FR + numeric key + SIREN."""
    key = (12 + 3 * (int(siren) % 97)) % 97
    number = f"FR{key:02d}{siren}"
    stdnum_tva.validate(number)  # stdnum's compact form drops the "FR" prefix
    return number


def _rib_key(bank: str, branch: str, account: str) -> str:
    value = 89 * int(bank) + 15 * int(branch) + 3 * int(account)
    return f"{97 - value % 97:02d}"


def make_iban(rng: random.Random, bank_code: str) -> str:
    """A valid French IBAN (FR76 …) at the given bank, with a valid RIB key."""
    branch = f"{rng.randint(100, 99999):05d}"
    account = f"{rng.randint(0, 10**11 - 1):011d}"
    bban = bank_code + branch + account + _rib_key(bank_code, branch, account)
    # ISO 13616: move "FR00" to the end, letters to numbers (F=15, R=27), mod 97.
    check = 98 - int(bban + "152700") % 97
    return stdnum_iban.validate(f"FR{check:02d}{bban}")


def make_bic(rng: random.Random, bic: str) -> str:
    """The bank's BIC in 8 or 11 characters (``XXX`` is the head office)."""
    if len(bic) == 8 and rng.random() < 0.35:
        bic += "XXX"
    return stdnum_bic.validate(bic)
