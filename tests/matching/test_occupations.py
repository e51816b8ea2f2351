"""Occupation-aware scoring: title normalisation, title lookup, distributions, relatedness."""

from __future__ import annotations

import numpy as np
import pytest

from jobfit.documents import Document
from jobfit.encoding.encoder import HashEncoder
from jobfit.errors import ConfigError, DataError
from jobfit.matching.matcher import Matcher
from jobfit.matching.occupations import OccupationMapper, OccupationParams, normalize_title


@pytest.fixture(scope="module")
def mapper() -> OccupationMapper:
    return OccupationMapper(HashEncoder())


def test_normalize_title() -> None:
    assert normalize_title("Sr. Registered Nurses II (RN)") == "registered nurse"
    assert normalize_title("Lead Software Developer") == "software developer"


def test_titles_found_below_the_headline() -> None:
    text = "Jane Roe\njane@example.com | 555-123-4567\nEXPERIENCE\nRegistered Nurse\nCared for patients on a 30-bed ward.\nCharge Nurse"
    several = OccupationMapper(HashEncoder(), params=OccupationParams(max_titles=3))
    found = several.found_titles(text, resume=True)
    assert [t for t, _ in found] == ["Registered Nurse", "Charge Nurse"]
    assert "29-1141.00" in found[0][1]
    # By default only the current title counts: the headline, else the latest job.
    assert [t for t, _ in OccupationMapper(HashEncoder()).found_titles(text, resume=True)] == [
        "Registered Nurse"
    ]


def test_resume_titles_come_from_the_headline_and_experience_only(
    mapper: OccupationMapper,
) -> None:
    resume = (
        "Summary\nDetail-oriented professional.\nHighlights\nAccounts Payable\nData Entry\n"
        "Experience\n01/2015 to Current\nAccountant\nCompany Name City, State\n"
        "Reconciled ledgers.\nEducation\nBachelor of Science : Accounting"
    )
    assert [t for t, _ in mapper.found_titles(resume, resume=True)] == ["Accountant"]
    # Read as a posting (no sections), the Highlights line comes first.
    assert [t for t, _ in mapper.found_titles(resume)] == ["Accounts Payable"]


def test_lead_with_title_puts_the_current_title_first_once(mapper: OccupationMapper) -> None:
    body = "Summary\nCaring nurse.\nExperience\nRegistered Nurse\n2019 - Current\nTriage."
    led = mapper.lead_with_title(body)
    assert led == "Registered Nurse\n" + body
    headed = "REGISTERED NURSE\n" + body
    assert mapper.lead_with_title(headed) == headed  # already opens with its title
    plain = "no headings and no titles, only words"
    assert mapper.lead_with_title(plain) == plain
    ruled = "=====\nRegistered Nurse\nTriage."
    assert mapper.lead_with_title(ruled) == ruled  # a rule line is not the first line


def test_a_resume_ranks_alike_with_and_without_its_headline() -> None:
    body = (
        "Summary\nTen years of patient care on busy wards.\nExperience\n"
        "Registered Nurse\nSt. Mary's Hospital 2016 - Present\nTriage and charting."
    )
    jobs = [
        Document("j-rn", "Registered Nurse\nTriage, patient care.", "t"),
        Document("j-weld", "Welder\nWelding and fabrication.", "t"),
        Document("j-acct", "Accountant\nLedgers and audits.", "t"),
    ]
    matcher = Matcher(encoder=HashEncoder(), cache=False)
    with_head = matcher.rank([Document("a", "REGISTERED NURSE\n" + body, "t")], jobs, 3)
    without = matcher.rank([Document("b", body, "t")], jobs, 3)
    assert [h.id for h in with_head[0].hits] == [h.id for h in without[0].hits]
    assert with_head[0].hits[0].id == "j-rn"
    assert without[0].hits[0].occupation == pytest.approx(with_head[0].hits[0].occupation)
    led = matcher.embed([body], resumes=True)
    assert not np.allclose(led, matcher.embed([body]))  # the title was put first
    assert np.allclose(led, matcher.embed(["Registered Nurse\n" + body]))


def test_relation_is_symmetric_with_unit_diagonal(mapper: OccupationMapper) -> None:
    r = mapper.relation
    assert np.array_equal(r, r.T)
    assert np.all(np.diag(r) == 1.0)
    assert set(np.unique(r)) <= {0.0, 0.5, 1.0}
    nurse = mapper.codes.index("29-1141.00")
    related = {mapper.codes[j] for j in np.flatnonzero(r[nurse] == 0.5)}
    assert related  # O*NET links registered nurses to related occupations


def test_distribution_rows_sum_to_one_and_titles_move_mass(mapper: OccupationMapper) -> None:
    texts = [
        "Registered Nurse\nPatient care, triage and charting.",
        "no title here at all, just words about work",
    ]
    vectors = HashEncoder().encode(texts)
    p = mapper.distribution(vectors, texts)
    assert p.shape == (2, len(mapper.codes))
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    assert p[0, mapper.codes.index("29-1141.00")] >= 0.5
    assert mapper.top(p[0])[0][0] == "29-1141.00"


