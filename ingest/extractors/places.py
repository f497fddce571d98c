"""The names of France's départements and régions, to mend one OCR misread in
the name of the public body they are ("Département du Rhéne", seed 9076 #57);
and the towns a document prints after a postcode, to mend the town a public
body is named after ("Syndicat intercommunal des eaux de Motz", seed 9081 #40).

A département's or a région's own name after its kind is one of a closed list:
a word a letter away from one of them, and from no other, is that one misread.
A town is one of some 35,000: only the document itself says which it is.
"""

import re
from collections.abc import Collection, Iterable

from rapidfuzz.distance import Levenshtein

from ingest.values import fold

DEPARTEMENTS = (
    "Ain", "Aisne", "Allier", "Alpes-de-Haute-Provence", "Hautes-Alpes",
    "Alpes-Maritimes", "Ardèche", "Ardennes", "Ariège", "Aube", "Aude", "Aveyron",
    "Bouches-du-Rhône", "Calvados", "Cantal", "Charente", "Charente-Maritime",
    "Cher", "Corrèze", "Corse-du-Sud", "Haute-Corse", "Côte-d'Or", "Côtes-d'Armor",
    "Creuse", "Dordogne", "Doubs", "Drôme", "Eure", "Eure-et-Loir", "Finistère",
    "Gard", "Haute-Garonne", "Gers", "Gironde", "Hérault", "Ille-et-Vilaine",
    "Indre", "Indre-et-Loire", "Isère", "Jura", "Landes", "Loir-et-Cher", "Loire",
    "Haute-Loire", "Loire-Atlantique", "Loiret", "Lot", "Lot-et-Garonne", "Lozère",
    "Maine-et-Loire", "Manche", "Marne", "Haute-Marne", "Mayenne",
    "Meurthe-et-Moselle", "Meuse", "Morbihan", "Moselle", "Nièvre", "Nord", "Oise",
    "Orne", "Pas-de-Calais", "Puy-de-Dôme", "Pyrénées-Atlantiques",
    "Hautes-Pyrénées", "Pyrénées-Orientales", "Bas-Rhin", "Haut-Rhin", "Rhône",
    "Haute-Saône", "Saône-et-Loire", "Sarthe", "Savoie", "Haute-Savoie", "Paris",
    "Seine-Maritime", "Seine-et-Marne", "Yvelines", "Deux-Sèvres", "Somme", "Tarn",
    "Tarn-et-Garonne", "Var", "Vaucluse", "Vendée", "Vienne", "Haute-Vienne",
    "Vosges", "Yonne", "Territoire de Belfort", "Essonne", "Hauts-de-Seine",
    "Seine-Saint-Denis", "Val-de-Marne", "Val-d'Oise", "Guadeloupe", "Martinique",
    "Guyane", "La Réunion", "Mayotte",
)  # fmt: skip
REGIONS = (
    "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne",
    "Centre-Val de Loire", "Corse", "Grand Est", "Hauts-de-France",
    "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
    "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Guadeloupe", "Martinique",
    "Guyane", "La Réunion", "Mayotte",
)  # fmt: skip

# The kind, then the article, then the place's name to the end of the name.
_PLACED = re.compile(
    r"^(?P<kind>(?:conseil )?departement(?:al)?|conseil general"
    r"|(?:conseil )?region(?:al)?)"
    r" (?:de la |de l'|du |des |de |d')?(?P<place>\S.*)$"
)


def mended_place(name: str) -> str | None:
    """The name with its département's or région's name mended, when OCR
    misread one of its letters: the place read is none of the list, and one
    letter (added, lost or another) from exactly one of them, or the same but
    for an accent misread ("Isére"). None when there is nothing to mend.

    A place read without any accent ("Rhone") is left as read: the invoice may
    print it so.
    """
    m = _PLACED.match(fold(name))  # fold keeps offsets: they hold in ``name``
    if m is None:
        return None
    places = REGIONS if "region" in m.group("kind") else DEPARTEMENTS
    read, printed = m.group("place"), name[m.start("place") :]
    same = [p for p in places if fold(p) == read]
    if same:
        # An accent misread ("Isére"), where the invoice prints accents.
        accented = not printed.isascii()
        if not accented or printed.casefold() == same[0].casefold():
            return None
        place: str | None = same[0]
    else:
        place = letters_from(read, places)
    if place is None:
        return None
    if printed.isupper():
        place = place.upper()
    return name[: m.start("place")] + place


# The article before the town that ends a public body's name: "… de Motz",
# "… d'Avignon", "… de La Rochelle".
_TOWN_AFTER = re.compile(r"(?:^|\s)(?:de|du|des|d['’])(?:\s+|(?<=['’]))", re.IGNORECASE)
MIN_TOWN = 4
"""Fewest letters in a town mended (`mended_town`): a letter away from a shorter
one, as many words are."""


def mended_town(name: str, towns: Collection[str]) -> str | None:
    """The name with the town it ends with mended, when OCR misread one of its
    letters: a town the document prints after a postcode is a letter (added,
    lost or another) away from the name's words after its last "de", "du" or
    "d'", and no other is, nor is any the same. None when there is nothing to
    mend."""
    articles = list(_TOWN_AFTER.finditer(name))
    if not articles:
        return None
    start = articles[-1].end()
    read = fold(name[start:])
    if any(fold(town) == read for town in towns):
        return None
    town = letters_from(read, towns, shortest=MIN_TOWN) or letters_from(
        read, towns, shortest=MIN_TOWN_TWO_LETTERS, letters=2
    )
    return None if town is None else name[:start] + town


MIN_TOWN_TWO_LETTERS = 9
"""Fewest letters in a town mended when two of its letters were misread: "Saint-beni"
for Saint-Denis, its D read as a b and its s lost (seed 9104 #14)."""


def letters_from(
    read: str, names: Iterable[str], shortest: int = 0, letters: int = 1
) -> str | None:
    """The one of ``names`` (of ``shortest`` letters or more) that is ``letters``
    letters at most (each added, lost or another) from ``read``, folded both, and
    not the same; None when none is, or several are."""
    near = {
        name
        for name in names
        if len(fold(name)) >= shortest
        and 0 < Levenshtein.distance(fold(name), read) <= letters
    }
    return near.pop() if len(near) == 1 else None
