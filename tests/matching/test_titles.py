"""Job-title lookup against the vendored O*NET titles: real-world title shapes."""

from __future__ import annotations

import pytest

from jobfit.data.onet import load_onet
from jobfit.matching.titles import TitleIndex, normalize_title, title_candidates


@pytest.fixture(scope="module")
def index() -> TitleIndex:
    return TitleIndex(
        (o.code, (o.title, *o.titles, *o.reported_titles)) for o in load_onet() if o.tasks
    )


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Registered Nurse", "29-1141.00"),
        ("Registered Nurse - ICU Nights - Columbus, OH", "29-1141.00"),
        ("Registered Nurse (Remote), Part-Time", "29-1141.00"),
        ("RN Case Manager", "29-1141.00"),
        ("Human Resources Generalist | Acme Corp", "13-1071.00"),
        ("HR Generalist", "13-1071.00"),
        ("Pre-School Teacher", "25-2011.00"),
        ("Preschool Teacher", "25-2011.00"),
        ("Director of Business Development", "11-2022.00"),
        ("Director, Business Development", "11-2022.00"),
        ("Web Developer at Initech", "15-1254.00"),
        ("Senior Accountant - Florham Park, NJ", "13-2011.00"),
    ],
)
def test_real_world_title_shapes_find_their_occupation(
    index: TitleIndex, line: str, code: str
) -> None:
    assert code in index.lookup(line), (line, index.lookup(line))


def test_seniority_words_are_kept_where_they_are_the_title(index: TitleIndex) -> None:
    # "assistant" is a seniority word in "Assistant Manager" but the job in "Medical Assistant".
    assert "31-9092.00" in index.lookup("Medical Assistant")
    assert index.lookup("Medical Assistant", min_words=2) == index.lookup("Medical Assistant")


def test_unknown_titles_and_section_headers_find_nothing(index: TitleIndex) -> None:
    assert index.lookup("Professional Summary") == ()
    assert index.lookup("Quantum Flux Wrangler") == ()


def test_subphrases_fall_back_to_the_longest_listed_run(index: TitleIndex) -> None:
    line = "Retail Commission Sales Associate - Fine Jewelry"
    assert index.lookup(line) == ()
    assert index.lookup(line, subphrases=True) != ()


def test_found_skips_single_words_below_the_headline_and_sentence_lines(
    index: TitleIndex,
) -> None:
    text = (
        "Jane Roe\njane@example.com\nSummary\nCommunication\nsales\n"
        "Registered nurse with ten years of ward experience.\n"
        "EXPERIENCE\nCharge Nurse - St. Mary's Hospital, 2015 - Present\nStaff Nurse"
    )
    assert [t for t, _ in index.found(text)] == [
        "Charge Nurse - St. Mary's Hospital, 2015 - Present",
        "Staff Nurse",
    ]
    assert [t for t, _ in index.found("Nurse\nSummary")] == ["Nurse"]


def test_found_in_a_resume_reads_only_the_headline_and_experience(index: TitleIndex) -> None:
    text = (
        "Jane Roe\nSummary\nAccountant with payroll experience.\nHighlights\n"
        "Accounts Payable\nCustomer Service\nWork History\nJan 2018 - Present\nAccountant\n"
        "Acme Corp\n2012 - 2017\nBookkeeper\nEducation\nPayroll Clerk Certificate"
    )
    as_resume = [t for t, _ in index.found(text, max_titles=5, resume=True)]
    assert as_resume == ["Accountant", "Bookkeeper"]  # one-word titles count under a heading
    as_text = [t for t, _ in index.found(text, max_titles=5)]
    assert as_text[:1] == ["Accounts Payable"]
    assert "Customer Service" not in as_text  # a field, not a job (see title_rules)
    # A headline above the first heading counts, even under a name and contact line.
    head = "Jane Roe\njane@example.com\nPayroll Clerk\nExperience\nBookkeeper"
    assert [t for t, _ in index.found(head, max_titles=5, resume=True)] == [
        "Payroll Clerk",
        "Bookkeeper",
    ]


def test_resume_mode_never_falls_back_to_skill_lines(index: TitleIndex) -> None:
    # Headings but no headline and no experience section: no title, not a Highlights line.
    assert index.found("Summary\nCaring person.\nHighlights\nAccounts Payable", resume=True) == []
    # A department or field on its own line under Experience is not a job.
    text = "Experience\nOperations\nAcme Corp, 2019 - Present\nAccountant"
    assert [t for t, _ in index.found(text, resume=True)] == ["Accountant"]
    # "Achievements" inside a job does not end the experience section.
    text = "Experience\nAcme Corp\nAchievements\nWon awards.\nAccountant"
    assert [t for t, _ in index.found(text, resume=True)] == ["Accountant"]


def test_a_rule_line_does_not_take_the_headline_place(index: TitleIndex) -> None:
    assert [t for t, _ in index.found("-----\nNurse\nTriage and charting")] == ["Nurse"]
    assert [t for t, _ in index.found("\u2022\nAccountant\nLedgers")] == ["Accountant"]


def test_found_skips_skill_lists(index: TitleIndex) -> None:
    assert index.found("Skills\nCustomer Service, Sales, Cashier, Inventory") == []


def test_candidates_go_from_literal_to_rewritten_without_repeats() -> None:
    assert normalize_title("HR Generalist (Remote), Part-Time", expand=True) == (
        "human resource generalist"
    )
    keys = list(title_candidates("Director, IT - Remote"))
    assert keys[0] == ("exact", "director it")  # the line as written comes first
    assert len(keys) == len(set(keys))
    swapped = keys.index(("exact", "it director"))
    expanded = keys.index(("exact", "information technology director"))
    assert swapped < expanded  # abbreviations are spelled out only after the literal forms
    assert keys[-1][0] == "compact"


def test_titles_that_onet_lists_wrongly_are_silent_and_own_titles_win() -> None:
    from jobfit.encoding.encoder import HashEncoder
    from jobfit.matching.occupations import OccupationMapper

    m = OccupationMapper(HashEncoder())
    # O*NET lists these under Photographic Process Workers and Fuel Cell Engineers
    assert m.found_titles("Full Stack Developer") == []
    assert m.found_titles("Sr. Full-Stack Engineer (Node.js / React)") == []
    # an occupation's own title names it, whatever else lists the same words
    assert m.found_titles("Credit Analyst") == [("Credit Analyst", ("13-2041.00",))]
    assert m.found_titles("Graphic Designer") == [("Graphic Designer", ("27-1024.00",))]
    # a nurse is still a nurse
    assert m.found_titles("Registered Nurse - Med/Surg, Nights")[0][1] == ("29-1141.00",)
