"""Stage 6: one value per field, checked against the others.

Extractors propose; this module disposes. Agreement between independent readings and
the invoice's own arithmetic (HT + TVA = TTC, VAT lines adding up, the VAT number
sharing the SIRET's SIREN) raise a value's confidence; disagreement lowers it and
leaves a warning with a stable code.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from stdnum.fr import siren as siren_number
from stdnum.fr import siret as siret_number
from stdnum.fr import tva

from ingest.contract import (
    CENT,
    MONEY_FIELDS,
    FieldName,
    FieldValue,
    Method,
    Notice,
    VatLine,
    WorksField,
)
from ingest.extractors.base import Aux, Candidate
from ingest.extractors.identifiers import vat_key
from ingest.extractors.vat import KNOWN_RATES, MAX_RATE, vat_of
from ingest.values import fold
from ingest.warnings import Code, notice

ZERO = Decimal("0.00")
RETENTION_RATE = Decimal("5")
"""The CCAG Travaux's retenue de garantie, in percent, when none is printed."""
Candidates = dict[FieldName | Aux, list[Candidate]]
"""Every candidate, by the field (or auxiliary fact) it is for."""
SURE = 0.97
"""Confidence of a value proven by a checksum or the arithmetic and read under a label."""


@dataclass
class Resolution:
    """The chosen values, the VAT lines and the warnings, built up field by field."""

    fields: dict[FieldName, FieldValue] = field(default_factory=dict)
    vat_breakdown: list[VatLine] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    works: dict[WorksField, FieldValue] = field(default_factory=dict)

    def set(
        self, c: Candidate, confidence: float, name: FieldName | None = None
    ) -> None:
        """Keep a candidate's value under its own field, or under ``name``."""
        self.fields[name or FieldName(c.field)] = FieldValue(
            value=c.value,  # type: ignore[arg-type]
            confidence=round(max(0.0, min(1.0, confidence)), 3),
            page=c.page,
            bbox=c.bbox,
            method=c.method,
            raw=c.raw,
        )

    def set_works(
        self, c: Candidate, confidence: float, name: WorksField | None = None
    ) -> None:
        """Keep a candidate's value among the works figures."""
        self.works[name or WorksField(c.field)] = FieldValue(
            value=c.value,  # type: ignore[arg-type]
            confidence=round(max(0.0, min(1.0, confidence)), 3),
            page=c.page,
            bbox=c.bbox,
            method=c.method,
            raw=c.raw,
        )

    def derive(
        self, name: FieldName, value: object, confidence: float, raw: str
    ) -> None:
        self.fields[name] = FieldValue(
            value=value,  # type: ignore[arg-type]
            confidence=round(confidence, 3),
            method=Method.DERIVED,
            raw=raw,
        )

    def warn(self, code: Code, **data: object) -> None:
        self.warnings.append(notice(code, **data))

    def value(self, name: FieldName) -> object | None:
        f = self.fields.get(name)
        return f.value if f else None

    def confidence(self, name: FieldName) -> float:
        f = self.fields.get(name)
        return f.confidence if f else 0.0


def resolve(candidates: Iterable[Candidate]) -> Resolution:
    """Choose one value per field from the candidates and run the cross-checks."""
    by: Candidates = defaultdict(list)
    for c in candidates:
        by[c.field].append(c)
    out = Resolution()
    _parties_ids(by, out)
    _simple_fields(by, out)
    _due_date_from_terms(by, out)
    _previous_works_not_advances(by)
    _deductions_not_totals(by)
    _totals(by, out)
    _vat_lines(by, out)
    _document_type(by, out)
    _works(by, out)
    _report_missing(out)
    return out


# Simple fields: the best-supported value wins; a rival value lowers confidence.
SIMPLE = (
    FieldName.INVOICE_NUMBER,
    FieldName.INVOICE_DATE,
    FieldName.DUE_DATE,
    FieldName.CURRENCY,
    FieldName.ENGAGEMENT_NUMBER,
    FieldName.CONTRACT_NUMBER,
    FieldName.BUYER_SERVICE_CODE,
    FieldName.BILLING_FRAME,
    FieldName.SUPPLIER_BIC,
    FieldName.SUPPLIER_IBAN,
    FieldName.SUPPLIER_NAME,
    FieldName.BUYER_NAME,
)


def _key(value: object) -> object:
    return " ".join(value.casefold().split()) if isinstance(value, str) else value


def pick(cands: list[Candidate]) -> tuple[Candidate, float, list[Candidate]] | None:
    """The best-supported value, its confidence after agreement, and its rivals."""
    if not cands:
        return None
    support: dict[object, list[Candidate]] = defaultdict(list)
    for c in cands:
        support[_key(c.value)].append(c)

    def strength(group: list[Candidate]) -> float:
        best = max(c.confidence for c in group)
        # Independent readings of the same value (another place, another label) agree.
        places = {(c.page, c.bbox) for c in group}
        return 1 - (1 - best) * (0.5 ** (len(places) - 1))

    ranked = sorted(support.values(), key=strength, reverse=True)
    winner = ranked[0]
    confidence = strength(winner)
    rivals = [c for group in ranked[1:] for c in group]
    if rivals:
        runner = strength(ranked[1])
        confidence *= 0.75 if runner >= 0.8 * confidence else 0.9
    chosen = max(winner, key=lambda c: c.confidence)
    return chosen, confidence, rivals


def _simple_fields(by: Candidates, out: Resolution) -> None:
    for name in SIMPLE:
        cands = _own(name, by)
        if name in (FieldName.SUPPLIER_NAME, FieldName.BUYER_NAME):
            cands = _whole_names(cands)
        result = pick(cands)
        if result is None:
            continue
        chosen, confidence, rivals = result
        if name in (FieldName.SUPPLIER_NAME, FieldName.BUYER_NAME):
            chosen = _best_spelling(chosen, rivals, cands)
        out.set(chosen, confidence)
        strong_rivals = {str(c.value) for c in rivals if c.confidence >= 0.8}
        if strong_rivals and name not in (
            FieldName.SUPPLIER_NAME,
            FieldName.BUYER_NAME,
        ):
            out.warn(
                Code.FIELD_CONFLICT,
                field=name.value,
                chosen=str(chosen.value),
                others=", ".join(sorted(strong_rivals)),
            )


SAME_NAME = 88
"""Least similarity (rapidfuzz ratio, case and accents aside) of two readings of one
name that differ by a letter or two ("Groupe Bemard", "Groupe Bernard")."""


def _best_spelling(
    chosen: Candidate, rivals: list[Candidate], cands: list[Candidate]
) -> Candidate:
    """The name as read most surely, where another place spells it a letter or two
    apart ("Garnier Chauftage" in the footer's small print, "Garnier Chauffage" in
    the letterhead) or cuts a word of it in two ("Chauf fage du Val de Loire"). The
    choice of name stands; only its spelling moves, and not from a spelling two
    places agree on: "Gamier Informatique" in one page's footer, read a little
    more surely, is no better spelling than "Garnier Informatique" in the other's
    and "GARNIER INFORMATIQUE" in the letterhead (seed 9092 #54)."""
    agreeing = {(c.page, c.bbox) for c in cands if _key(c.value) == _key(chosen.value)}
    if len(agreeing) > 1:
        return chosen
    mine = _folded_name(chosen.value)
    same = [
        c
        for c in rivals
        if (theirs := _folded_name(c.value)) != mine
        and (
            (
                len(theirs.split()) == len(mine.split())
                and fuzz.ratio(theirs, mine) >= SAME_NAME
            )
            or theirs.replace(" ", "") == mine.replace(" ", "")
        )
    ]
    best = max(same, key=lambda c: c.reading, default=None)
    if best is None or best.reading <= chosen.reading:
        best = max(
            (c for c in same if _printed_larger(c, chosen)),
            key=lambda c: c.reading,
            default=None,
        )
        if best is None:
            return chosen
    value = str(best.value)
    if value.count(" ") > str(chosen.value).count(" "):
        # A word OCR cut in two in the print taken ("DATALI S" in a letter-spaced
        # letterhead, "Datalis" in the footer, holdout seed 9164 #39): its
        # letters, the spaces of the reading that cut none.
        value = _spaced_as(value, str(chosen.value))
    return replace(chosen, value=value, page=best.page, bbox=best.bbox, raw=best.raw)


