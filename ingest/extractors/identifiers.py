"""SIRET, SIREN, VAT number, IBAN and BIC: found by shape, kept only when stdnum agrees.

Which party an identifier belongs to is decided from its surroundings: words such as
"client" or "destinataire" above or beside it point to the buyer; legal mentions
(RCS, capital, APE) and the page footer point to the supplier. Resolve weighs these.
"""

import re
from collections.abc import Iterator

from stdnum import bic, iban
from stdnum.fr import siren, siret, tva

from ingest.contract import FieldName, Method
from ingest.extractors.base import (
    LEAD_RE,
    Aux,
    Candidate,
    Doc,
    Hit,
    Segment,
    candidate_at,
    label_pattern,
)
from ingest.values import fold, upper_same_length

_SEP = r"[ \u00a0.\u202f]?"
SIRET_RE = re.compile(
    rf"(?<![\dA-Z])\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{5}}(?!\d)"
)
# On a scan, a SIRET read a digit too long: its NIC ("418 009 049 102701", seed 9103
# #50), or a stray digit inside it ("546 3 706 649 02199", seed 9106 #25).
_SIRET_DIGIT_MORE = re.compile(rf"(?<![\dA-Z])\d(?:{_SEP}\d){{14}}(?!\d)")
SIREN_RE = re.compile(rf"(?<![\dA-Z])\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}(?![\d])")
VAT_RE = re.compile(
    rf"(?<![A-Z0-9])FR{_SEP}[0-9A-HJ-NP-Z]{{2}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}(?!\d)"
)
IBAN_START_RE = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?=[ \u00a0]?[A-Z0-9])")
BIC_RE = re.compile(
    r"(?<![A-Z0-9])[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Z0-9])"
)

BUYER_WORDS = (
    "client", "destinataire", "acheteur", "facture a", "facturer a", "factures a",
    "adresse de facturation", "donneur d'ordre", "maitre d'ouvrage", "pouvoir adjudicateur",
    "commanditaire", "entite publique", "structure publique", "debiteur", "a l'attention",
    "livre a", "adresse de livraison",
)  # fmt: skip
SUPPLIER_WORDS = (
    "fournisseur", "emetteur", "vendeur", "prestataire", "titulaire", "rcs", "capital",
    "ape", "naf", "siege", "immatricul", "notre siret", "nos references", "societe",
    "entreprise",
)  # fmt: skip

_BUYER_RE = re.compile("|".join(rf"\b{re.escape(w)}" for w in BUYER_WORDS))
_SUPPLIER_RE = re.compile("|".join(rf"\b{re.escape(w)}" for w in SUPPLIER_WORDS))
IBAN_LABEL = label_pattern("iban")
BIC_LABEL = label_pattern("bic", "swift", "code bic", "bic/swift", "code swift")
SIREN_LABEL = label_pattern("siren")
NIC_LABEL = label_pattern("nic")
_NIC_RE = re.compile(r"[\s:;>.\-–]*(\d(?: ?\d){4})(?!\d)")
"""The NIC's five digits, right after its label; OCR reads its colon ";" or ">"
now and then ("NIC" / "> 02081", seed 9073 #44), or a space among them ("NIC :
0237 6", seed 9117 #52), the checksum proving the digits."""


# The supplier's own reference for its client heads no buyer's block: "CODE CLIENT"
# over "C76996" over the supplier's SIRET (seed 9053 #48), "Client n° : C44799"
# two lines over it (seed 9090 #38).
_CLIENT_REFERENCE = re.compile(
    r"\b(?:code|n|no|numero|num|ref|reference|compte)\.?\s*(?:du\s+)?client\b"
    r"|\bclient\s*(?:n°?|no|numero|num|code|ref|reference)(?![a-z])"
)


def compact(text: str) -> str:
    return re.sub(r"[\s.\u00a0\u202f]", "", text)


