"""The title lookup is precise or silent: the rules of ``title_rules`` on O*NET's real lists."""

from __future__ import annotations

import pytest

from jobfit.data.onet import load_onet
from jobfit.matching.title_rules import confident_codes, names_a_field, rank_only
from jobfit.matching.titles import TitleIndex


@pytest.fixture(scope="module")
def index() -> TitleIndex:
    onet = [o for o in load_onet() if o.tasks]
    return TitleIndex(
        ((o.code, (o.title, *o.titles, *o.reported_titles)) for o in onet),
        reported=((o.code, (o.title, *o.reported_titles)) for o in onet),
    )


@pytest.mark.parametrize(
    ("line", "group"),
    [
        ("Registered Nurse", "29"),
        ("Account Executive", "41"),  # not Advertising and Promotions Managers (11)
        ("Sales Associate", "41"),
        ("Software Engineer", "15"),
        ("IT Director", "11"),  # computer and information systems managers
        ("Director of Nursing", "11"),
        ("Manager, Operations", "11"),  # read as "Operations Manager"
    ],
)
def test_trusted_titles_keep_their_group(index: TitleIndex, line: str, group: str) -> None:
    codes = index.confident(line)
    assert codes, f"{line!r} should be placed"
    assert {c[:2] for c in codes} == {group}


@pytest.mark.parametrize(
    "line",
    [
        "Project Manager",  # engineering managers (11) or project management specialists (13)
        "Forklift Operator",  # reported under construction (47) and truck operators (53)
        "DIRECTOR, GLOBAL BUSINESS DEVELOPMENT",  # "Director" alone is Producers and Directors
        "Director",
        "IT Management",  # a field, not a job
        "Customer Service",
        "Full Stack Developer",  # O*NET lists it under Photographic Process Workers
    ],
)
def test_titles_it_cannot_place_are_silent(index: TitleIndex, line: str) -> None:
    assert index.lookup(line, subphrases=True), f"{line!r} is listed somewhere in O*NET"
    assert index.confident(line, subphrases=True) == ()


def test_the_reported_titles_settle_two_groups() -> None:
    codes = ("47-2073.00", "53-7051.00", "53-7062.00")
    assert confident_codes("Loader", codes, ("53-7051.00", "53-7062.00")) == codes[1:]
    assert confident_codes("Loader", codes[:2], codes[:2]) == ()  # both groups reported
    assert confident_codes("Loader", codes, codes) == codes[1:]  # a strict majority of them
    assert confident_codes("Loader", codes[:2], codes[:2], subphrase=True) == ()


def test_rank_and_field_words() -> None:
    assert rank_only("Senior Manager")
    assert not rank_only("Nurse Manager")
    assert names_a_field("Project Coordination")
    assert not names_a_field("Project Coordinator")