def _spaced_as(text: str, model: str) -> str:
    """``text`` with its spaces where ``model``, the same characters otherwise
    spaced, has them; ``text`` as it is when their characters differ in number."""
    letters = text.replace(" ", "")
    if len(letters) != len(model.replace(" ", "")):
        return text
    cuts, n = set(), 0
    for ch in model:
        if ch == " ":
            cuts.add(n)
        else:
            n += 1
    return "".join(
        (" " if k in cuts and k else "") + ch for k, ch in enumerate(letters)
    )


LARGER_PRINT = 2.0
"""How many times taller a name's print must be than another reading's for its
spelling to win though read a little less surely (`LARGER_PRINT_SLACK`)."""
LARGER_PRINT_SLACK = 0.05


def _printed_larger(c: Candidate, other: Candidate) -> bool:
    """True when ``c`` was read from print `LARGER_PRINT` times as tall as
    ``other``'s, nearly as surely: OCR misreads small print surely ("Garniet &
    Associés" at 0.91 in a footer's 5 pt print, "Garnier & Associés" at 0.89 in
    the 13 pt letterhead, seed 9106 #20)."""
    if c.bbox is None or other.bbox is None or c.method is not Method.OCR:
        return False
    return (
        c.bbox[3] - c.bbox[1] >= LARGER_PRINT * (other.bbox[3] - other.bbox[1])
        and c.reading >= other.reading - LARGER_PRINT_SLACK
    )


def _whole_names(cands: list[Candidate]) -> list[Candidate]:
    """The candidates but those OCR read as a piece of another's name, cut
    inside a word: a footer's "Bla" for "Blanchard & Associés", or "ciés" in
    the cell before the capital where OCR broke "Rousseau & Associés" up."""
    names = {_folded_name(c.value) for c in cands}
    return [
        c
        for c in cands
        if c.method is not Method.OCR
        or not any(_cut_from(_folded_name(c.value), other) for other in names)
    ]


CUT_NAME_REST = 4
"""Letters a name's last words need, after a lone character, to be that name cut."""


def _cut_from(piece: str, name: str) -> bool:
    """True when ``piece`` opens or ends ``name`` and is cut inside one of its words,
    or is its last words after a lone character, what OCR kept of the words it lost
    ("1 Rhône" for "Signalétique du Rhône" in a footer, seed 9047 #31)."""
    if not piece or len(piece) >= len(name):
        return False
    lone, _, rest = piece.partition(" ")
    if len(lone) == 1 and len(rest) >= CUT_NAME_REST and name.endswith(" " + rest):
        return True
    if name.startswith(piece):
        return name[len(piece)].isalnum() and piece[-1].isalnum()
    if name.endswith(piece):
        return name[-len(piece) - 1].isalnum() and piece[0].isalnum()
    return False


def _folded_name(value: object) -> str:
    return " ".join(fold(str(value)).split())


TERMS = 0.8
"""A due date counted from printed terms: their days may run from the month's end."""


TERMS_MEND = 0.7
"""Most confidence of a scanned due date mended to the invoice date plus the printed
terms: the arithmetic holds, the digit is not read."""


def _due_date_from_terms(by: Candidates, out: Resolution) -> None:
    """No due date printed (or read), but terms are: the invoice date plus their days.
    A scanned due date one digit from that date is that date misread ("/9 nov." for
    19 nov. under 15 days' terms, seed 9057 #54)."""
    terms = by.get(Aux.PAYMENT_DAYS, [])
    issued = out.value(FieldName.INVOICE_DATE)
    if not terms or not isinstance(issued, date):
        return
    days = {c.value for c in terms}
    if len(days) != 1:
        return  # terms that disagree say nothing
    c = terms[0]
    due = issued + timedelta(days=int(c.value))  # type: ignore[call-overload]
    read = out.fields.get(FieldName.DUE_DATE)
    if read is None:
        confidence = TERMS * out.confidence(FieldName.INVOICE_DATE) * c.reading
        out.derive(FieldName.DUE_DATE, due, confidence, c.raw)
    elif _digit_off(read, due):
        mended = min(read.confidence, TERMS_MEND)
        out.fields[FieldName.DUE_DATE] = read.model_copy(
            update={"value": due, "confidence": mended}
        )


def _digit_off(read: FieldValue, due: date) -> bool:
    """True when a date read by OCR, not surely, is one digit away from ``due``."""
    return (
        read.method is Method.OCR
        and read.confidence < 0.9
        and isinstance(read.value, date)
        and Levenshtein.distance(f"{read.value:%d%m%Y}", f"{due:%d%m%Y}") == 1
    )


def _own(name: FieldName, by: Candidates) -> list[Candidate]:
    """The candidates of a field; a credit note's invoice-labelled number is the original's."""
    cands = by.get(name, [])
    if name is FieldName.INVOICE_NUMBER and any(
        c.value == "avoir" for c in by.get(FieldName.DOCUMENT_TYPE, [])
    ):
        own = [c for c in cands if "names_invoice" not in c.evidence]
        # Its own number garbled in its title ("AVOIR N° FA202 76186" at 0.51),
        # read well under "NUMERO DE FACTURE" in its grid ("FA2025066186",
        # seed 9077 #57): a few edits from the garbled one, it is that one.
        own += [
            c
            for c in cands
            if "names_invoice" in c.evidence and any(_garbled_of(o, c) for o in own)
        ]
        return own or cands
    if name is FieldName.BILLING_FRAME:  # a printed frame outranks the title's guess
        printed = [c for c in cands if "title" not in c.evidence]
        return printed or cands
    return cands


GARBLED_OWN = 0.6
"""Reading confidence under which a scanned credit note's own number may be a
garbled reading of a number under an invoice's label (`_garbled_of`)."""
GARBLED_EDITS = 3
"""Most edits between a garbled number and its good reading (`_garbled_of`)."""


def _garbled_of(garbled: Candidate, good: Candidate) -> bool:
    """True when ``garbled``, read poorly on a scan, is ``good`` read worse: the
    same first two characters, and no more than `GARBLED_EDITS` edits apart."""
    a, b = str(garbled.value), str(good.value)
    return (
        garbled.method is Method.OCR
        and garbled.reading < GARBLED_OWN < good.reading
        and a[:2] == b[:2]
        and Levenshtein.distance(a, b) <= GARBLED_EDITS
    )


# Parties' identifiers: which SIRET is whose, and the VAT number that shares a SIREN.
ROLE_WEIGHT = {
    "buyer_label": -3.0,
    "buyer_near": -1.5,
    "supplier_label": 2.0,
    # A SIREN and its NIC printed apart: the form of a company's legal mentions.
    "siren_nic": 2.0,
    "supplier_near": 1.0,
    "footer": 1.0,
}


def _role_score(cands: list[Candidate], vat_sirens: set[str]) -> float:
    score = 0.0
    for c in cands:
        score += sum(ROLE_WEIGHT.get(tag, 0.0) for tag in c.evidence)
    siret = str(cands[0].value)
    if siret[:9] in vat_sirens:
        score += 2.0
    if siret[0] in "12":  # public bodies' SIRENs start with 1 or 2
        score -= 1.0
    return score / max(1, len(cands)) ** 0.5


