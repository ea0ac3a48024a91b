"""What can be a voice: who an outlet lets speak is a person, an organisation or a
document (named or described: "an aide", "officials", "the ministry", "a statement");
pronouns stand for one, and other nouns ("a lasting peace", "the deal") never speak."""

from __future__ import annotations

PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "it", "i", "we", "you"})
"""Stand for a voice named before them; without an antecedent they are no voice."""
NON_VOICE_PRONOUNS = frozenset(
    {"which", "that", "who", "whom", "whose", "what", "this", "these", "those", "there"}
    | {"one", "ones", "some", "others", "everyone", "anyone", "someone", "nobody", "none"}
)
"""Relative, demonstrative and indefinite pronouns: they never name who speaks."""
ANAPHORIC_DETERMINERS = frozenset({"that", "this", "these", "those", "such"})
"""'That person', 'this man': a noun that points back, a voice only through what it
points to."""
ROLE_HEADS = frozenset(
    [
        "minister",
        "secretary",
        "ambassador",
        "envoy",
        "aide",
        "adviser",
        "advisor",
        "governor",
        "mayor",
        "senator",
        "judge",
        "general",
        "commander",
        "official",
        "candidate",
        "nominee",
        "speaker",
        "director",
        "ceo",
        "chairman",
        "chair",
        "founder",
        "analyst",
        "expert",
        "lawyer",
        "attorney",
        "prosecutor",
        "negotiator",
        "diplomat",
        "publicist",
    ]
)
"""Roles a named person is introduced with ("Dmitry Peskov, the Kremlin spokesman")."""
DOCUMENTS = frozenset(
    noun + suffix
    for noun in [
        "statement",
        "letter",
        "email",
        "e-mail",
        "post",
        "article",
        "release",
        "tweet",
        "ad",
        "advertisement",
        "video",
        "memo",
        "message",
        "note",
        "column",
        "editorial",
        "op-ed",
        "petition",
        "notice",
        "website",
        "report",
        "blog",
        "book",
        "filing",
        "lawsuit",
        "complaint",
        "speech",
        "interview",
    ]
    for suffix in ("", "s")
)
"""Documents that speak for whoever issued them ("a statement said")."""
GROUP_HEADS = frozenset(
    [
        "official",
        "officer",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "representative",
        "rep",
        "president",
        "leader",
        "chief",
        "head",
        "premier",
        "chancellor",
        "source",
        "witness",
        "resident",
        "neighbor",
        "neighbour",
        "victim",
        "survivor",
        "relative",
        "friend",
        "family",
        "parent",
        "mother",
        "father",
        "wife",
        "husband",
        "son",
        "daughter",
        "brother",
        "sister",
        "student",
        "teacher",
        "doctor",
        "scientist",
        "researcher",
        "economist",
        "investigator",
        "detective",
        "police",
        "authority",
        "authorities",
        "government",
        "ministry",
        "department",
        "agency",
        "office",
        "administration",
        "campaign",
        "committee",
        "council",
        "court",
        "party",
        "company",
        "firm",
        "group",
        "organization",
        "organisation",
        "union",
        "team",
        "lawmaker",
        "legislator",
        "politician",
        "democrat",
        "republican",
        "voter",
        "supporter",
        "critic",
        "opponent",
        "activist",
        "protester",
        "observer",
        "commentator",
        "journalist",
        "reporter",
        "author",
        "historian",
        "professor",
        "worker",
        "employee",
        "executive",
        "manager",
        "owner",
        "member",
        "person",
        "people",
        "man",
        "woman",
        "delegation",
        "negotiators",
        "military",
        "army",
        "prosecution",
        "defense",
        "defence",
        "board",
        "study",
        "poll",
        "survey",
    ]
)
"""People and bodies described rather than named ("officials", "a witness", "the
ministry"): a voice when no name is given."""
VOICE_HEADS = ROLE_HEADS | DOCUMENTS | GROUP_HEADS


def head_word(phrase: str) -> str:
    """The last word of a phrase before "of" or a comma, singular: "senior officials
    of the ministry" -> "official"."""
    words = phrase.lower().replace(",", " , ").split()
    for stop in (",", "of", "from", "at", "in", "with"):
        if stop in words[1:]:
            words = words[: words.index(stop, 1)]
    last = words[-1].strip("\"'’“”()") if words else ""
    return last[:-1] if last.endswith("s") and last[:-1] in VOICE_HEADS else last
