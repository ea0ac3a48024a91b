"""Gazetteer: alias and transliteration variants the small English model gets wrong.

Outlets spell the same place or person differently (Kiev/Kyiv, Türkiye/Turkey,
Zelensky/Zelenskyy) and ``en_core_web_sm`` mislabels or misses several of them, so
canonical identity needs knowledge beyond NER. Everything here is data: the alias
table maps a normalised form to its canonical key, the gazetteer feeds an
``entity_ruler`` placed before ``ner``, and the office table lets "the U.S. president"
resolve to a person the article names.
"""

from __future__ import annotations

from itertools import product

# Normalised form (see entities.normalise) -> canonical key. Keys on the right are the
# forms the ids are built from, so each group has exactly one right-hand side.
PLACE_ALIASES: dict[str, str] = {
    "turkiye": "turkey",
    "turkey": "turkey",
    "republic of turkey": "turkey",
    "kiev": "kyiv",
    "kyiv": "kyiv",
    "us": "united states",
    "usa": "united states",
    "united states": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "united kingdom": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "russian federation": "russia",
    "eu": "european union",
    "un": "united nations",
    "odessa": "odesa",
    "kharkov": "kharkiv",
    "lvov": "lviv",
    "lugansk": "luhansk",
    "donbass": "donbas",
    "zaporozhye": "zaporizhzhia",
    "zaporizhia": "zaporizhzhia",
    "nikolaev": "mykolaiv",
    "artemovsk": "bakhmut",
    "byelorussia": "belarus",
    "moldavia": "moldova",
    "czechia": "czech republic",
    "holland": "netherlands",
}

# Ukrainian/Russian and English spellings of a first name that stand for one person.
FIRST_NAME_ALIASES: dict[str, str] = {
    "volodymyr": "vladimir",
    "volodimir": "vladimir",
    "wladimir": "vladimir",
    "dmitri": "dmitry",
    "dmitrii": "dmitry",
    "aleksey": "alexey",
    "aleksei": "alexey",
    "alexei": "alexey",
    "yuri": "yury",
    "yuriy": "yury",
    "sergei": "sergey",
    "mikhail": "mikhail",
    "maksim": "maxim",
}

# Surnames so prominent that a surname-only mention with no full name in the
# article still means this person (keys are folded surnames, values full keys).
KNOWN_PEOPLE: dict[str, str] = {
    "putin": "vladimir putin",
    "zelensky": "vladimir zelensky",
    "lavrov": "sergey lavrov",
    "peskov": "dmitry peskov",
    "zakharova": "maria zakharova",
    "medinsky": "vladimir medinsky",
    "erdogan": "recep erdogan",
    "medvedev": "dmitry medvedev",
    "shoigu": "sergey shoigu",
    "navalny": "alexey navalny",
    "kuleba": "dmytro kuleba",
    "sybiha": "andrii sybiha",
    "yermak": "andriy yermak",
    "macron": "emmanuel macron",
    "merz": "friedrich merz",
    "scholz": "olaf scholz",
    "starmer": "keir starmer",
    "netanyahu": "benjamin netanyahu",
    "xi": "xi jinping",
    "obama": "barack obama",
    "biden": "joe biden",
    "trump": "donald trump",
}

# Offices: a role phrase (normalised) -> people who held it, as full keys.
OFFICES: dict[str, tuple[str, ...]] = {
    "us president": ("donald trump", "joe biden", "barack obama"),
    "american president": ("donald trump", "joe biden", "barack obama"),
    "us leader": ("donald trump", "joe biden", "barack obama"),
    "russian president": ("vladimir putin",),
    "russian leader": ("vladimir putin",),
    "kremlin chief": ("vladimir putin",),
    "ukrainian president": ("vladimir zelensky",),
    "ukrainian leader": ("vladimir zelensky",),
    "turkish president": ("recep erdogan",),
    "kremlin spokesman": ("dmitry peskov",),
    "kremlin spokesperson": ("dmitry peskov",),
    "russian foreign minister": ("sergey lavrov",),
    "us vice president": ("jd vance", "kamala harris", "mike pence"),
}

# Entity ruler gazetteer: label -> canonical spellings; variants are generated.
GAZETTEER: dict[str, tuple[str, ...]] = {
    "GPE": (
        "Kyiv",
        "Kiev",
        "Türkiye",
        "Turkiye",
        "Turkey",
        "Donetsk",
        "Luhansk",
        "Lugansk",
        "Donbas",
        "Donbass",
        "Crimea",
        "Odesa",
        "Odessa",
        "Kharkiv",
        "Kharkov",
        "Kherson",
        "Zaporizhzhia",
        "Zaporozhye",
        "Mariupol",
        "Bakhmut",
        "Avdiivka",
        "Istanbul",
        "Ankara",
        "Moscow",
        "Ukraine",
        "Russia",
        "Belarus",
    ),
    "ORG": ("Kremlin", "NATO", "European Union", "United Nations"),
}

_ZELENSKY = ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskii", "Zelenski")
_PERSON_VARIANTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("Vladimir", "Volodymyr", "Volodimir", ""), _ZELENSKY),
    (("Vladimir", ""), ("Putin",)),
    (("Sergey", "Sergei", ""), ("Lavrov",)),
    (("Dmitry", "Dmitri", ""), ("Peskov",)),
    (("Maria", ""), ("Zakharova",)),
    (("Recep Tayyip", "Recep Tayyib", "Recep", ""), ("Erdogan", "Erdoğan")),
)


def person_patterns() -> list[str]:
    """Every spelling of the gazetteer's people, with and without first names."""
    return [
        " ".join(filter(None, pair))
        for firsts, lasts in _PERSON_VARIANTS
        for pair in product(firsts, lasts)
    ]


def ruler_patterns() -> list[dict[str, str]]:
    """Phrase patterns for spaCy's ``entity_ruler`` (matched on lower case)."""
    patterns = [{"label": "PERSON", "pattern": text} for text in person_patterns()]
    for label, names in GAZETTEER.items():
        patterns.extend({"label": label, "pattern": name} for name in names)
    return patterns