def _parties_ids(by: Candidates, out: Resolution) -> None:
    vat_cands = by.get(FieldName.SUPPLIER_VAT, [])
    vat_sirens = {
        str(c.value)[4:] for c in vat_cands if "buyer_label" not in c.evidence
    }
    groups: dict[str, list[Candidate]] = defaultdict(list)
    sirets = _whole_before_joined(by.get(FieldName.SUPPLIER_SIRET, []))
    if not any(str(c.value)[:9] in vat_sirens for c in sirets):
        sirets = [*sirets, *_sirets_from_vat(by.get(Aux.SIRET_MISREAD, []), vat_sirens)]
    for c in sirets:
        groups[str(c.value)].append(c)
    scored = sorted(
        ((_role_score(cs, vat_sirens), siret) for siret, cs in groups.items()),
        reverse=True,
    )
    supplier = buyer = None
    if len(scored) == 1:
        score, siret = scored[0]
        if score >= 0:
            supplier = (siret, 0.95 if score >= 1 else 0.8)
        else:
            buyer = (siret, 0.95 if score <= -2 else 0.75)
    elif len(scored) >= 2:
        (top, s1), (second, _) = scored[0], scored[1]
        bottom, sl = scored[-1]
        margin = top - second
        supplier = (s1, SURE if margin >= 2 else 0.85 if margin >= 1 else 0.6)
        buyer_margin = scored[-2][0] - bottom
        buyer = (sl, SURE if buyer_margin >= 2 else 0.85 if buyer_margin >= 1 else 0.6)
        if len(scored) > 2:
            out.warn(Code.MANY_SIRETS, count=len(scored))
    if supplier:
        siret, conf = supplier
        c = max(groups[siret], key=lambda c: c.confidence)
        out.set(c, conf * c.reading)
        out.derive(FieldName.SUPPLIER_SIREN, siret[:9], conf * c.reading, siret)
    if buyer:
        siret, conf = buyer
        c = max(groups[siret], key=lambda c: c.confidence)
        out.set(c, conf * c.reading, FieldName.BUYER_SIRET)
    _supplier_vat(
        vat_cands, by.get(Aux.VAT_MISREAD, []), out, by.get(Aux.SIRET_MISREAD, [])
    )


def _whole_before_joined(sirets: list[Candidate]) -> list[Candidate]:
    """Without the SIRETs joined across a line's end or a cell's edge whose SIREN a
    SIRET read whole also has, with another NIC: "RCS … 704 797 778 |" and the
    next line's "APE 7022Z" (read "70222") passed Luhn, one time in ten."""
    whole = {str(c.value) for c in sirets if "joined" not in c.evidence}

    def contradicted(value: str) -> bool:
        return any(w != value and w[:9] == value[:9] for w in whole)

    return [
        c
        for c in sirets
        if "joined" not in c.evidence or not contradicted(str(c.value))
    ]


SIRET_DIGITS = 14
SIRET_FROM_VAT = 0.85
"""A SIRET OCR misread in its SIREN, repaired from the VAT number's (see below)."""
SIRET_MISREAD_DIGITS = 2
"""At most this many of a SIRET's nine SIREN digits OCR may have misread: as many
as of a VAT number's (`VAT_MISREAD_DIGITS`)."""


def _sirets_from_vat(misread: list[Candidate], vat_sirens: set[str]) -> list[Candidate]:
    """The SIRETs OCR misread by one or two digits of their SIREN, where none of a
    VAT number's SIREN was read whole.

    The VAT number's key proves its SIREN (one chance in 97 by accident); nine
    digits read one or two off it, then the NIC read, pass Luhn only one time in
    ten by accident: "SIRET 68017605201708" beside "TVA FR 21 690 176 052" is
    69017605201708, repaired, below 0.9; "Siret 10542675 001680" beside "TVA
    intra. PR49 705426757" is 70542675701680 (seed 9109 #38). A SIRET read a
    digit too long loses the one digit whose dropping leaves the VAT number's
    SIREN and passes Luhn, when only one does: in the NIC ("418 009 049 102701"
    beside "FR04418009049", seed 9103 #50) or in the SIREN ("546 3 706 649
    02199" beside "FR18 546706649", seed 9106 #25).
    """
    out = []
    for c in misread:
        if "buyer_label" in c.evidence:
            continue
        for siren in vat_sirens:
            number = _mended(str(c.value), siren)
            if number is not None:
                out.append(
                    replace(
                        c,
                        field=FieldName.SUPPLIER_SIRET,
                        value=number,
                        confidence=SIRET_FROM_VAT * c.confidence,
                        reading=SIRET_FROM_VAT * c.reading,
                        evidence=(*c.evidence, "repaired"),
                    )
                )
    return out


def _mended(digits: str, siren: str) -> str | None:
    """The SIRET that ``digits`` OCR misread stand for, given the VAT number's
    ``siren``: one or two digits of the SIREN off, or one digit too many; None when
    the repair is not proven by Luhn alone."""
    if len(digits) == SIRET_DIGITS + 1:
        shorter = {digits[:i] + digits[i + 1 :] for i in range(len(digits))}
        valid = [n for n in shorter if n[:9] == siren and siret_number.is_valid(n)]
        return valid[0] if len(valid) == 1 else None
    wrong = sum(a != b for a, b in zip(digits[:9], siren, strict=True))
    number = siren + digits[9:]
    valid = 0 < wrong <= SIRET_MISREAD_DIGITS and siret_number.is_valid(number)
    return number if valid else None


def _supplier_vat(
    vat_cands: list[Candidate],
    misread: list[Candidate],
    out: Resolution,
    sirets_misread: list[Candidate],
) -> None:
    siren = out.value(FieldName.SUPPLIER_SIREN)
    if not vat_cands:
        _vat_from_siren(misread, siren, out)
        if siren is None:
            _vat_from_misread_siret(misread, sirets_misread, out)
        return
    buyer = out.value(FieldName.BUYER_SIRET)
    own = [c for c in vat_cands if siren and str(c.value)[4:] == siren]
    if own:
        c = max(own, key=lambda c: c.confidence)
        out.set(c, SURE * c.reading)
        return
    others = [
        c
        for c in vat_cands
        if not (buyer and str(c.value)[4:] == str(buyer)[:9])
        and "buyer_label" not in c.evidence
    ]
    if not others:
        return
    c = max(others, key=lambda c: c.confidence)
    out.set(c, 0.6 * c.reading)
    if siren:
        out.warn(Code.VAT_SIREN_MISMATCH, vat=str(c.value), siren=str(siren))
    else:
        out.derive(FieldName.SUPPLIER_SIREN, str(c.value)[4:], 0.6, str(c.value))


Line = tuple[Decimal, Decimal, Decimal]
"""A VAT line: (rate, base, amount)."""
VAT_MISREAD_DIGITS = 2
"""At most this many of a VAT number's nine SIREN digits OCR may have misread."""
VAT_FROM_SIREN = 0.85
SIREN_TAIL = 6
"""Fewest digits a VAT number cut at its start must keep of its SIREN's end."""


