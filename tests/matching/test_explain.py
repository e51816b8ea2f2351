"""Explanations say only what the texts support: verdicts with reasons, knockouts that cap the fit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from jobfit.documents.passages import split_passages
from jobfit.documents.profile import read_job
from jobfit.encoding.encoder import HashEncoder
from jobfit.matching.explain import Explanation, explain_pair, knockout_fit

TODAY = dt.date(2026, 11, 30)


class SameEncoder(HashEncoder):
    """Every text gets the same vector: every passage is "similar" (cosine 1) to everything."""

    @property
    def name(self) -> str:
        return "same"

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        v = np.ones((len(texts), self.dim), dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _explain(resume: str, job: str, encoder: HashEncoder | None = None) -> Explanation:
    return explain_pair(resume, job, encoder or SameEncoder(), 0.7, today=TODAY)


def _verdicts(e: Explanation) -> dict[str, tuple[str, str]]:
    return {x.requirement: (x.verdict, x.reason) for x in (*e.met, *e.missing, *e.unclear)}


SENIOR_DE = (
    "Senior Data Engineer\nRequirements:\n- 7+ years of experience in data engineering\n- Python"
)
JUNIOR = "Jo Lee\nEXPERIENCE\nData Engineer | Acme | Jan 2022 - Dec 2023\n- Python, Airflow"
SENIOR = "Jo Lee\nEXPERIENCE\nData Engineer | Acme | Jan 2016 - Present\n- Python, Airflow"


def test_years_are_compared_by_dates_with_a_reason() -> None:
    junior = _verdicts(_explain(JUNIOR, SENIOR_DE))
    assert junior["7+ years of experience in data engineering"] == (
        "not met",
        "2 years of data engineering (Jan 2022 - Dec 2023); 7 required",
    )
    senior = _verdicts(_explain(SENIOR, SENIOR_DE))
    assert senior["7+ years of experience in data engineering"][0] == "met"


def test_stated_years_the_dates_do_not_show_are_left_to_a_person() -> None:
    icu = "ICU Nurse\nRequirements:\n- 2+ years of critical care experience"
    stated = (
        "Jane Roe\nSummary\nICU registered nurse with 6 years of critical care experience.\n"
        "Experience\nRegistered Nurse, ICU | St. Mary Hospital | 2019 - Present"
    )
    verdict, reason = _verdicts(_explain(stated, icu))["2+ years of critical care experience"]
    assert verdict == "unclear"
    assert reason == (
        "states 6 years of critical care; the dated jobs that count add up to 0; "
        "2 required; check by hand"
    )
    # without a field, a statement without one is weighed against all the dated jobs
    general = "Jo Lee\nSummary\nManager with 10 years of experience.\nEXPERIENCE\nManager | Acme | 2024 - Present"
    verdict, _ = _verdicts(_explain(general, "M\nRequirements:\n- 5+ years of experience"))[
        "5+ years of experience"
    ]
    assert verdict == "unclear"
    # a statement about another field does not soften the dates
    other = stated.replace("critical care experience", "telemetry experience")
    assert _verdicts(_explain(other, icu))["2+ years of critical care experience"][0] == "not met"


def test_years_in_a_field_with_skills_count_the_field_roles_that_used_one() -> None:
    job = "Backend Engineer\nRequirements:\n- 3+ years of professional software development in Python or Go"
    cv = (
        "Jonas Weber\nExperience\nSenior Software Engineer, Streamly (2020-2025)\n"
        "- Built REST APIs in Python and Go\nSoftware Developer, Webfactory (2018-2020)\n"
        "- Developed web applications\nNurse, City Hospital (2010-2018)\n- Python scripts for rotas"
    )
    verdict, reason = _verdicts(_explain(cv, job, HashEncoder()))[
        "3+ years of professional software development in Python or Go"
    ]
    assert verdict == "met"
    assert reason.startswith("5 years of software development")  # 2020-2025 alone
    assert "2010" not in reason  # the nurse role used Python but is not software development
    java = _verdicts(_explain(cv.replace("Python", "Java"), job, HashEncoder()))
    assert java["3+ years of professional software development in Python or Go"][0] == "not met"


def _years(cv: str, job: str) -> tuple[str, str]:
    item = next(x for x in read_job(job).requirements if x.kind == "years")
    return _verdicts(_explain(cv, job, HashEncoder()))[item.text]


PT_JOB = (
    "Physical Therapist\nRequirements:\n"
    "- Minimum 2 years of outpatient orthopedic physical therapy experience"
)


def test_a_practitioner_title_counts_for_its_practice_and_an_aide_title_does_not() -> None:
    pt = (
        "Priya Nair\nExperience\nPhysical Therapist - Outpatient Orthopedics, Legacy Health\n"
        "06/2021 - Present\n- Evaluate and treat orthopedic patients"
    )
    verdict, reason = _years(pt, PT_JOB)
    assert verdict == "met"
    assert "06/2021 - Present" in reason
    aide = (
        "Sam Ortiz\nExperience\nPhysical Therapy Aide, Cascade Sports Physical Therapy\n"
        "March 2020 - Present\n- Set up equipment for outpatient orthopedic patients"
    )
    assert _years(aide, PT_JOB) == (
        "not met",
        "0 years of outpatient orthopedic physical therapy; 2 required",
    )
    # a helper's years count where the posting asks for the helper's own work
    home = "Aide\nRequirements:\n- 1+ years of home health aide experience"
    assert (
        _years("Jo\nExperience\nHome Health Aide, CareCo\n2019 - 2024\n- Visits", home)[0] == "met"
    )


def test_an_unlisted_licence_is_read_from_its_licence_line_not_from_prose() -> None:
    job = (
        "Physical Therapist\nRequirements:\n"
        "- Active Oregon Physical Therapist license, or a PT Compact privilege to practice in Oregon"
    )
    item = (
        "Active Oregon Physical Therapist license, or a PT Compact privilege to practice in Oregon"
    )
    # the name line's "PT" shows no state; the licence line does
    pt = "Priya Nair, PT, DPT\nLICENSURE\nOregon Physical Therapist License #PT-12345 (active)"
    verdict, reason = _verdicts(_explain(pt, job, HashEncoder()))[item]
    assert (verdict, reason) == ("met", "holds a PT licence (Oregon)")
    # the abbreviation in a long contact line still speaks; a job in Oregon does not
    header = "Priya Nair, PT, DPT, OCS | Portland | 503-555-0117 | priya@email.com\nEXPERIENCE\n"
    job_line = "Physical Therapist, Legacy Health, Portland, Oregon | 2019 - Present"
    assert _verdicts(_explain(header + job_line, job, HashEncoder()))[item][0] == "unclear"
    # a licence line "PT - Oregon" speaks though the header names another state
    two = "Priya Nair, PT, DPT | Vancouver, Washington\nLICENSES\nPT - Oregon, Washington"
    assert _verdicts(_explain(two, job, HashEncoder()))[item][0] == "met"
    # the abbreviation beside the state asked, in a sentence of the writer's own
    lcsw = _explain(
        "Al Diaz\nSUMMARY\nLCSW in New York with 8 years of practice.",
        "S\nRequirements:\n- New York LCSW license required",
        HashEncoder(),
    )
    assert _verdicts(lcsw)["New York LCSW license required"][0] == "met"
    # "under PT supervision" names someone else's licence
    aide = (
        "Sam Ortiz\nEXPERIENCE\nPhysical Therapy Aide | Cascade PT | 2020 - Present\n"
        "- Set up rooms and guide patients through home exercise programs under PT supervision"
    )
    assert _verdicts(_explain(aide, job, HashEncoder()))[item][0] == "not met"


@pytest.mark.parametrize(
    ("requirement", "title", "counts"),
    [
        ("3+ years of supervisory experience", "Shift Supervisor", True),
        ("3+ years of supervisory experience", "Head of Operations", True),
        ("3+ years of supervisory experience", "Lead Generation Specialist", False),
        ("3+ years of supervisory experience in a warehouse", "Warehouse Supervisor II", True),
        ("3+ years of leadership experience in nursing", "Charge Nurse", True),
        ("3+ years of experience supervising staff", "Shift Supervisor", True),
        ("5+ years of supervisory experience in fire service", "Fire Captain", True),
        ("3+ years of experience managing inventory", "Inventory Control Specialist", True),
        ("5+ years of software development experience", "SDE II", True),
        ("3+ years of leadership experience", "Account Manager", False),
        ("3+ years of managerial accounting experience", "Cost Accountant", True),
        ("3+ years of home health experience", "Home Health Aide", True),
        ("3+ years of teaching experience", "Teacher Aide", False),
        ("3+ years of information technology experience", "Radiologic Technologist", False),
    ],
)
def test_ranks_and_aides_are_read_from_the_title_as_a_whole(
    requirement: str, title: str, counts: bool
) -> None:
    cv = f"Jo Lee\nEXPERIENCE\n{title} | Acme | 2015 - 2024\n- Daily work"
    verdict, _ = _years(cv, f"Job\nRequirements:\n- {requirement}")
    assert (verdict == "met") is counts


def test_an_engineering_field_needs_an_engineering_title() -> None:
    analyst = (
        "Dana Brooks\nExperience\nData Analyst, Ulta Beauty\nAug 2018 - Present\n- SQL reports"
    )
    job = "Data Engineer\nRequirements:\n- 5+ years of experience in data engineering"
    assert _years(analyst, job)[0] == "not met"
    assert _years(analyst.replace("Data Analyst", "Data Engineer"), job)[0] == "met"


def test_supervisory_years_count_the_jobs_titled_with_a_rank() -> None:
    job = (
        "Warehouse Supervisor\nRequirements:\n"
        "- 3+ years of supervisory experience in a warehouse or distribution center"
    )
    kevin = (
        "Kevin Okafor\nExperience\nShift Lead, Walmart Distribution Center\nJun 2024 - Present\n"
        "- Lead 12 associates\nForklift Operator, Walmart Distribution Center\n"
        "Aug 2019 - May 2023\n- Moved pallets\nWarehouse Associate, FedEx Ground\n2017 - 2019\n- Picked"
    )
    verdict, reason = _years(kevin, job)
    assert verdict == "not met"
    assert "Aug 2019" not in reason  # the forklift years are not supervisory
    assert "Jun 2024 - Present" in reason
    # a supervisor at a distribution company counts though the field says "center teams"
    teams = job.replace(
        "in a warehouse or distribution center",
        "supervising warehouse or distribution center teams",
    )
    turner = kevin.replace("Forklift Operator", "Area Supervisor")
    assert _years(turner, teams)[0] == "met"


def test_a_missing_required_qualification_caps_the_fit_and_is_listed_first() -> None:
    junior, senior = _explain(JUNIOR, SENIOR_DE), _explain(SENIOR, SENIOR_DE)
    assert [k.requirement for k in junior.knockouts] == [
        "7+ years of experience in data engineering"
    ]
    assert junior.missing[0].knockout
    assert junior.fit <= 49
    assert senior.fit - junior.fit >= 5
    d = junior.to_dict()
    assert d["knockouts"][0]["requirement"] == "7+ years of experience in data engineering"
    assert d["knockouts"][0]["required"] is True
    assert knockout_fit(80, 0) == 80
    assert knockout_fit(80, 2) == 29
    assert knockout_fit(5, 1) == 0


@pytest.mark.parametrize(
    ("qualified", "unqualified", "job", "requirement"),
    [
        (
            "Dana Cruz\nLICENSES\nClass A CDL, Texas\nEXPERIENCE\nDriver | X | 2018 - 2024",
            "Dana Cruz\nLICENSES\nForklift certification\nEXPERIENCE\nDriver | X | 2018 - 2024",
            "CDL Driver\nRequirements:\n- Valid Class A CDL",
            "Valid Class A CDL",
        ),
        (
            "Maria Chen, RN\nCERTIFICATIONS\nCCRN (Adult), AACN\nBLS",
            "Maria Chen, RN\nCERTIFICATIONS\nBLS",
            "ICU Nurse\nRequirements:\n- CCRN (Adult) certification from AACN is required",
            "CCRN (Adult) certification from AACN is required",
        ),
        (
            "Pat Roe\nLICENSES\nRegistered Nurse, Oregon #1234",
            "Pat Roe\nLICENSES\nRegistered Nurse, California #1234",
            "Nurse\nRequirements:\n- Active Oregon RN license",
            "Active Oregon RN license",
        ),
    ],
)
def test_contrast_pairs_differ_the_right_way(
    qualified: str, unqualified: str, job: str, requirement: str
) -> None:
    good, bad = _explain(qualified, job), _explain(unqualified, job)
    assert requirement not in [k.requirement for k in good.knockouts]
    assert requirement in [k.requirement for k in bad.knockouts]
    assert good.fit - bad.fit >= 5


def test_licence_state_is_named_in_the_reason() -> None:
    e = _explain(
        "Pat Roe\nLICENSES\nRN, California #1234",
        "Nurse\nRequirements:\n- Active Oregon RN license",
    )
    assert _verdicts(e)["Active Oregon RN license"] == (
        "not met",
        "holds registered nurse (California); Oregon licence required",
    )


def test_a_higher_degree_meets_a_lower_one_in_the_same_field() -> None:
    e = _explain(
        "Ana\nEDUCATION\nM.S. Computer Science, 2019",
        "Engineer\nRequirements:\n- Bachelor's degree in Computer Science",
    )
    verdict, reason = _verdicts(e)["Bachelor's degree in Computer Science"]
    assert verdict == "met"
    assert "master's degree in Computer Science meets" in reason


def test_alternatives_and_higher_credentials() -> None:
    job = "HR\nRequirements:\n- SHRM-CP, SHRM-SCP, PHR or SPHR certification\n- BLS and ACLS required; PALS preferred"
    e = _explain("Kim\nCERTIFICATIONS\nSHRM-CP (2021)\nBLS, ACLS", job)
    got = _verdicts(e)
    assert got["SHRM-CP, SHRM-SCP, PHR or SPHR certification"][0] == "met"
    assert got["BLS"][0] == got["ACLS"][0] == "met"
    assert got["PALS preferred"][0] == "not met"
    assert not e.knockouts


def test_partial_credentials_are_not_held() -> None:
    job = "Accountant\nRequirements:\n- Active CPA license is required\n- EPA 608 Universal certification"
    e = _explain(
        "Sam\nCERTIFICATIONS\nCPA candidate, passed two of four sections\nEPA 608 Type I", job
    )
    got = _verdicts(e)
    assert got["Active CPA license is required"][0] == "not met"
    assert got["EPA 608 Universal certification"][0] == "not met"


@pytest.mark.parametrize(
    ("resume", "job", "requirement", "verdict"),
    [
        ("Nurse\nSKILLS\nEpic EHR, charting", "RN\nRequirements:\n- EMR", "EMR", "met"),
        (
            "Eng\nSKILLS\nPCI DSS compliant tokenisation",
            "Eng\nRequirements:\n- PCI-DSS",
            "PCI-DSS",
            "met",
        ),
        ("Eng\nSKILLS\nk8s, Docker", "Eng\nRequirements:\n- Kubernetes", "Kubernetes", "met"),
        (
            "Nurse\nSKILLS\nPatient assessment",
            "RN\nRequirements:\n- Assessment",
            "Assessment",
            "met",
        ),
        ("Data eng\nSKILLS\nAWS (S3, Glue, EMR)", "RN\nRequirements:\n- EMR", "EMR", "not met"),
    ],
)
def test_synonyms_count_and_senses_do_not_mix(
    resume: str, job: str, requirement: str, verdict: str
) -> None:
    assert _verdicts(_explain(resume, job, HashEncoder()))[requirement][0] == verdict


def test_headings_are_not_evidence() -> None:
    text = "Alex Chen\nPROFESSIONAL EXPERIENCE\nReconciled accounts each month."
    assert [p.text for p in split_passages(text)] == [
        "Alex Chen",
        "Reconciled accounts each month.",
    ]
    e = _explain(
        "Alex\nInstructional Design Skills\nBuilt courses",
        "ID\nRequirements:\n- 2+ years of instructional design experience",
    )
    assert all(x.passage != "Instructional Design Skills" for x in (*e.met, *e.missing, *e.unclear))


def test_abbreviations_do_not_split_a_passage() -> None:
    text = "Jo Lee\nB.S. Computer Science, 2016. Dr. Lee supervised my thesis at St. Mary's."
    assert [p.text for p in split_passages(text)][1:] == [
        "B.S. Computer Science, 2016.",
        "Dr. Lee supervised my thesis at St. Mary's.",
    ]


def test_same_input_same_explanation() -> None:
    assert _explain(JUNIOR, SENIOR_DE).to_dict() == _explain(JUNIOR, SENIOR_DE).to_dict()


@pytest.mark.parametrize(
    ("resume", "job", "requirement", "verdict"),
    [
        # spelled-out years and "years'" phrasings are read; the field is not "five"
        (
            "Staff Accountant, Acme, 2015 - Present",
            "A\nRequirements:\n- Minimum of five years of experience",
            "Minimum of five years of experience",
            "met",
        ),
        (
            "Welder, X, 2015 - Present",
            "W\nRequirements:\n- 3 years\u2019 experience as a welder",
            "3 years\u2019 experience as a welder",
            "met",
        ),
        # a field starting with In/Of keeps its first word
        (
            "EDUCATION\nBS Information Technology, 2014",
            "IT\nRequirements:\n- Bachelor's degree in Information Technology",
            "Bachelor's degree in Information Technology",
            "met",
        ),
        # ordinary words are not degrees
        (
            "SKILLS\nMS Office, MS Excel",
            "X\nRequirements:\n- Bachelor's degree required",
            "Bachelor's degree required",
            "not met",
        ),
        (
            "Certified Scrum Master; JD Edwards; a busy doctor's office",
            "X\nRequirements:\n- Bachelor's degree required",
            "Bachelor's degree required",
            "not met",
        ),
        # "with a" is the candidate's own credential; one partial item does not void the line
        (
            "Staff Accountant with a CPA license",
            "A\nRequirements:\n- Active CPA license",
            "Active CPA license",
            "met",
        ),
        (
            "LICENSES\nCPA (active, Ohio), CMA (in progress)",
            "A\nRequirements:\n- Active CPA license",
            "Active CPA license",
            "met",
        ),
        (
            "LICENSES\nCPA license #12345 (passed exam 2015)",
            "A\nRequirements:\n- Active CPA license",
            "Active CPA license",
            "met",
        ),
        (
            "LICENSES\nCPR/BLS (American Heart Association) - expired 03/2025",
            "A\nRequirements:\n- BLS",
            "BLS",
            "not met",
        ),
        (
            "- FINRA Series 7 - passed 2015; registration lapsed 2017",
            "A\nRequirements:\n- Series 7",
            "Series 7",
            "not met",
        ),
        # an eligible part of a clearance line is not the held clearance
        (
            "Active Secret clearance (TS/SCI eligible)",
            "S\nRequirements:\n- Active Secret clearance",
            "Active Secret clearance",
            "met",
        ),
        # "learning" in a skill list is not a basic level
        (
            "Python, PyTorch, machine learning",
            "ML\nRequirements:\n- Advanced Python skills",
            "Python",
            "met",
        ),
    ],
)
def test_review_findings(resume: str, job: str, requirement: str, verdict: str) -> None:
    got = _verdicts(_explain(resume, job, HashEncoder()))
    assert got[requirement][0] == verdict, got[requirement]


def test_a_field_of_stop_words_does_not_crash() -> None:
    got = _verdicts(
        _explain(
            "Summary\n5 years of experience in sales",
            "S\nRequirements:\n- 3+ years of similar experience",
        )
    )
    assert got["3+ years of similar experience"][0] == "met"


@pytest.mark.parametrize(
    ("resume", "job", "requirement", "verdict"),
    [
        # from a new-user trial
        (
            "Built models in Excel and Anaplan",
            "F\nRequirements:\n- Experience with Hyperion, Anaplan or Adaptive Insights",
            "Hyperion",
            "met",
        ),
        (
            "Languages: English (native), Spanish (conversational)",
            "S\nRequirements:\n- Fluency in Spanish",
            "Fluency in Spanish",
            "not met",
        ),
        (
            "LICENSES\n- BLS for Healthcare Providers, American Heart Association (expired 2025)",
            "S\nRequirements:\n- Current BLS/CPR certification",
            "Current BLS/CPR certification",
            "not met",
        ),
        (
            "LICENSES\n- Oregon Dental Hygiene License #H-55012 (active)\n- Washington Dental Hygiene License - application pending",
            "D\nRequirements:\n- Current Washington State Dental Hygienist license",
            "Current Washington State Dental Hygienist license",
            "not met",
        ),
        (
            "EXPERIENCE\nQA Engineer, Expedia (Jul. 2019 - Feb. 2022)",
            "Q\nRequirements:\n- 2+ years of experience in software quality assurance",
            "2+ years of experience in software quality assurance",
            "met",
        ),
        (
            "EXPERIENCE\nJourneyman Electrician - Capitol Electric, March 2019 - Present",
            "E\nRequirements:\n- 4+ years of experience as an electrician in commercial or industrial construction",
            "4+ years of experience as an electrician in commercial or industrial construction",
            "met",
        ),
        (
            "CERTIFICATIONS\nOSHA 30-Hour Construction, 2021",
            "E\nRequirements:\n- OSHA 10 certification",
            "OSHA 10 certification",
            "met",
        ),
        (
            "EDUCATION\nMoore High School, diploma 2019",
            "E\nRequirements:\n- High school diploma or GED",
            "High school diploma or GED",
            "met",
        ),
        ("CFA Level II Candidate", "F\nRequirements:\n- CFA charter", "CFA charter", "not met"),
        (
            "Forklift operator",
            "W\nRequirements:\n- Valid driver's license",
            "Valid driver's license",
            "unclear",
        ),
    ],
)
def test_new_user_trial_findings(resume: str, job: str, requirement: str, verdict: str) -> None:
    got = _verdicts(_explain(resume, job, HashEncoder()))
    assert got[requirement][0] == verdict, got[requirement]


def test_a_prose_sentence_about_post_masters_experience_is_not_a_degree() -> None:
    job = (
        "Social Worker\nWho we are looking for\nYou bring at least three years of post-master's "
        "experience in a hospital or medical setting."
    )
    got = _verdicts(
        _explain(
            "Jo\nEXPERIENCE\nSocial Worker, Mercy Hospital, 2019 - Present", job, HashEncoder()
        )
    )
    assert got
    assert all("master" not in reason for _, reason in got.values())
