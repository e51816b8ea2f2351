"""Explanations say only what the texts support: credentials by name, skills by name, headings never."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from jobfit.documents.passages import split_passages
from jobfit.documents.requirements import extract_requirements
from jobfit.documents.vocabulary import load_vocabulary
from jobfit.encoding.encoder import HashEncoder
from jobfit.matching.explain import explain_pair


class SameEncoder(HashEncoder):
    """Every text gets the same vector: every passage is "similar" (cosine 1) to everything."""

    @property
    def name(self) -> str:
        return "same"

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        v = np.ones((len(texts), self.dim), dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _status(resume: str, job: str, encoder: HashEncoder) -> dict[str, tuple[bool, str]]:
    e = explain_pair(resume, job, encoder, 0.5)
    return {x.requirement: (x.met, x.how) for x in (*e.met, *e.missing)}


def test_a_credential_is_never_met_by_a_similar_line() -> None:
    resume = "Registered Nurse\nSummary\nSix years of acute care on a telemetry unit."
    job = "LPN\nRequirements:\n- Licensed Practical Nurse (LPN)\n- BLS certification required"
    got = _status(resume, job, SameEncoder())
    assert "licensed practical nurse" in load_vocabulary().credentials
    assert got["licensed practical nurse"] == (False, "none")
    assert got["bls"] == (False, "none")
    # The same requirements are met when the resume names them.
    named = resume + "\nLicensed Practical Nurse; BLS certified."
    got = _status(named, job, SameEncoder())
    assert got["licensed practical nurse"] == (True, "exact")
    assert got["bls"] == (True, "exact")


def test_a_qualification_line_is_met_when_the_resume_names_its_skills() -> None:
    resume = (
        "Staff Accountant\nCertified Public Accountant (CPA), 2019\nPython scripts for reports."
    )
    job = "Accountant\nRequirements:\n- CPA a plus\n- 5+ years of Python"
    got = _status(resume, job, HashEncoder())
    assert got["cpa"] == (True, "exact")
    assert got["CPA a plus"] == (True, "exact")
    assert got["5+ years of Python"][1] != "exact"  # naming Python does not show five years


def test_headings_are_not_evidence() -> None:
    text = "Alex Chen\nPROFESSIONAL EXPERIENCE\nReconciled accounts each month."
    assert [p.text for p in split_passages(text)] == [
        "Alex Chen",
        "Reconciled accounts each month.",
    ]


def test_one_credential_of_several_is_enough_and_higher_ones_count() -> None:
    job = (
        "Nurse\nRequirements:\n- Active RN or LPN license required\n"
        "- Bachelor's degree required\n- Top Secret clearance required"
    )
    resume = "Registered Nurse (RN)\nMaster of Science, M.S., 2015\nSecret clearance"
    got = _status(resume, job, SameEncoder())
    assert got["Active RN or LPN license required"][0]  # the RN is held
    assert got["Bachelor's degree required"] == (True, "exact")  # a master's holds it
    assert got["top secret clearance"] == (False, "none")  # a Secret clearance does not


def test_a_long_line_is_not_met_by_one_skill_name() -> None:
    job = "Warehouse Lead\nRequirements:\n- Must lift 50 lbs, supervise 10 staff and use Excel"
    got = _status("Data analyst\nExcel dashboards for sales.", job, HashEncoder())
    assert got["microsoft excel"] == (True, "exact")
    assert got["Must lift 50 lbs, supervise 10 staff and use Excel"][1] != "exact"


@pytest.mark.parametrize(
    ("job", "wanted"),
    [
        (
            "Registered Nurse - Telemetry\n"
            "St. Mary's Hospital is hiring an RN for our 32-bed telemetry unit.\n"
            "Active RN license required.\n",
            ["Active RN license required."],
        ),
        (
            "Nurse\nSt. Mary's is a licensed 300-bed hospital.\n"
            "For over 40 years our RNs have led.\n"
            "We offer tuition help toward your BSN degree.\nClass A CDL with a clean MVR.\n"
            "Bachelor's in Computer Science or equivalent experience.\nOur 360-degree reviews.",
            [
                "Class A CDL with a clean MVR.",
                "Bachelor's in Computer Science or equivalent experience.",
            ],
        ),
    ],
)
def test_requirement_lines_outside_a_section(job: str, wanted: list[str]) -> None:
    # Asking for something, or a short credential line; never the employer's voice or the title.
    assert [r.text for r in extract_requirements(job) if r.kind == "qualification"] == wanted


def test_cdl_classes_are_told_apart_in_either_word_order() -> None:
    job = "Driver\nRequirements:\n- Valid CDL Class A license"
    got = _status("Truck Driver\nClass B CDL, clean record.", job, SameEncoder())
    assert got["class a cdl"] == (False, "none")
    assert _status("Truck Driver\nCDL-A, 6 years.", job, SameEncoder())["class a cdl"][0]


def test_benefits_company_and_eeo_text_ask_nothing() -> None:
    job = (
        "Staff Accountant\nRequirements:\n- CPA preferred\n- Excel\n"
        "Why Harbor & Pine\nCompetitive salary, annual bonus and tuition help for an MBA.\n"
        "We are an equal employment opportunity employer; we use Python internally."
    )
    reqs = extract_requirements(job)
    assert [r.skill for r in reqs if r.kind == "skill"] == ["cpa", "microsoft excel"]
    assert [r.text for r in reqs if r.kind == "qualification"] == ["CPA preferred"]


def test_abbreviations_do_not_split_a_passage() -> None:
    text = "Jo Lee\nB.S. Computer Science, 2016. Dr. Lee supervised my thesis at St. Mary's."
    assert [p.text for p in split_passages(text)][1:] == [
        "B.S. Computer Science, 2016.",
        "Dr. Lee supervised my thesis at St. Mary's.",
    ]