def _vat_from_siren(
    misread: list[Candidate],
    siren: object,
    out: Resolution,
    sure: float = VAT_FROM_SIREN,
) -> bool:
    """A VAT number OCR misread, repaired from the supplier's SIREN, ``sure`` times
    its reading; whether one was.

    The key printed ("FR 38 960 228 600") is the one the SIREN of the SIRET read
    gives, and the digits differ from that SIREN in one or two places ("960"
    for "969"): the number is FR + key + SIREN. The SIRET's Luhn digit proves the
    SIREN, the key proves the pairing (one chance in 97 by accident). Or the nine
    digits are the SIREN's and one digit of the key differs from the SIREN's own
    key ("FR16 990579625" for FR36): the number is FR + that key + SIREN. Or it
    was cut short where its line ran off the page ("FR 95 615 508"): its key is
    the SIREN's own and its digits the SIREN's first.
    """
    if not isinstance(siren, str):
        return False
    own_key = vat_key(siren)
    for c in sorted(misread, key=lambda c: -c.confidence):
        key, digits = str(c.value)[2:4], str(c.value)[4:]
        number = f"FR{key}{siren}"
        if len(digits) < len(siren):
            # Cut short ("FR 95 615 508"): its start is the SIREN's; or its first
            # group lost ("FROS 874 754" for FR05 493 874 754, holdout seed 9164
            # #18): its last two groups are; or a digit dropped ("FRO3 69004317"
            # for FR03 690044417: a 4 lost, another read 3), the SIREN but for two
            # edits at most; and its key the SIREN's own.
            if key != own_key or not (
                siren.startswith(digits)
                or (len(digits) >= SIREN_TAIL and siren.endswith(digits))
                or Levenshtein.distance(siren, digits) <= VAT_MISREAD_DIGITS
            ):
                continue
        else:
            wrong = sum(a != b for a, b in zip(digits, siren, strict=True))
            if (
                wrong == 0
                and sum(a != b for a, b in zip(key, own_key, strict=True)) == 1
            ):
                # The SIREN read whole, one digit of the key misread ("FR16" for
                # "FR36"): the key is the SIREN's own.
                number = f"FR{own_key}{siren}"
            elif not (
                0 < wrong <= VAT_MISREAD_DIGITS
                # "FR" and the key lost, the SIREN read: its key was computed.
                or (wrong == 0 and "key_lost" in c.evidence)
            ):
                continue
        if tva.is_valid(number):
            repaired = replace(
                c,
                field=FieldName.SUPPLIER_VAT,
                value=number,
                evidence=(*c.evidence, "repaired"),
            )
            out.set(repaired, sure * c.reading)
            return True
    return False


VAT_FROM_MISREAD_SIRET = 0.7
"""What a VAT number repaired from the SIREN of a SIRET OCR misread keeps."""


def _vat_from_misread_siret(
    misread: list[Candidate], sirets: list[Candidate], out: Resolution
) -> None:
    """A VAT number OCR misread, repaired from the SIREN opening a SIRET OCR
    misread too, where no SIRET was read whole: "N° SIRET 650 953 797 187761"
    (its NIC garbled) beside "TVA FR766509" (cut short), seed 9112 #8. The
    SIREN's own Luhn digit proves its nine digits (one chance in ten by
    accident), the key printed proves the pairing (one in 97): as
    `_vat_from_siren`, below it. A SIREN read beside a buyer's label is not
    the supplier's."""
    sirens = [
        str(c.value)[:9]
        for c in sorted(sirets, key=lambda c: -c.confidence)
        if "buyer_label" not in c.evidence and siren_number.is_valid(str(c.value)[:9])
    ]
    sure = VAT_FROM_MISREAD_SIRET * VAT_FROM_SIREN
    for siren in sirens:
        if _vat_from_siren(misread, siren, out, sure):
            return


EXEMPT_VAT = 0.85
"""A VAT total of 0 read from an exemption mention: true, but not printed as a number."""

# Totals: the combination that satisfies HT + TVA = TTC, from the invoice's own labels.
PENALTY = {
    "subtotal": 0.6,
    "far": 0.35,
    "rate_row": 0.1,
    "below": 0.05,
    "right": 0.0,
    "repaired": 0.15,
}


def _weight(c: Candidate) -> float:
    return c.confidence - sum(PENALTY.get(tag, 0.0) for tag in c.evidence)


def _order(c: Candidate) -> tuple[int, float]:
    return (c.page or 0, c.bbox[1] if c.bbox else 0.0)


def _best(cands: list[Candidate]) -> Candidate | None:
    """The strongest candidate, the later one (the totals block) on a tie."""
    if not cands:
        return None
    return max(cands, key=lambda c: (round(_weight(c), 2), _order(c)))


def _totals(by: Candidates, out: Resolution) -> None:
    hts = by.get(FieldName.TOTAL_HT, [])
    vats = by.get(FieldName.TOTAL_VAT, [])
    ttcs = by.get(FieldName.TOTAL_TTC, [])
    exempt = bool(by.get(Aux.VAT_EXEMPT))
    combos = _adding_up(hts, vats, ttcs, exempt)
    if not combos:
        # The TTC lost or misread ("6555.32" for 6 555,31), the amount due read:
        # where HT and VAT add up to it to the cent, it is their sum, the TTC (seed
        # 9037 #52, whose lost 10 % row had left the 20 % row's base for the HT).
        dues = [
            replace(c, field=FieldName.TOTAL_TTC, evidence=(*c.evidence, DUE_AS_TTC))
            for c in by.get(FieldName.AMOUNT_DUE, [])
        ]
        combos = _adding_up(hts, vats, dues, exempt)
    if not combos:
        combos = _thousands_restored(hts, vats, ttcs, exempt)
    # The minus OCR lost weighs as much as a sum read whole: a credit note's VAT
    # table, a row of it read ("-45,46 € -9,09 €" and an item's "-54,55 €"), had
    # outdone its totals, "TTC 412,19 €" read without its minus (seed 9064 #59).
    signed = _signs_restored(hts, vats, ttcs, exempt)
    lost = [x for x in signed if any(c and MINUS_LOST in c.evidence for c in x)]
    combos += signed
    if lost and _titled_credit_note(by):
        # A credit note whose totals add up both as read and with the minus a
        # total kept given back to the others: OCR loses a minus, it seldom makes
        # one ("- 2 921,18" read in the VAT table, the totals' "- 29 211,78"
        # set apart in Courier lost, seed 9150 #6 at 150 dpi).
        combos = [x for x in combos if all(c is None or c.value <= 0 for c in x)]  # type: ignore[operator]
    if combos:
        h, v, t = max(
            combos,
            key=lambda x: (
                round(sum(_weight(c) for c in x if c), 2),
                max(_order(c) for c in x if c),
            ),
        )
        # Signs given back to some are guessed for all: the sum holds either way;
        # kept as read, a total read with a minus says otherwise.
        restored = any(
            c is not None and {MINUS_LOST, THOUSANDS_LOST} & set(c.evidence)
            for c in (h, v, t)
        ) or bool(lost and any(c and c.value > 0 for c in (h, v, t)))  # type: ignore[operator]
        for c in (h, v, t):
            if c is not None:
                clean = (
                    _weight(c) >= 0.75 and DUE_AS_TTC not in c.evidence and not restored
                )
                out.set(c, SURE * c.reading if clean else 0.8 * c.reading)
        if v is None:
            out.derive(FieldName.TOTAL_VAT, ZERO, EXEMPT_VAT, "exempt")
    elif not _derived_total(hts, vats, ttcs, _lines_read(by), exempt, out):
        hts = _not_parts(hts)
        for c in filter(None, (_best(hts), _best(vats), _best(ttcs))):
            out.set(c, min(0.6, c.confidence))
        if hts and ttcs:
            ht, vat, ttc = (
                out.value(n)
                for n in (FieldName.TOTAL_HT, FieldName.TOTAL_VAT, FieldName.TOTAL_TTC)
            )
            if isinstance(vat, Decimal) and ht + vat == ttc:  # type: ignore[operator]
                out.warn(Code.VAT_TOO_HIGH, ht=ht, vat=vat, rate=MAX_RATE)
            else:
                out.warn(Code.TOTALS_MISMATCH, ht=ht, vat=vat, ttc=ttc)
        elif exempt and hts and not vats and not ttcs:
            out.derive(FieldName.TOTAL_VAT, ZERO, EXEMPT_VAT, "exempt")
        elif exempt and ttcs and not hts and not vats:
            # No VAT: the total with VAT is the total without ("BASE HT" lost).
            ttc = out.fields[FieldName.TOTAL_TTC]
            out.derive(FieldName.TOTAL_HT, ttc.value, ttc.confidence, "exempt")
            out.derive(FieldName.TOTAL_VAT, ZERO, EXEMPT_VAT, "exempt")
    _amount_due(by, out)