def role_evidence(doc: Doc, seg: Segment, start: int) -> tuple[str, ...]:
    """Tags saying whether an identifier at ``seg[start]`` looks like the buyer's."""
    tags = []
    before = seg.folded[:start]
    own = _BUYER_RE.search(before)
    if own:
        tags.append("buyer_label")
    elif _SUPPLIER_RE.search(before):
        tags.append("supplier_label")
    elif _BUYER_RE.search(_CLIENT_REFERENCE.sub(" ", doc.near_text(seg, above=4))):
        tags.append("buyer_near")
    elif _SUPPLIER_RE.search(doc.row_text(seg)):
        tags.append("supplier_near")
    if doc.relative_top(seg) > 0.82:
        tags.append("footer")
    return tuple(tags)


def _candidate(
    doc: Doc,
    field: FieldName | Aux,
    value: str,
    hit: Hit,
    confidence: float,
    *tags: str,
    marks: bool = True,
) -> Candidate:
    tags = (*tags, *role_evidence(doc, hit.segment, hit.start))
    return candidate_at(field, value, hit, confidence, *tags, marks=marks)


# What OCR mistakes for a digit inside a number. Applied only where the result then
# passes its checksum, which is what proves the repair.
# A round bracket is half an O: "SIRET: 229 293 279 (4649" (seed 9043 #40). A
# degree sign stands for a digit OCR could not make out ("92° 083 816 01969" for
# 927…, seed 9049 #31): read 0, the key or a VAT number's SIREN then decides.
# "§" for a 5 in small print at 150 dpi ("SIRET §9983721801097", seed 9152 #7).
_LOOKALIKE_CHARS = "OoDQ()°Il|!Ss$§BZzG"
DIGIT_LOOKALIKES = str.maketrans(_LOOKALIKE_CHARS, "0000000111155558226")
OCR_SIRET_RE = re.compile(r"(?<![\dA-Z])\d(?:[ .]{0,2}\d){13}(?!\d)")
# OCR sets a stray mark between "FR" and the key now and then ("FR&80 593068240"),
# or a space inside "FR" ("F R39 356000000").
# On a scan the F of "FR" can come out "#" ("#R425 19162440") or, blurred, "P"
# ("PR 26 479 006", seed 9070 #16), a 1 of the key "!" ("FRO! 933547655"): the key
# proves it. In small grey print a digit of the key comes out "#" ("FR #7 986 212
# 314" for FR 87, seed 9076 #25): read 0, a digit not made out; the SIREN of the
# SIRET then gives the key (resolve's `_vat_from_siren`).
# OCR drops the space after the label too: "N° TVAFR 26 965 917 016" (seed 9081 #4).
_OCR_F = "[F#P]"
OCR_VAT_RE = re.compile(
    rf"(?:(?<=TVA)|(?<![A-Z0-9#])){_OCR_F}(?: ?[\"'’]?)R[^\w\n]{{0,3}}[0-9A-Z!|#]{{2}}"
    r"(?:[ .]{0,2}\d){9}(?!\d)"
)
OCR_PATTERNS = {id(SIRET_RE): OCR_SIRET_RE, id(VAT_RE): OCR_VAT_RE}


def _find(doc: Doc, pattern: re.Pattern[str]) -> Iterator[Hit]:
    """Matches in each segment, and across a line break into the segment below or
    into the next line, where a paragraph wraps, or (OCR) into the next cell.

    Footers wrap: "SIRET 672 212 297" / "02883" is one identifier on two lines. On an
    OCR'd page, letters that look like digits are read as digits and spacing is loose;
    a value repaired so is spelled out in the hit and tagged by the caller's checksum.
    """
    for seg in doc.segments:
        seen: set[Hit] = set()
        for hit in _found(doc, seg, pattern):
            if hit not in seen:
                seen.add(hit)
                yield hit


