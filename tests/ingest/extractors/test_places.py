import pytest

from ingest.extractors.places import DEPARTEMENTS, REGIONS, mended_place, mended_town


@pytest.mark.parametrize(
    ("read", "mended"),
    [
        ("Département du Rhéne", "Département du Rhône"),  # a letter misread
        ("DÉPARTEMENT DU RHÉNE", "DÉPARTEMENT DU RHÔNE"),  # its case kept
        ("Département de la Girnde", "Département de la Gironde"),  # a letter lost
        ("Conseil départemental de l'Isére", "Conseil départemental de l'Isère"),
        ("Région Occitanle", "Région Occitanie"),
        ("Région Îlé-de-France", "Région Île-de-France"),
    ],
)
def test_a_place_a_letter_from_one_of_the_list_is_that_one(read, mended):
    assert mended_place(read) == mended


@pytest.mark.parametrize(
    "read",
    [
        "Département du Rhône",  # read whole
        "Département du Rhone",  # printed without accents: as printed
        "Département de l'Aube",  # a letter from Aude, but a département itself
        "Département de l'Aue",  # a letter from Aube and from Aude: which?
        "Région Occitanie O",  # more than a letter from any
        "Département du Rhône - Direction des routes",  # more than the place
        "Commune de Ain",  # no département's kind
        "Région Gironde",  # a département, not a région
    ],
)
def test_a_place_that_is_none_or_several_letters_off_is_left(read):
    assert mended_place(read) is None


def test_the_lists_are_whole():
    assert len(DEPARTEMENTS) == 101
    assert len(REGIONS) == 18
    assert len(set(DEPARTEMENTS)) == len(DEPARTEMENTS)


@pytest.mark.parametrize(
    ("read", "towns", "mended"),
    [
        ("Syndicat des eaux de Motz", ["Metz", "Pau"], "Syndicat des eaux de Metz"),
        ("Ville d'Avignan", ["Avignon"], "Ville d'Avignon"),
        ("Ville de La Rochele", ["La Rochelle"], "Ville de La Rochelle"),
        # Two letters from a long one (seed 9104 #14), not from a shorter one.
        (
            "Syndicat des eaux de Saint-beni",
            ["Saint-Denis"],
            "Syndicat des eaux de Saint-Denis",
        ),
        ("Mairie de Nantos", ["Nancy"], None),
        # Read whole, or a letter from two towns, or from a short one: left.
        ("Mairie de Paris", ["Paris", "Pariss"], None),
        ("Mairie de Lile", ["Lille", "Lyle"], None),
        ("Mairie de Pan", ["Pau"], None),
        # No article before it: a person's name, no town.
        ("Collège Jean Paul", ["Paul"], None),
    ],
)
def test_a_town_a_letter_from_one_the_document_prints_is_that_one(read, towns, mended):
    assert mended_town(read, towns) == mended