def _titled_credit_note(by: Candidates) -> bool:
    """True when a title names the document a credit note ("AVOIR")."""
    return any(
        c.value == "avoir" and "title" in c.evidence
        for c in by.get(FieldName.DOCUMENT_TYPE, [])
    )


DUE_AS_TTC = "amount_due"
"""Evidence of a TTC taken from the amount due, which HT and VAT add up to."""


def _adding_up(
    hts: list[Candidate],
    vats: list[Candidate],
    ttcs: list[Candidate],
    exempt: bool,
) -> list[tuple[Candidate, Candidate | None, Candidate]]:
    """The (HT, VAT, TTC) read where HT + VAT = TTC to the cent, the VAT possible."""
    return [
        (h, v, t)
        for h, v, t in itertools.product(
            hts, [*vats, None] if exempt else vats or [None], ttcs
        )
        if h.value + (v.value if v else ZERO) == t.value  # type: ignore[operator]
        and (v is not None or exempt)
        and (v is None or _possible_vat(h.value, v.value))  # type: ignore[arg-type]
    ]


MINUS_LOST = "minus_lost"
"""Evidence of a scanned credit note's total given back the minus OCR lost."""


def _signs_restored(
    hts: list[Candidate],
    vats: list[Candidate],
    ttcs: list[Candidate],
    exempt: bool,
) -> list[tuple[Candidate, Candidate | None, Candidate]]:
    """A scanned credit note's totals that add up once all are negative, one of
    them read so: OCR lost the minus of the others ("TOTAL HT: 43 107,22 €",
    "Total T.V.A.: -8 621,44 €", "Montant TTC: 51 728,66 €", seed 9037 #16)."""

    def both_signs(cands: list[Candidate]) -> list[Candidate]:
        lost = [
            replace(c, value=-c.value, evidence=(*c.evidence, MINUS_LOST))  # type: ignore[operator]
            for c in cands
            if c.method is Method.OCR and c.value > 0  # type: ignore[operator]
        ]
        return [*cands, *lost]

    return [
        combo
        for combo in _adding_up(
            both_signs(hts), both_signs(vats), both_signs(ttcs), exempt
        )
        if all(c.value <= 0 for c in combo if c)  # type: ignore[operator]
        and any(c.value < 0 and MINUS_LOST not in c.evidence for c in combo if c)  # type: ignore[operator]
    ]


THOUSANDS_LOST = "thousands_lost"
"""Evidence of a scanned HT given back the group of thousands OCR left out."""


def _thousands_restored(
    hts: list[Candidate],
    vats: list[Candidate],
    ttcs: list[Candidate],
    exempt: bool,
) -> list[tuple[Candidate, Candidate | None, Candidate]]:
    """The totals with a scanned HT under a thousand that is the TTC less the VAT
    but for its first group of thousands, which Tesseract leaves out of a
    right-aligned figure ("Total net HT 717,64 €" over "TVA autoliquidée 0,00"
    and "Montant de la facture 3 717,64 €", seed 9100 #13): unproven, the sum
    made so."""
    lost = []
    for h, v, t in itertools.product(
        hts, [*vats, None] if exempt else vats or [None], ttcs
    ):
        if h.method is not Method.OCR or (v is None and not exempt):
            continue
        expected = t.value - (v.value if v else ZERO)  # type: ignore[operator]
        if 0 < h.value < THOUSAND <= expected and expected % THOUSAND == h.value:  # type: ignore[operator]
            restored = replace(
                h, value=expected, evidence=(*h.evidence, THOUSANDS_LOST)
            )
            lost.append((restored, v, t))
    return [
        (h, v, t)
        for h, v, t in lost
        if v is None or _possible_vat(h.value, v.value)  # type: ignore[arg-type]
    ]


def _possible_vat(ht: Decimal, vat: Decimal) -> bool:
    """True when ``vat`` is no more than the highest rate of ``ht`` (a cent aside):
    HT and TTC that both lost their thousands on a scan ("3 506,44" read
    "506,44", "3 857,08" read "857,08") still add up with the VAT, at 69 %."""
    return abs(vat) <= abs(ht) * MAX_RATE / 100 + CENT


def _not_parts(hts: list[Candidate]) -> list[Candidate]:
    """Without the sub-totals when there are several of them ("Sous-total HT Lot 1",
    "Lot 2", …): each is a part, none the invoice's total."""
    parts = {c.value for c in hts if "subtotal" in c.evidence}
    if len(parts) < 2:
        return hts
    return [c for c in hts if "subtotal" not in c.evidence]


def _derived_total(
    hts: list[Candidate],
    vats: list[Candidate],
    ttcs: list[Candidate],
    lines: set[Line],
    exempt: bool,
    out: Resolution,
) -> bool:
    """A total lost or misread derived from the others read, when something ties
    them: a rate or the VAT lines (not where no VAT is due: any HT is tied to a
    zero VAT), or sub-totals that add up to the TTC less the VAT (there too:
    "Total H,T:." read past recognition on a reverse-charge credit note, seed
    9095 #15)."""
    if not exempt and (
        _third_total(hts, vats, ttcs, lines, out)
        or _two_totals_from_lines(hts, vats, ttcs, lines, out)
    ):
        return True
    return _ht_from_parts(hts, vats, ttcs, out)


THIRD_TOTAL = 0.85
"""A total derived from the two others read, where one VAT rate ties them to the cent."""


def _third_total(
    hts: list[Candidate],
    vats: list[Candidate],
    ttcs: list[Candidate],
    lines: set[Line],
    out: Resolution,
) -> bool:
    """Two totals read and the third lost or misread (HT and TTC, VAT and TTC, HT and
    VAT): the third is their difference or sum, kept when they are tied to the cent
    (a misread figure almost never is), by exactly one known rate or by the VAT
    lines read, whose bases and amounts add up to them (`_tied`)."""
    found: list[tuple[Candidate, Candidate, FieldName, Decimal, str]] = []
    for h, t in itertools.product(hts, ttcs):
        vat = t.value - h.value  # type: ignore[operator]
        if rate := _tied(h.value, vat, lines):  # type: ignore[arg-type]
            found.append((t, h, FieldName.TOTAL_VAT, vat, rate))
    for v, t in itertools.product(vats, ttcs):
        ht = t.value - v.value  # type: ignore[operator]
        if rate := _tied(ht, v.value, lines):  # type: ignore[arg-type]
            found.append((t, v, FieldName.TOTAL_HT, ht, rate))
    for h, v in itertools.product(hts, vats):
        if rate := _tied(h.value, v.value, lines):  # type: ignore[arg-type]
            found.append((h, v, FieldName.TOTAL_TTC, h.value + v.value, rate))  # type: ignore[operator]
    if not found:
        return False
    a, b, missing, value, rate = max(
        found, key=lambda x: (round(_weight(x[0]) + _weight(x[1]), 2), _order(x[0]))
    )
    for c in (a, b):
        out.set(c, 0.8 * c.reading)
    # A figure printed for the missing total, that disagrees, weakens the derivation.
    printed = {FieldName.TOTAL_HT: hts, FieldName.TOTAL_VAT: vats}.get(missing, ttcs)
    confidence = THIRD_TOTAL * min(a.reading, b.reading) * (0.8 if printed else 1.0)
    sign = "+" if missing is FieldName.TOTAL_TTC else "-"
    out.derive(missing, value.quantize(CENT), confidence, f"{a.raw} {sign} {b.raw}")
    out.warn(Code.TOTAL_DERIVED, field=missing.value, value=value, rate=rate)
    return True