def _found(doc: Doc, seg: Segment, pattern: re.Pattern[str]) -> Iterator[Hit]:
    """`_find`'s matches in one segment, a scan's readings of it one after another."""
    upper = upper_same_length(seg.text)
    plain = [m.span() for m in pattern.finditer(upper)]
    for start, end in plain:
        yield Hit(seg, start, end)
    if seg.method is Method.OCR:
        for digitised in _digitised(upper):
            for m in OCR_PATTERNS.get(id(pattern), pattern).finditer(digitised):
                if m.group(0) != upper[m.start() : m.end()] or m.span() not in plain:
                    yield Hit(seg, m.start(), m.end(), m.group(0))
    nexts = doc.below(seg, rows=1)[:1]
    wrapped = doc.continuation(seg)
    if wrapped is not None and wrapped not in nexts:
        nexts.append(wrapped)
    if seg.method is Method.OCR:
        # A wide gap inside a number splits a scan's row into two cells:
        # "TVA intracom. FR 01" | "326 151 115".
        nexts.extend(doc.right_of(seg)[:1])
    for after in nexts:
        tail = (
            [after, *doc.right_of(after)[:1]] if after.method is Method.OCR else [after]
        )
        joined = upper + " " + " ".join(upper_same_length(t.text) for t in tail)
        across = pattern
        readings = [joined]
        if seg.method is Method.OCR:
            readings = _digitised(joined)  # "875 487 $71"
            if pattern is VAT_RE:  # "FROO" | "382246247": its key read as letters
                across = OCR_VAT_RE
        for reading in readings:
            for m in across.finditer(reading, max(0, len(seg.text) - 24)):
                if m.start() < len(seg.text) < m.end():
                    yield Hit(
                        seg, m.start(), len(seg.text), reading[m.start() : m.end()]
                    )


def _digitised(text: str) -> list[str]:
    """The scanned text with lookalike letters turned into digits where they sit
    among digits; and, where a 0 came out as an O or a 0 with a stroke beside it
    ("249 196 577 O! 0723" for "… 00723", seed 9062 #19) or a speck as a colon
    between two digits ("716:205 737 02742", seed 9065 #13; "834 981 540: 00026",
    seed 9068 #57) or as a comma or an apostrophe between two groups ("116 , 242
    470 02060", seed 9107 #18; "7999079 10 ' 00480", seed 9119 #41), with that
    stroke or mark a space too, the checksum to prove it."""
    readings = [_AMONG_DIGITS.sub(_as_digits, text)]
    marked = _MARK_AMONG_DIGITS.sub(" ", _STROKE_AFTER_DIGIT.sub(" ", text))
    if marked != text:
        readings.append(_AMONG_DIGITS.sub(_as_digits, marked))
    return readings


def _as_digits(m: re.Match[str]) -> str:
    return m.group(0).translate(DIGIT_LOOKALIKES)


_STROKE_AFTER_DIGIT = re.compile(r"(?<=[0-9O])[!|](?= )")
"""A stroke OCR split off a 0 it read, or a cell's bar it glued to a number ("00026!
TVA …"), a space after it."""
_MARK_AMONG_DIGITS = re.compile(
    r"(?<=\d)[:;] ?(?=\d)|(?<=\d) ?[,.] (?=\d)|(?<=\d) ['’`] (?=\d)"
)
_LOOKALIKE = f"[{re.escape(_LOOKALIKE_CHARS)}]"
_AMONG_DIGITS = re.compile(
    rf"(?<=[\d ]){_LOOKALIKE}(?=[\d ])|(?<=\d){_LOOKALIKE}|{_LOOKALIKE}(?=\d)"
)


def extract(doc: Doc) -> Iterator[Candidate]:
    yield from _sirets(doc)
    yield from _vat_numbers(doc)
    ibans = list(_ibans(doc))
    yield from ibans
    yield from _bics(doc, ibans)


