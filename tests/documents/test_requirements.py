"""Requirements read as typed items; resumes read as experience, degrees and credentials."""

from __future__ import annotations

import datetime as dt

import pytest

from jobfit.documents.credentials import clearance_level, find_degrees, find_states, is_partial
from jobfit.documents.experience import experience_entries, find_date_ranges, total_months
from jobfit.documents.profile import read_job, read_resume
from jobfit.documents.requirements import read_requirements

TODAY = dt.date(2026, 11, 30)

NURSE_JOB = """Registered Nurse - Medical/Surgical Unit
About us
We are a 300-bed community hospital. Health insurance and 401(k) for all staff.

Responsibilities
- Assess patients, administer medications and document care in Epic.

Qualifications:
- Bachelor's degree in Nursing (BSN) from an accredited program
- 3+ years of experience in an acute care setting
- Current RN license in the State of Ohio
- BLS and ACLS required; PALS preferred
- SHRM-CP, SHRM-SCP, PHR or SPHR certification

Preferred qualifications
- Fluent Spanish
- Kubernetes or k8s a plus

Benefits
- We offer a sign-on bonus of $15,000
- Tuition reimbursement toward your BSN
"""


def _items(job: str) -> list[tuple[str, str, bool]]:
    return [(i.kind, i.text, i.required) for i in read_requirements(job)]


def test_requirements_are_typed_and_marked_required_or_preferred() -> None:
    items = read_requirements(NURSE_JOB)
    kinds = {(i.kind, i.text): i for i in items}
    degree = kinds[("degree", "Bachelor's degree in Nursing (BSN) from an accredited program")]
    assert (degree.level, degree.required) == (3, True)
    years = kinds[("years", "3+ years of experience in an acute care setting")]
    assert (years.years, years.field) == (3.0, "acute care")
    licence = kinds[("license", "Current RN license in the State of Ohio")]
    assert (licence.names, licence.states) == (("registered nurse",), frozenset({"OH"}))
    assert kinds[("certification", "BLS")].required
    assert kinds[("certification", "ACLS")].required
    assert not kinds[("certification", "PALS preferred")].required
    hr = kinds[("certification", "SHRM-CP, SHRM-SCP, PHR or SPHR certification")]
    assert hr.any_of
    assert hr.names == ("shrm-cp", "shrm-scp", "phr", "sphr")
    assert not kinds[("language", "Fluent Spanish")].required
    k8s = next(i for i in items if i.kind == "skill" and "kubernetes" in i.names)
    assert not k8s.required
    assert read_requirements(NURSE_JOB) == items  # deterministic


@pytest.mark.parametrize(
    "job",
    [
        # one flattened line: the heading follows a sentence that ends with an acronym
        "ICU Registered Nurse\nWe are hiring an ICU RN. Requirements: active RN license, BLS and "
        "ACLS required, CCRN preferred, 2+ years of critical care experience.",
        # the same list on its own line
        "ICU Registered Nurse\nWe are hiring an ICU RN.\nRequirements: active RN license, BLS and "
        "ACLS required, CCRN preferred, 2+ years of critical care experience.",
    ],
)
def test_requirements_listed_inline_are_read_one_by_one(job: str) -> None:
    assert [(k, t, r) for k, t, r in _items(job)] == [
        ("license", "RN", True),
        ("certification", "BLS", True),
        ("certification", "ACLS", True),
        ("certification", "CCRN preferred", False),
        ("years", "2+ years of critical care experience", True),
    ]


def test_a_requirements_list_on_one_line_is_cut_into_its_items() -> None:
    job = (
        "Paralegal\nNote: this is an onsite role. Requirements: paralegal certificate, 2+ years "
        "of litigation experience, proficiency in Westlaw."
    )
    items = read_requirements(job)
    years = next(i for i in items if i.kind == "years")
    assert (years.text, years.years, years.field) == (
        "2+ years of litigation experience",
        2.0,
        "litigation",
    )
    assert ("skill", "Westlaw", True) in _items(job)
    # a count of years leads: the list is its field, not three requirements
    ap = "AP Clerk\nRequirements: 3+ years of accounts payable, accounts receivable and general ledger"
    assert [k for k, _, _ in _items(ap)] == ["years"]
    # one-word items are a list of alternatives or skills, not of requirements
    stack = "experience with Python, Ruby, or Java, and SQL"
    inline = [(k, t) for k, t, _ in _items(f"Dev\nRequirements: {stack}")]
    assert inline == [(k, t) for k, t, _ in _items(f"Dev\nRequirements:\n- {stack}")]
    assert [t for _, t in inline] == ["Python", "Ruby", "Java", "SQL"]