def _ht_from_parts(
    hts: list[Candidate],
    vats: list[Candidate],
    ttcs: list[Candidate],
    out: Resolution,
) -> bool:
    """The HT lost or misread, its parts read: sub-totals ("Sous-total HT Hôtel de
    ville", "… Médiathèque"), one at each place, that add up to the cent to the
    TTC less the VAT read (parts meeting that difference by accident almost never
    do). The HT is their sum."""
    parts = {(c.page, c.bbox): c for c in hts if "subtotal" in c.evidence}
    if len(parts) < 2:
        return False
    total = sum((c.value for c in parts.values()), ZERO)  # type: ignore[misc]
    found = [
        (v, t)
        for v, t in itertools.product(vats, ttcs)
        if t.value - v.value == total  # type: ignore[operator]
    ]
    if not found:
        return False
    v, t = max(found, key=lambda x: round(_weight(x[0]) + _weight(x[1]), 2))
    for c in (v, t):
        out.set(c, 0.8 * c.reading)
    printed = any("subtotal" not in c.evidence for c in hts)
    readings = min(v.reading, t.reading, *(c.reading for c in parts.values()))
    confidence = THIRD_TOTAL * readings * (0.8 if printed else 1.0)
    out.derive(FieldName.TOTAL_HT, total.quantize(CENT), confidence, "sub-totals")
    out.warn(
        Code.TOTAL_FROM_PARTS,
        value=total,
        parts=" + ".join(str(c.value) for c in parts.values()),
    )
    return True


def _two_totals_from_lines(
    hts: list[Candidate],
    vats: list[Candidate],
    ttcs: list[Candidate],
    lines: set[Line],
    out: Resolution,
) -> bool:
    """One total read, the two others lost or misread: the VAT lines read at two
    known rates or more whose bases and amounts add up to the TTC to the cent
    give HT and VAT; whose bases add up to the HT, VAT and TTC; whose amounts
    add up to the VAT, HT and TTC (a till receipt's "Total net HT" read blank,
    its TTC a digit off, seed 9120 #16). Each line's own arithmetic holds; lines
    meeting a total by accident almost never do. One set of lines only: two
    that fit say nothing."""
    known = sorted(line for line in lines if line[0] in KNOWN_RATES)
    read_as = (
        (FieldName.TOTAL_TTC, ttcs),
        (FieldName.TOTAL_HT, hts),
        (FieldName.TOTAL_VAT, vats),
    )
    found = []
    for n in range(2, len(known) + 1):
        for subset in itertools.combinations(known, n):
            if len({rate for rate, _, _ in subset}) < n:
                continue
            ht = sum(base for _, base, _ in subset)
            vat = sum(amount for _, _, amount in subset)
            totals = {
                FieldName.TOTAL_HT: ht,
                FieldName.TOTAL_VAT: vat,
                FieldName.TOTAL_TTC: ht + vat,
            }
            found += [
                (c, subset, totals, name)
                for name, cands in read_as
                for c in cands
                if c.value == totals[name]
            ]
    if len({subset for _, subset, _, _ in found}) != 1:
        return False
    read, subset, totals, name = max(found, key=lambda x: _weight(x[0]))
    out.set(read, 0.8 * read.reading)
    rates = " / ".join(str(rate) for rate, _, _ in sorted(subset, reverse=True))
    for lost in (other for other in totals if other is not name):
        # The figures printed for them were read, and disagree: 0.8.
        value = totals[lost].quantize(CENT)
        out.derive(lost, value, THIRD_TOTAL * 0.8 * read.reading, rates)
        out.warn(Code.TOTAL_DERIVED, field=lost.value, value=value, rate=rates)
    return True


def _tied(ht: Decimal, vat: Decimal, lines: set[Line]) -> str | None:
    """The rates that make ``vat`` the VAT of ``ht``: one known rate alone, or
    several VAT lines read whose bases add up to ``ht`` and amounts to ``vat``, or
    fall short of them by exactly one line at a known rate (`_one_line_missing`).

    Where lines at two rates or more were read, one rate alone ties nothing: a
    line's own base and amount would pass for the totals."""
    several_rates = len({rate for rate, _, _ in lines if rate in KNOWN_RATES}) > 1
    if not several_rates and (rate := _only_rate(ht, vat)):
        return str(rate)
    for tie in (_lines_matching, _one_line_missing):
        matching = tie(lines, ht, vat)
        if matching and len(matching) > 1:
            return " / ".join(str(r) for r, _, _ in sorted(matching, reverse=True))
    return None


def _lines_read(by: Candidates) -> set[Line]:
    """The VAT lines read (rate, base, amount), at rates a VAT can have."""
    return {c.value for c in by.get(Aux.VAT_LINE, []) if c.value[0] <= MAX_RATE}  # type: ignore[index, misc]


def _only_rate(ht: Decimal, vat: Decimal) -> Decimal | None:
    """The one known non-zero rate that makes ``vat`` the VAT of ``ht`` (same sign)."""
    if not ht or not vat or (ht > 0) != (vat > 0):
        return None
    rates = [r for r in KNOWN_RATES if r and vat_of(abs(ht), r) == abs(vat)]
    return rates[0] if len(rates) == 1 else None


DUE_MISREAD = 0.8
"""Highest confidence of a scanned due that is the expected one but for what OCR
lost (`_misread_dues`): the amount proven, its sign or its comma not."""
DUE_FROM_TTC_ON_SCAN = 0.85
"""Highest confidence of an amount due derived from a scan's TTC, no due read."""


def _misread_dues(dues: list[Candidate], expected: Decimal) -> list[Candidate]:
    """OCR'd dues that are the expected due but for what OCR lost: a credit note's
    minus ("SOLDE A REGLER EUR 19737,14" under "TOTAL TTC EUR -19 737,14"), or the
    decimal comma ("6102562€" for 61 025,62 €: the digits, cents included, with no
    separator between), or the thousands ("MONTANT DU EUR 280,47" under "TOTAL
    TOUTES TAXES COMPRISES EUR 4 280,47", seed 9059 #7: Tesseract leaves a
    right-aligned figure's first group out), or a digit OCR read before it
    ("RESTE A PAYER 85737,81€" under "TOTAL TTC 5737,81 €", seed 9091 #43)."""
    return [
        c
        for c in dues
        if c.method is Method.OCR
        and (
            (expected < 0 and c.value == -expected)
            or (not any(sep in c.raw for sep in ",.") and c.value == expected * 100)
            or (0 < c.value < THOUSAND <= expected and expected % THOUSAND == c.value)
            or (0 < expected < c.value and f"{c.value:f}"[1:] == f"{expected:f}")
        )
    ]


THOUSAND = Decimal(1000)