def _sirets(doc: Doc) -> Iterator[Candidate]:
    for hit in _find(doc, SIRET_RE):
        number = compact(hit.text)
        if _VAT_PREFIX.search(upper_same_length(hit.segment.text[: hit.start])):
            continue
        if siret.is_valid(number):
            tags = ("checksum", "joined") if hit.runs_on else ("checksum",)
            # A speck read as a mark between its groups is no digit of it.
            yield _candidate(
                doc, FieldName.SUPPLIER_SIRET, number, hit, 0.9, *tags, marks=False
            )
        elif hit.segment.method is Method.OCR and number.isdigit():
            # Resolve repairs it when its SIREN is one digit off a VAT number's.
            yield _candidate(doc, Aux.SIRET_MISREAD, number, hit, 0.9)
    for hit in _find(doc, _SIRET_DIGIT_MORE):
        number = compact(hit.text)
        if hit.segment.method is Method.OCR and number.isdigit():
            # Resolve drops the digit too many when the SIREN is a VAT number's.
            yield _candidate(doc, Aux.SIRET_MISREAD, number, hit, 0.9)
    yield from _siren_and_nic(doc)


def _siren_and_nic(doc: Doc) -> Iterator[Candidate]:
    """A SIREN and a NIC printed apart ("SIREN 732 829 320 – NIC 00074"), found
    from the SIREN's label or, where OCR lost that, from the NIC's (less surely)."""
    labelled = [(hit, n) for hit, n in _after_siren_labels(doc) if siret.is_valid(n)]
    found = {n for _, n in labelled}
    lost = []
    for hit, number in _before_nic_labels(doc):
        if number not in found and siret.is_valid(number):
            found.add(number)
            lost.append((hit, number))
    for pairs, prior in ((labelled, 0.85), (lost, 0.8)):
        for hit, number in pairs:
            yield _candidate(
                doc,
                FieldName.SUPPLIER_SIRET,
                number,
                hit,
                prior,
                "checksum",
                "siren_nic",
            )


# A mark OCR read between a scanned number's groups: "SIREN : 685 : 421 943" (seed
# 9059 #0).
_STRAY_MARK = re.compile(r"(?<=\d) [:;.,'’|] (?=\d)")


def _after_siren_labels(doc: Doc) -> Iterator[tuple[Hit, str]]:
    """The SIREN after its label, and the NIC after the SIREN, in the same cell, the
    next ones (a scan's row falls into small cells), or on the next line, its first
    cells left to right ("NIC :" | "02879 + N° TVA …"): the label and the 14 digits."""
    for hit in doc.find(SIREN_LABEL):
        under = sorted(doc.below(hit.segment, rows=1), key=lambda s: s.x0)
        nexts = [*doc.right_of(hit.segment)[:3], *under[:2]]
        tail = " ".join([hit.segment.text[hit.end :], *(s.text for s in nexts)])
        if hit.segment.method is Method.OCR:
            tail = _STRAY_MARK.sub(" ", tail)  # the checksum proves it
        m = SIREN_RE.search(tail)
        if not m or tail[: m.start()].strip(" :.-–"):
            continue
        nic = NIC_LABEL.search(fold(tail), m.end())
        digits = _NIC_RE.match(tail, nic.end()) if nic else None
        if digits:
            yield hit, compact(m.group(0)) + compact(digits.group(1))


def _before_nic_labels(doc: Doc) -> Iterator[tuple[Hit, str]]:
    """The SIREN just before the NIC's label, in its cell or the one before, and the
    NIC's digits after it, in its cell or the next: "B 685 362 188 N : 685 362 188 |
    NIC | 01514" (seed 9045 #22, "SIREN" read "N"). A label that ends its cell
    may have its digits at the start of the next line, wrapped back to the left:
    "SIREN : 986 974 343 - NIC" / ": 02937" (seed 9067 #15, header and footer)."""
    for hit in doc.find(NIC_LABEL):
        seg = hit.segment
        head, tail = seg.text[: hit.start], seg.text[hit.end :]
        if not head.strip() and (left := doc.left_of(seg)):
            head = left[-1].text
        sirens = list(SIREN_RE.finditer(head))
        if not sirens or head[sirens[-1].end() :].strip(" :.-–"):
            continue
        tails = [tail]
        if not tail.strip(" :.-–"):
            tails = [s.text for s in doc.right_of(seg)[:1]]
            tails += [s.text for s in doc.next_row(seg) if s.x0 < seg.x0]
        for digits in filter(None, map(_NIC_RE.match, tails)):
            yield hit, compact(sirens[-1].group(0)) + compact(digits.group(1))