@pytest.mark.parametrize(
    ("job", "expected"),
    [
        # an inline label of another section skips its own sentence only
        (
            "Backend Engineer\nGreat team. Location: Austin, TX. 3+ years of Python required. "
            "Docker required.",
            [("years", "3+ years of Python required", True), ("skill", "Docker", True)],
        ),
        (
            "Backend Engineer\nGreat team. Location: Austin, TX.\n- Python required\n- Docker",
            [("skill", "Python", True)],
        ),
        (
            "Nurse\nWe are hiring. Pay: $40/hr. BLS and ACLS required.",
            [("certification", "BLS", True), ("certification", "ACLS", True)],
        ),
        # a labelled bullet under a preferred heading stays preferred
        (
            "ICU Nurse\nPreferred Qualifications:\n- Experience: 2+ years ICU experience\n"
            "- Certification: CCRN\n- BLS",
            [
                ("years", "Experience: 2+ years ICU experience", False),
                ("certification", "Certification: CCRN", False),
                ("certification", "BLS", False),
            ],
        ),
        # a comma after a strength that a continuation follows does not cut
        (
            "Analyst\nRequirements:\n- SQL desired, especially PostgreSQL\n"
            "- Bachelor's degree preferred, or equivalent experience",
            [
                ("skill", "SQL", False),
                ("skill", "PostgreSQL", False),
                ("degree", "Bachelor's degree preferred, or equivalent experience", False),
            ],
        ),
        # a degree's abbreviation is not a sentence end
        (
            "Analyst\nRequirements: BS. Computer Science or related field. 3+ years of SQL.",
            [
                ("degree", "BS. Computer Science or related field", True),
                ("years", "3+ years of SQL", True),
            ],
        ),
        # a title or place abbreviation before a name is not a sentence end either
        (
            "Nurse\nRequirements: Experience at St. Mary Hospital preferred. BLS required.",
            [
                ("qualification", "Experience at St. Mary Hospital preferred", False),
                ("certification", "BLS required", True),
            ],
        ),
        # a skill before "and ... certification" is asked on its own
        (
            "Analyst\nRequirements:\n- Proficiency in SQL and relevant certification",
            [
                ("certification", "Proficiency in SQL and relevant certification", True),
                ("skill", "SQL", True),
            ],
        ),
        # "license" types the credential beside it only
        (
            "Nurse\nRequirements:\n- BLS and ACLS, RN license required",
            [
                ("certification", "BLS", True),
                ("certification", "ACLS", True),
                ("license", "RN", True),
            ],
        ),
        # one-word alternatives in a list stay one requirement
        (
            "Nurse\nRequirements: Must hold a valid license: RN, LPN or CNA, plus BLS",
            [("license", "RN, LPN or CNA", True), ("certification", "BLS", True)],
        ),
    ],
)
def test_inline_reading_review_cases(job: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _items(job) == expected


def test_inline_headings_open_and_close_sections() -> None:
    job = (
        "Backend Engineer\nWe build payments. Requirements: Python, PostgreSQL. "
        "Benefits: free Kubernetes and AWS training."
    )
    # the benefits' skills are offered, not asked
    assert _items(job) == [("skill", "Python", True), ("skill", "PostgreSQL", True)]


def test_offsets_point_at_the_posting_text() -> None:
    for item in read_requirements(NURSE_JOB):
        assert NURSE_JOB[item.start : item.end] == item.text


@pytest.mark.parametrize(
    ("job", "not_asked"),
    [
        (
            "Driver\nGreat Basin Logistics is hiring.\nRequirements:\n- Class A CDL required",
            "logistics",
        ),
        ("Engineer\nOur team builds scheduling software.\nRequirements:\n- Python", "scheduling"),
        ("Analyst\nRequirements:\n- AWS Certified Data Analytics a plus\n- SQL", "data analysis"),
        (
            "Nurse\nRequirements:\n- BSN\n- Epic\nWe are an equal opportunity employer and use Python.",
            "python",
        ),
    ],
)
def test_company_certificate_and_eeo_words_are_never_skills_asked(job: str, not_asked: str) -> None:
    names = {n for i in read_requirements(job) for n in i.names}
    assert names
    assert not_asked not in names


def test_benefits_are_never_requirements() -> None:
    job = "Nurse\nRequirements:\n- BSN\n- We offer a sign-on bonus of $15,000\nBenefits:\n- A fully remote role"
    texts = [i.text for i in read_requirements(job)]
    assert texts == ["BSN"]


def test_date_formats_and_overlaps() -> None:
    ranges = find_date_ranges(
        "Jan 2019 - Present; 2019-2021; 03/2018 \u2013 06/2020; Summer 2020; 2016 to 2018", TODAY
    )
    assert [r.months for r in ranges] == [95, 24, 28, 3, 24]
    # Overlapping roles count once.
    assert total_months(ranges[:2]) == 95


def test_experience_entries_and_total_years() -> None:
    resume = (
        "Ana Diaz\nEXPERIENCE\nSenior Data Engineer | Acme | Jan 2020 - Present\n- Spark, Kafka\n"
        "Warehouse Associate, Tulsa Supply Co.\n2016 - 2019\n- Picked orders\n"
        "EDUCATION\nB.S. Computer Science, 2015"
    )
    entries = experience_entries(resume, TODAY)
    assert [(e.title, e.employer) for e in entries] == [
        ("Senior Data Engineer", "Acme"),
        ("Warehouse Associate", "Tulsa Supply Co."),
    ]
    profile = read_resume(resume, TODAY)
    assert round(profile.months / 12, 1) == round((83 + 36) / 12, 1)
    assert [(d.level, d.field) for d in profile.degrees] == [(3, "Computer Science")]


def test_credentials_with_state_and_status() -> None:
    assert find_states("Active Oregon RN license or multistate compact license") == (
        frozenset({"OR"}),
        True,
    )
    assert find_states("RN, State of California #95512")[0] == frozenset({"CA"})
    assert is_partial("CPA candidate: passed FAR and AUD (2 of 4 sections)")
    profile = read_resume(
        "Sam Lee\nCERTIFICATIONS\nCPA exam: passed two of four sections\nBLS, AHA\n"
        "I hand my CPA a clean trial balance.",
        TODAY,
    )
    assert {(c.name, c.held) for c in profile.credentials} == {("cpa", False), ("bls", True)}
    assert "cpa" not in profile.skills


def test_degrees_and_clearances() -> None:
    assert [(d.level, d.field) for d in find_degrees("MS in Computer Science; MBA")] == [
        (4, "Computer Science"),
        (4, "business administration"),
    ]
    assert find_degrees("Sandia High School, Albuquerque") == []
    assert clearance_level("Clearance: Active Secret (DoD)") == 3
    assert clearance_level("Active TS/SCI with polygraph") == 5


def test_read_job_keeps_the_title_out() -> None:
    job = read_job("Registered Nurse - ICU\nRequirements:\n- BLS")
    assert job.title == "Registered Nurse - ICU"
    assert [r.text for r in job.requirements] == ["BLS"]


def test_title_case_lines_in_a_requirements_section_are_requirements() -> None:
    job = "Accountant\nRequirements:\nBachelor's Degree in Accounting\nActive CPA License\nAdvanced Excel"
    kinds = [i.kind for i in read_requirements(job)]
    assert "degree" in kinds
    assert "license" in kinds


def test_bullet_and_degree_dates_are_not_jobs() -> None:
    resume = "Data Engineer, Acme, 2022 - Present\n- Migrated 2008-2012 archive records\nB.S. Computer Science, State University, 2012-2016"
    assert [e.title for e in experience_entries(resume, TODAY)] == ["Data Engineer"]


def test_long_lines_cost_linear_time() -> None:
    """The growth from 100 KB to 400 KB single-line inputs, not an absolute time: linear work
    grows about 4x, the quadratic scans this replaced grew 16x."""
    import time

    def cost(size: int) -> float:
        line = "Skills: Python, SQL, Great Basin Logistics, CPA, EMR with AWS " * (size // 60)
        best = float("inf")
        for _ in range(2):
            t = time.perf_counter()
            read_resume(line, TODAY)
            read_requirements("Job\nRequirements:\n- Python" + " " * size + "x\n- " + line)
            best = min(best, time.perf_counter() - t)
        return best

    assert cost(400_000) / cost(100_000) < 9


def test_tools_named_after_such_as_are_examples_even_after_unlisted_ones() -> None:
    job = (
        "Warehouse Supervisor\nRequirements:\n"
        "- Experience with a warehouse management system such as Manhattan or SAP EWM\n"
        "- Design tools like Sketch, Figma and Illustrator\n- SQL"
    )
    examples = {i.text: i.examples for i in read_requirements(job)}
    assert examples == {
        "warehouse management system": False,
        "SAP": True,
        "Figma": True,
        "Illustrator": False,  # "and" may start a requirement of its own
        "SQL": False,
    }


def test_a_credential_named_by_a_skill_is_one_requirement() -> None:
    job = (
        "Warehouse\nRequirements:\n- Current forklift operator certification\n- Forklift experience"
    )
    assert _items(job) == [
        ("certification", "Current forklift operator certification", True),
        ("skill", "Forklift", True),
    ]