def _amount_due(by: Candidates, out: Resolution) -> None:
    ttc = out.value(FieldName.TOTAL_TTC)
    retention = _best(by.get(Aux.RETENTION, []))
    # "Montant HT de l'acompte" on a works statement is this piece's HT, read as
    # the total: the amount the HT was read from is not also a deduction, nor is
    # that amount read beside "TOTAL HT" (seed 9065 #34: the due came out the VAT).
    ht = out.fields.get(FieldName.TOTAL_HT)
    advance = _best(
        [
            a
            for a in by.get(Aux.ADVANCE, [])
            if ht is None
            or ((a.page, a.bbox) != (ht.page, ht.bbox) and a.value != ht.value)
        ]
    )
    deductions = sum(
        (abs(c.value) for c in (retention, advance) if c is not None),  # type: ignore[arg-type]
        ZERO,
    )
    expected = ttc - deductions if isinstance(ttc, Decimal) else None
    dues = by.get(FieldName.AMOUNT_DUE, [])
    if expected is not None and ttc < 0:  # a credit note owes nothing back by deduction
        expected = ttc
    matching = [
        c for c in dues if expected is not None and abs(c.value - expected) <= CENT
    ]  # type: ignore[operator]
    if matching:
        c = _best(matching)
        assert c is not None
        out.set(
            c, SURE * c.reading * min(1.0, out.confidence(FieldName.TOTAL_TTC) + 0.03)
        )
        return
    owed = expected
    if owed is None and by.get(Aux.VAT_EXEMPT) and ht is not None:
        # No TTC printed: a franchise owes its HT ("TVA non applicable"), and a due
        # read "1341547€" under "TOTAL HT 13.415,47 €" lost its comma (seed 9066
        # #23); only that is mended from it, no due is derived.
        owed = ht.value - deductions  # type: ignore[operator]
    if owed is not None and (misread := _misread_dues(dues, owed)):
        c = _best(misread)
        assert c is not None
        out.set(replace(c, value=owed), DUE_MISREAD * c.reading)
        return
    printed = _best(dues)
    if printed is not None:
        out.set(printed, min(0.6, printed.confidence))
        if expected is not None:
            out.warn(Code.AMOUNT_DUE_MISMATCH, due=printed.value, expected=expected)
        return
    if expected is not None and not ttc > 0 > expected:  # type: ignore[operator]
        # Deductions past a positive TTC were misread ("1 148,52" read "4 148,52"):
        # no due is derived from them.
        conf = out.confidence(FieldName.TOTAL_TTC) * (0.97 if deductions else 0.99)
        if any(c.method is Method.OCR for c in by.get(FieldName.TOTAL_TTC, [])):
            # On a scan the amount due's own label can be lost ("MONTANT DÛ" read
            # "MONTANT DO"), and a deduction's value with it ("AVANCE VERSÉE"
            # over an unreadable figure): TTC is then only the likeliest due.
            conf = min(conf, DUE_FROM_TTC_ON_SCAN)
        out.derive(FieldName.AMOUNT_DUE, expected.quantize(CENT), conf, "total_ttc")


def _vat_lines(by: Candidates, out: Resolution) -> None:
    ht = out.value(FieldName.TOTAL_HT)
    vat = out.value(FieldName.TOTAL_VAT)
    vat_lines = [c for c in by.get(Aux.VAT_LINE, []) if c.value[0] <= MAX_RATE]  # type: ignore[index]
    lines = _lines_read(by)
    chosen = _lines_matching(lines, ht, vat) or _line_from_totals(by, ht, vat)
    if chosen is None:
        chosen = _one_line_missing(lines, ht, vat)
        if chosen is not None:
            rate, base, amount = chosen[-1]
            out.warn(Code.VAT_LINE_DERIVED, rate=rate, base=base, amount=amount)
            chosen.sort(reverse=True)
    if chosen is None and lines:
        # Keep one line per rate, the last printed, and say they don't add up.
        last: dict[Decimal, tuple[Decimal, Decimal, Decimal]] = {}
        for c in sorted(vat_lines, key=_order):
            if c.value[0] in KNOWN_RATES:  # type: ignore[index]
                last[c.value[0]] = c.value  # type: ignore[index]
        chosen = sorted(last.values(), reverse=True)
        if isinstance(ht, Decimal) and isinstance(vat, Decimal):
            out.warn(Code.VAT_LINES_MISMATCH, ht=ht, vat=vat)
    for rate, base, amount in chosen or []:
        if abs(vat_of(base, rate) - amount) > ZERO:
            out.warn(Code.VAT_LINE_ARITHMETIC, rate=rate, base=base, amount=amount)
        out.vat_breakdown.append(VatLine(rate=rate, base=base, amount=amount))


MAX_TRIALS = 20_000


def _lines_matching(lines: set[Line], ht: object, vat: object) -> list[Line] | None:
    """The set of lines, one per rate, whose bases and amounts add up to the totals."""
    if not lines or not isinstance(ht, Decimal) or not isinstance(vat, Decimal):
        return None
    per_rate: dict[Decimal, list[Line]] = defaultdict(list)
    for line in lines:
        per_rate[line[0]].append(line)
    for combo in _one_per_rate(per_rate):
        if sum(x[1] for x in combo) == ht and sum(x[2] for x in combo) == vat:
            return combo
    return None


def _one_per_rate(per_rate: dict[Decimal, list[Line]]) -> Iterator[list[Line]]:
    """Sets of lines, one line per rate, the most rates first: at most `MAX_TRIALS`."""
    rates = sorted(per_rate, reverse=True)
    combos = (
        list(combo)
        for size in range(len(rates), 0, -1)
        for subset in itertools.combinations(rates, size)
        for combo in itertools.product(*(per_rate[r] for r in subset))
    )
    return itertools.islice(combos, MAX_TRIALS)


def _one_line_missing(lines: set[Line], ht: object, vat: object) -> list[Line] | None:
    """The lines read, plus the one line the totals prove was missed (last in the list).

    With a line unread (OCR lost its row), the others' bases and amounts fall
    short of the totals by exactly that line: kept when the shortfall is a base
    and its VAT at exactly one known rate that no line read has, to the cent.
    """
    if not lines or not isinstance(ht, Decimal) or not isinstance(vat, Decimal):
        return None
    # The self-consistent lines at each rate: a works statement's rows of
    # percentages can read as lines too ("10 % 4 068,48 406,85").
    sound: dict[Decimal, list[Line]] = defaultdict(list)
    for line in sorted(lines):
        rate, base, amount = line
        if rate and vat_of(base, rate) == amount:
            sound[rate].append(line)
    for read in _one_per_rate(sound):
        base = ht - sum(x[1] for x in read)
        amount = vat - sum(x[2] for x in read)
        # The line left has the totals' sign (a credit note's are negative).
        if not base or not amount or (base > 0) != (ht > 0) or (amount > 0) != (ht > 0):
            continue
        fitting = [
            r
            for r in KNOWN_RATES
            if r and r not in {x[0] for x in read} and vat_of(base, r) == amount
        ]
        if len(fitting) == 1:
            return [*read, (fitting[0], base, amount)]
    return None


def _line_from_totals(by: Candidates, ht: object, vat: object) -> list[Line] | None:
    """One line from the totals: 0 % with an exemption mention, or the one rate that fits."""
    if not isinstance(ht, Decimal) or not isinstance(vat, Decimal):
        return None
    if vat == 0:
        return [(ZERO, ht, ZERO)] if by.get(Aux.VAT_EXEMPT) else None
    rate = _only_rate(ht, vat)
    return [(rate, ht, vat)] if rate is not None else None