# What comes before a VAT number's nine digits: digits after it are the VAT
# number's own, not a SIRET's start ("FR90 630495661" | "31000 Toulouse" passed
# Luhn, joined across cells, one time in ten).
_VAT_PREFIX = re.compile(r"(?<![A-Z0-9])F ?R[^\w\n]{0,2}[0-9A-Z]{2}[ .]?$")


def _vat_numbers(doc: Doc) -> Iterator[Candidate]:
    for hit in _find(doc, VAT_RE):
        number = compact(hit.text)
        if hit.segment.method is Method.OCR:
            # The key is two digits; OCR reads "FR05" as "FROS", "FR01" as "FRO!"
            # (its checksum proves it). Marks before the key are strays.
            # A mark between F and R too: 'F "R64 806667408' (seed 9069 #40).
            number = re.sub(rf"^{_OCR_F}[^0-9A-Z]*R", "", number)
            number = re.sub(r"^[^0-9A-Z]*#(?=[0-9A-Z!|]{10}$)", "0", number)
            number = "FR" + re.sub(r"^[^0-9A-Z]+|[^0-9A-Z!|]", "", number)
            number = number[:2] + number[2:4].translate(DIGIT_LOOKALIKES) + number[4:]
        if tva.is_valid(number) and siren.is_valid(number[4:]):
            yield _candidate(doc, FieldName.SUPPLIER_VAT, number, hit, 0.9, "checksum")
        elif hit.segment.method is Method.OCR and re.fullmatch(r"FR\d{11}", number):
            # Resolve repairs it when the key fits the SIREN of a SIRET read.
            yield _candidate(doc, Aux.VAT_MISREAD, number, hit, 0.9)
    for seg in doc.segments:
        if seg.method is not Method.OCR:
            continue
        # A VAT number OCR read short: its line ran off the page and the rest
        # was lost ("FR 95 615 508", in one cell or over the next: "FR" | "82
        # 432"), or a digit was dropped ("FR8048674741").
        row = " ".join(upper_same_length(t.text) for t in [seg, *doc.right_of(seg)])
        for m in _VAT_SHORT.finditer(row):
            if m.start() >= len(seg.text):
                break  # the next cell's own
            key = m.group(1).translate(DIGIT_LOOKALIKES)
            number = "FR" + key + re.sub(r"\D", "", m.group(2))
            hit = Hit(seg, m.start(), min(m.end(), len(seg.text)), m.group(0))
            yield _candidate(doc, Aux.VAT_MISREAD, number, hit, 0.9, "short")
    yield from _vat_without_prefix(doc)
    yield from _vat_key_garbled(doc)


# "TVA intracommunautaire", OCR may split its long word ("intracommu nautaire").
_VAT_LABEL = re.compile(r"\b(?:tva|vat)\b\W{0,4}(?:n\W{0,3})?intra[a-z -]{0,20}")
_BARE_SIREN = re.compile(r"\d{3} ?\d{3} ?\d{3}(?![\d.,])")
# One or two digits before a SIREN: what OCR left of a VAT number's key.
_KEY_LEFT = re.compile(rf"(\d{{1,2}}) ?(?={_BARE_SIREN.pattern})")