def test_matcher_adds_occupation_evidence_and_reports_it() -> None:
    resumes = [Document("rn", "Registered Nurse\nTriage and patient care.", "t")]
    jobs = [
        Document("j-rn", "Registered Nurse\nTriage, patient care.", "t"),
        Document("j-weld", "Welder\nWelding and fabrication.", "t"),
    ]
    with_occ = Matcher(encoder=HashEncoder(), cache=False)
    plain = Matcher(encoder=HashEncoder(), cache=False, occupations=False)
    a = with_occ.rank(resumes, jobs, top_k=2)[0].hits
    b = plain.rank(resumes, jobs, top_k=2)[0].hits
    assert a[0].id == "j-rn"
    assert a[0].occupation is not None
    assert a[0].occupation > 0.5
    assert a[0].score == pytest.approx(
        a[0].cosine + OccupationParams().weight * a[0].occupation, abs=1e-5
    )
    assert b[0].occupation is None
    assert b[0].score == b[0].cosine
    assert a[0].explanation is not None
    assert a[0].explanation.resume_occupation == "Registered Nurses (29-1141.00)"


def test_a_title_o_net_does_not_list_is_read_by_its_listed_words(mapper: OccupationMapper) -> None:
    posting = "Backend Software Engineer (Python)\nBuild APIs in Python and SQL."
    found = mapper.found_titles(posting)
    assert found
    assert "15-1252.00" in found[0][1]  # Software Developers, via "Software Engineer"
    # Only headline lines get the fallback, never a line further down.
    assert mapper.found_titles("Summary\nAbout us\nOur team\nSenior software engineer mentor") == []
    # A listed title anywhere wins over a run of words in an earlier line.
    found = mapper.found_titles("Acme Home Health Care\nAccounts Payable Clerk\nPay vendors.")
    assert [t for t, _ in found] == ["Accounts Payable Clerk"]
    # A resume's headline under its name gets the fallback too.
    resume = "Jane Doe\nBackend Software Engineer (Python)\nExperience\nAcme, 2019 - Present"
    found = mapper.found_titles(resume, resume=True)
    assert [t for t, _ in found] == ["Backend Software Engineer (Python)"]
    assert "15-1252.00" in found[0][1]


def test_a_title_yields_only_to_clear_content_that_contradicts_it() -> None:
    # the content here is a vector alone (the words would read the title line too)
    mapper = OccupationMapper(HashEncoder(), params=OccupationParams(lexical_share=0.0))
    web, secretary = mapper.codes.index("15-1254.00"), mapper.codes.index("43-6011.00")
    text = "Executive Assistant\nBuilt React front ends and REST APIs for five years."
    clear = mapper.profiles[[web]]  # content that is the web developers' profile itself
    p = mapper.distribution(clear, [text])[0]
    assert p[secretary] == 0.0  # the title yielded: the content alone places the document
    assert p[web] > 0.9
    never = OccupationMapper(
        HashEncoder(), params=OccupationParams(title_yields=1.01, lexical_share=0.0)
    )
    assert never.distribution(clear, [text])[0][secretary] == pytest.approx(0.5)
    # unsure content (between two profiles of different groups) leaves the title standing
    nurse = mapper.codes.index("29-1141.00")
    unsure = mapper.profiles[[web]] + mapper.profiles[[nurse]]
    unsure /= np.linalg.norm(unsure)
    assert mapper.distribution(unsure, [text])[0][secretary] == pytest.approx(0.5)
    # a title that agrees with the content is kept
    agreeing = "Web Developer\nBuilt React front ends."
    assert mapper.distribution(clear, [agreeing])[0][web] == pytest.approx(1.0, abs=0.01)


ACCOUNTING = (
    "Reconciled general ledger accounts and prepared month-end journal entries.\n"
    "Audited financial statements and prepared tax returns for clients.\n"
    "Analyzed accounting records and balance sheets for compliance."
)


def test_the_words_place_a_document_the_vector_alone_does_not() -> None:
    # the hash encoder's vectors carry no meaning, so the profile softmax alone is a guess
    words = OccupationMapper(HashEncoder())
    vector_only = OccupationMapper(HashEncoder(), params=OccupationParams(lexical_share=0.0))
    v = HashEncoder().encode([ACCOUNTING])
    top = words.top(words.content_distribution(v, [ACCOUNTING])[0], 3)
    assert top[0][0] in {"13-2011.00", "43-3031.00", "13-2082.00"}  # accountants, clerks, tax
    assert vector_only.top(vector_only.content_distribution(v, [ACCOUNTING])[0])[0][0] != top[0][0]
    # a share of 0 is the vector's softmax exactly, with or without the texts
    assert np.array_equal(
        vector_only.content_distribution(v, [ACCOUNTING]), vector_only.content_distribution(v)
    )
    assert np.array_equal(words.content_distribution(v), vector_only.content_distribution(v))


def test_the_words_give_a_document_the_same_distribution_alone_or_in_a_batch() -> None:
    mapper = OccupationMapper(HashEncoder())
    texts = [ACCOUNTING, "Registered Nurse\nTriage and patient care.", "", "zzzz qqqq"]
    v = HashEncoder().encode(texts)
    batch = mapper.content_distribution(v, texts)
    for i, text in enumerate(texts):
        assert np.array_equal(mapper.content_distribution(v[i : i + 1], [text])[0], batch[i])
    # a text with no word O*NET uses is placed by its vector alone
    vector_only = mapper.content_distribution(v[2:])
    assert np.array_equal(batch[2:], vector_only)
    assert np.allclose(batch.sum(axis=1), 1.0)


def test_the_words_need_one_text_per_vector_and_a_share_between_0_and_1() -> None:
    mapper = OccupationMapper(HashEncoder())
    v = HashEncoder().encode(["a", "b", "c"])
    with pytest.raises(DataError, match=r"3 vector\(s\) and 1 text\(s\); pass one text per vector"):
        mapper.content_distribution(v, [ACCOUNTING])
    with pytest.raises(ConfigError, match=r"lexical_share must be between 0 .* got 1.5"):
        OccupationParams(lexical_share=1.5)