def _document_type(by: Candidates, out: Resolution) -> None:
    """A credit note says so somewhere; otherwise the document is what its title says."""
    cands = by.get(FieldName.DOCUMENT_TYPE, [])
    avoir = [c for c in cands if c.value == "avoir"]
    chosen = max(avoir or cands, key=lambda c: c.confidence, default=None)
    total = out.value(FieldName.TOTAL_TTC)
    negative = isinstance(total, Decimal) and total < 0
    if chosen is None:
        if negative:
            out.derive(FieldName.DOCUMENT_TYPE, "avoir", 0.7, "negative totals")
        return
    agreeing = [c for c in cands if c.value == chosen.value]
    confidence = SURE if len(agreeing) > 1 or "title" in chosen.evidence else 0.9
    if chosen.method is Method.OCR and not any("title" in c.evidence for c in agreeing):
        # On a scan a title can be lost ("Avoir" spaced out read "A voir"), and a
        # credit note's number often stands under "N° facture".
        confidence = min(confidence, 0.85)
    if negative and chosen.value == "facture":
        confidence = 0.6
        out.warn(Code.NEGATIVE_INVOICE)
    if avoir and len(avoir) != len(cands) and "title" not in avoir[0].evidence:
        confidence = min(confidence, 0.85)  # a facture title beside an "avoir n°"
    if len(agreeing) == 1 and "repaired" in chosen.evidence:
        confidence = min(confidence, 0.85)  # a title read whole by a guess: "AVO | R"
    out.set(chosen, confidence)


REQUIRED = (
    FieldName.INVOICE_NUMBER,
    FieldName.INVOICE_DATE,
    FieldName.SUPPLIER_SIRET,
    FieldName.BUYER_SIRET,
    FieldName.TOTAL_HT,
    FieldName.TOTAL_TTC,
)


def _report_missing(out: Resolution) -> None:
    for name in REQUIRED:
        if name not in out.fields:
            out.warn(Code.FIELD_NOT_FOUND, field=name.value)
    for name, value in out.fields.items():
        if value.confidence < 0.5:
            out.warn(Code.LOW_CONFIDENCE, field=name.value, confidence=value.confidence)


# Works pieces: the cumulative, previous and period amounts close on the piece's HT.
W = WorksField
Progress = tuple[Candidate, Candidate | None]
"""A cumulative amount and the previous one it is diminished by (none: the first)."""


def _previous_works_not_advances(by: Candidates) -> None:
    """An "acomptes précédents" that closes cumulative − previous = HT is the earlier
    situations' HT, not an advance deducted from this piece's TTC. Without VAT
    (autoliquidation in subcontracted works), the TTC is the HT."""
    hts = {c.value for c in by.get(FieldName.TOTAL_HT, [])}
    if by.get(Aux.VAT_EXEMPT):
        hts |= {c.value for c in by.get(FieldName.TOTAL_TTC, [])}
    closing = {
        (p.page, p.bbox)
        for p in by.get(W.PREVIOUS_PAYMENTS, [])
        for c in by.get(W.CUMULATIVE_HT, [])
        if c.value - p.value in hts  # type: ignore[operator]
    }
    if closing and Aux.ADVANCE in by:
        by[Aux.ADVANCE] = [
            a for a in by[Aux.ADVANCE] if (a.page, a.bbox) not in closing
        ]


def _deductions_not_totals(by: Candidates) -> None:
    """An amount on a retention's own row ("Retenue de garantie 5 % du TTC : 61,20")
    or read as a works piece's cumulative or previous amount ("Montant total du marché
    réalisé HT") is that amount, whatever total its label also names."""
    held = {
        (c.page, c.bbox)
        for c in by.get(Aux.RETENTION, [])
        if {"same", "right"} & set(c.evidence)
    }
    held |= {
        (c.page, c.bbox)
        for name in (W.CUMULATIVE_HT, W.PREVIOUS_PAYMENTS)
        for c in by.get(name, [])
    }
    for name in MONEY_FIELDS:
        if held and name in by:
            by[name] = [c for c in by[name] if (c.page, c.bbox) not in held]


def _is_works_piece(by: Candidates) -> bool:
    """A works title, a situation number or a cumulative amount; a retention alone is
    not enough (supplies carry one too)."""
    titled = any("title" in c.evidence for c in by.get(FieldName.BILLING_FRAME, []))
    return titled or bool(by.get(W.SITUATION_NUMBER) or by.get(W.CUMULATIVE_HT))


def _works(by: Candidates, out: Resolution) -> None:
    if not _is_works_piece(by):
        return
    result = pick(by.get(W.SITUATION_NUMBER, []))
    if result is not None:
        chosen, confidence, _ = result
        out.set_works(chosen, confidence)
    _works_progress(by, out)
    _works_retention(by, out)


def _diminished(progress: Progress) -> Decimal:
    cumulative, previous = progress
    return cumulative.value - (previous.value if previous else ZERO)  # type: ignore[no-any-return,operator]


def _works_progress(by: Candidates, out: Resolution) -> None:
    """Cumulative − previous = this period's HT, which is the piece's total HT."""
    cums = by.get(W.CUMULATIVE_HT, [])
    prevs = by.get(W.PREVIOUS_PAYMENTS, [])
    periods = by.get(W.PERIOD_HT, [])
    ht = out.fields.get(FieldName.TOTAL_HT)
    targets = {c.value for c in periods} | ({ht.value} if ht else set())
    closing = [
        (c, p) for c in cums for p in [*prevs, None] if _diminished((c, p)) in targets
    ]
    if not closing:  # read under their labels, but nothing proves them
        for cands in (cums, prevs):
            best = _best(cands)
            if best is not None:
                out.set_works(best, min(0.75, best.confidence))
        period = _best(periods)
        if period is not None:
            agrees = ht is not None and period.value == ht.value
            out.set_works(period, (SURE if agrees else 0.6) * period.reading)
        return
    # The best-read pair; a printed previous amount beats an implied zero.
    c, p = max(
        closing,
        key=lambda x: (x[1] is not None, round(sum(_weight(k) for k in x if k), 2)),
    )
    out.set_works(c, SURE * c.reading)
    if p is not None:
        out.set_works(p, SURE * p.reading)
    period = _best([k for k in periods if k.value == _diminished((c, p))])
    if period is not None:
        out.set_works(period, SURE * period.reading)
    elif ht is not None and ht.value == _diminished((c, p)):
        out.works[W.PERIOD_HT] = ht  # the piece's HT is this period's work


def _works_retention(by: Candidates, out: Resolution) -> None:
    """The retenue de garantie: its rate (5 % unless printed) of the stated base."""
    rate = _best(by.get(W.RETENTION_RATE, []))
    retentions = sorted(by.get(Aux.RETENTION, []), key=_weight, reverse=True)
    expected = _expected_retentions(rate, out)
    proven = next(
        (r for r in retentions if any(abs(r.value - e) <= CENT for e in expected)),  # type: ignore[operator]
        None,
    )
    if proven is not None:
        out.set_works(proven, SURE * proven.reading, W.RETENTION)
    elif retentions:
        out.set_works(retentions[0], min(0.75, retentions[0].confidence), W.RETENTION)
    if rate is not None:
        out.set_works(rate, (SURE if proven else 0.85) * rate.reading)


def _expected_retentions(rate: Candidate | None, out: Resolution) -> list[Decimal]:
    """The rate of TTC or of HT, or of the one base the document states."""
    percent = rate.value if rate else RETENTION_RATE
    stated = {"base_ttc", "base_ht"} & set(rate.evidence if rate else ())
    bases = [
        out.value(name)
        for name, tag in (
            (FieldName.TOTAL_TTC, "base_ttc"),
            (FieldName.TOTAL_HT, "base_ht"),
        )
        if not stated or tag in stated
    ]
    return [
        (abs(b) * percent / 100).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]
        for b in bases
        if isinstance(b, Decimal)
    ]