def _vat_without_prefix(doc: Doc) -> Iterator[Candidate]:
    """On a scan, a VAT number whose "FR" and key OCR lost: nine digits opening
    what follows a VAT label (its cell, the next cell, or the next line where the
    label ends one: "TVA intracommunautaire :" / "916865926", "FR24" gone). A
    French VAT number is FR, the SIREN's own key and the SIREN: resolve takes it
    when those digits are the supplier's SIREN. What is left of the key before
    them must end it ("TVA intracom 3 769095217", "FR1" of FR13 lost)."""
    for seg in doc.segments:
        if seg.method is not Method.OCR:
            continue
        for m in _VAT_LABEL.finditer(seg.folded):
            if seg.folded[m.end() :].strip(" :."):
                places = [(seg, m.end())]
            else:
                places = [(s, 0) for s in doc.right_of(seg)[:1]]
                if (after := doc.continuation(seg)) is not None:
                    places.append((after, 0))
            for where, offset in places:
                lead = LEAD_RE.match(where.folded, offset)
                start = lead.end() if lead else offset
                left = _KEY_LEFT.match(where.folded, start)
                d = _BARE_SIREN.match(where.folded, left.end() if left else start)
                if d is None or not siren.is_valid(
                    digits := d.group(0).replace(" ", "")
                ):
                    continue
                key = vat_key(digits)
                if left and not key.endswith(left.group(1)):
                    continue
                hit = Hit(where, d.start(), d.end())
                number = f"FR{key}{digits}"
                yield _candidate(doc, Aux.VAT_MISREAD, number, hit, 0.9, "key_lost")
                break


# "FR" and a key of one to three characters OCR garbled ("FROS5" for FR05, an S
# and a 5 read for the 5; "FR 1}" for FR 11, seed 9109 #56), then the nine digits.
_GARBLED_KEY = re.compile(
    rf"(?<![A-Z0-9]){_OCR_F} ?R ?(?P<key>\S{{1,3}}) ?"
    r"(?P<siren>\d{3} ?\d{3} ?\d{3})(?!\d)"
)


def _vat_key_garbled(doc: Doc) -> Iterator[Candidate]:
    """On a scan, a VAT number whose key OCR garbled past reading ("N° TVA FROS5
    578640047" for FR05 578640047, seed 9087 #11): FR, the key its SIREN gives,
    and the SIREN, which resolve takes only where those nine digits are the
    SIREN of the supplier's SIRET (its Luhn digit proving them). What is left of
    the key must agree with the SIREN's at its first or its last digit ("FR 1}"
    for FR 11, seed 9109 #56): "FR #6" before a SIREN whose key is 87 is
    something else."""
    for seg in doc.segments:
        if seg.method is not Method.OCR:
            continue
        for m in _GARBLED_KEY.finditer(upper_same_length(seg.text)):
            digits = m.group("siren").replace(" ", "")
            if VAT_RE.fullmatch(m.group(0)) or not siren.is_valid(digits):
                continue  # read whole: `_vat_numbers` has it
            key, left = vat_key(digits), m.group("key").translate(DIGIT_LOOKALIKES)
            if left[0] != key[0] and left[-1] != key[-1]:
                continue
            hit = Hit(seg, m.start(), m.end())
            number = f"FR{key}{digits}"
            yield _candidate(doc, Aux.VAT_MISREAD, number, hit, 0.9, "key_lost")


def vat_key(siren_number: str) -> str:
    """The two digits a French VAT number puts before its SIREN."""
    return f"{(12 + 3 * (int(siren_number) % 97)) % 97:02d}"


# A VAT number's key and three to eight digits, no more (scans only); or nine
# whose spaces OCR set where no group ends, its last digit misread ("FR47
# 54390756 7)" for FR47 543 907 562, seed 9100 #5), which `VAT_RE` misses.
_VAT_SHORT = re.compile(
    rf"(?<![A-Z0-9]){_OCR_F} ?R[^\w\n]{{0,3}}([0-9A-Z]{{2}})((?:[ .]?\d){{3,9}})(?![ .]?\d)"
)


def _ibans(doc: Doc) -> Iterator[Candidate]:
    for seg in doc.segments:
        upper = upper_same_length(seg.text)
        below = doc.below(seg, rows=1)
        # A narrow column wraps the IBAN: read on into the line below.
        joined = f"{upper} {upper_same_length(below[0].text)}" if below else upper
        readings = [joined]
        if seg.method is Method.OCR:
            # A bar read inside it, or a wide gap, splits a scan's row into two
            # cells ("FR76109078728246 1" | "5909207840", seed 9091 #40).
            readings += [
                f"{upper} {upper_same_length(t.text)}" for t in doc.right_of(seg)[:1]
            ]
            # A speck read as a mark between two groups ("FR76.1751 5758 …",
            # seed 9063 #43; "7995 ; 9495", seed 9110 #51) is a space: the
            # check digits prove the groups one.
            upper = _IBAN_MARK.sub(_blanked, upper)
            readings = [_IBAN_MARK.sub(_blanked, r) for r in readings]
        for m in IBAN_START_RE.finditer(upper):
            number, joined = None, readings[0]
            for reading in readings:
                if found := _longest_valid_iban(reading[m.start() :]):
                    number, joined = found, reading
                    break
            if not number and seg.method is Method.OCR:
                hit = Hit(seg, m.start(), len(upper))
                stray = _without_stray_word(upper[m.start() :])
                if stray is not None:
                    # Its check digits prove it, but the word left out is a guess.
                    yield _candidate(
                        doc, FieldName.SUPPLIER_IBAN, stray, hit, 0.8, "checksum"
                    )
                elif (
                    barred := _one_read_as_bar(doc, seg, upper[m.start() :])
                ) is not None:
                    yield _candidate(
                        doc,
                        FieldName.SUPPLIER_IBAN,
                        barred,
                        hit,
                        0.75,
                        "checksum",
                        "repaired",
                    )
                continue
            if not number:
                continue
            end = m.start() + _span_length(joined[m.start() :], number)
            spelled = joined[m.start() : end] if end > len(upper) else None
            labelled = bool(IBAN_LABEL.search(doc.near_text(seg, above=1)))
            tags = ("checksum", "label") if labelled else ("checksum",)
            hit = Hit(seg, m.start(), min(end, len(upper)), spelled)
            yield _candidate(
                doc, FieldName.SUPPLIER_IBAN, number, hit, 0.95, *tags, marks=False
            )


_IBAN_MARK = re.compile(r"(?<=[A-Z0-9]) ?[.,:;'’] ?(?=[A-Z0-9])")


def _blanked(m: re.Match[str]) -> str:
    """A match made spaces, as long: offsets in the segment's text hold."""
    return " " * len(m.group(0))


_GROUPS = re.compile(r"[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){3,7}(?: [A-Z0-9]{1,4})?")


def _without_stray_word(text: str) -> str | None:
    """An IBAN printed in groups of four with a word OCR set inside it (the
    "IBAN" of its label, read on the line: "FR76 BAN 1751 5947 …", "FR76 IBAN
    1751 …"), and that validates once the word is left out; None otherwise."""
    words = text.split()
    for k in range(1, min(len(words), 4)):
        if not words[k].isalpha() or (len(words[k]) == 4 and words[k] != "IBAN"):
            continue  # a group of the IBAN's own letters is no stray word
        rest = " ".join(words[:k] + words[k + 1 :])
        grouped = _GROUPS.match(rest)
        if grouped is not None:
            number = _longest_valid_iban(grouped.group(0))
            if number is not None and len(number) == len(
                grouped.group(0).replace(" ", "")
            ):
                return number
    return None


def _one_read_as_bar(doc: Doc, seg: Segment, text: str) -> str | None:
    """An IBAN running to its cell's end whose 1 OCR read as a bar, taken then for a
    table's rule ("…575929 |" for …5759291, "…644648 | 25691064" for …6446481256…):
    the 1 put back at the cell's end, before the next cell's digits if they go on
    with it, when the check digits then pass (one chance in 97 by accident)."""
    if not re.fullmatch(r"[A-Z0-9 ]+", text.strip()):
        return None
    chars = re.sub(r"\s", "", text)
    nexts = doc.right_of(seg)[:1]
    more = re.match(r"[0-9 ]*\d", nexts[0].text) if nexts else None
    for number in (
        chars + "1",
        *([chars + "1" + more.group(0).replace(" ", "")] if more else []),
    ):
        if iban.is_valid(number):
            return number
    return None


def _longest_valid_iban(text: str) -> str | None:
    """The longest run of IBAN characters from the start of ``text`` that validates."""
    chars = []
    best = None
    for ch in text:
        if ch in " \u00a0":
            continue
        if not ch.isalnum():
            break
        chars.append(ch)
        if len(chars) > 34:
            break
        if len(chars) >= 15 and iban.is_valid("".join(chars)):
            best = "".join(chars)
    return best


def _span_length(text: str, compacted: str) -> int:
    """How many characters of ``text`` spell ``compacted`` with its spaces."""
    seen = 0
    for i, ch in enumerate(text):
        if ch.isalnum():
            seen += 1
            if seen == len(compacted):
                return i + 1
    return len(text)


BANK_DETAILS_REACH = 40.0
"""How far from an IBAN (points, up or down) a BIC with no label is looked for."""


def _bics(doc: Doc, ibans: list[Candidate]) -> Iterator[Candidate]:
    labelled = list(_labelled_bics(doc))
    yield from labelled
    if not labelled:
        yield from _bics_beside_ibans(doc, ibans)


def _bics_beside_ibans(doc: Doc, ibans: list[Candidate]) -> Iterator[Candidate]:
    """A BIC whose label OCR garbled ("Code B : AGRIFRPP882"), by the IBAN of its
    bank details and of the IBAN's country: weaker than a labelled one."""
    for account in ibans:
        if account.bbox is None:
            continue
        top, bottom = (
            account.bbox[1] - BANK_DETAILS_REACH,
            account.bbox[3] + BANK_DETAILS_REACH,
        )
        for seg in doc.by_page[account.page]:
            if not top <= seg.top <= bottom:
                continue
            text = upper_same_length(seg.text)
            for m in BIC_RE.finditer(text):
                code = m.group(0)
                if (
                    code[4:6] == str(account.value)[:2]
                    and bic.is_valid(code)
                    and _in_capitals(seg.text[m.start() : m.end()])
                ):
                    hit = Hit(seg, m.start(), m.end())
                    yield _candidate(
                        doc, FieldName.SUPPLIER_BIC, code, hit, 0.7, "near_iban"
                    )
                    return


def _in_capitals(printed: str) -> bool:
    """A BIC is printed in capitals; OCR may read a letter or two small, but a
    word in small letters is a word: "BIC" over a lost code, then "Ouvrages"."""
    letters = [c for c in printed if c.isalpha()]
    return sum(c.islower() for c in letters) * 2 <= len(letters)


def _labelled_bics(doc: Doc) -> Iterator[Candidate]:
    for hit in doc.find(BIC_LABEL):
        for place in doc.places_after(hit, below=1):
            printed = place.segment.text[place.offset :]
            m = BIC_RE.search(upper_same_length(printed))
            if (
                m
                and bic.is_valid(m.group(0))
                and m.start() < 12
                and _in_capitals(printed[m.start() : m.end()])
            ):
                start = place.offset + m.start()
                yield _candidate(
                    doc,
                    FieldName.SUPPLIER_BIC,
                    m.group(0),
                    Hit(place.segment, start, start + len(m.group(0))),
                    0.9,
                    "label",
                )
                break
