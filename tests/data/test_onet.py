"""Tests of the vendored O*NET occupations and their attribution."""

from __future__ import annotations

import doctest
import gzip
from importlib import resources

import pytest

from jobfit.data import onet as onet_module
from jobfit.data.onet import ATTRIBUTION, Occupation, load_onet
from jobfit.errors import DataError

EXPECTED_ATTRIBUTION = (
    "This product includes information from the O*NET 26.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. "
    "O*NET® is a trademark of USDOL/ETA."
)


def test_attribution_is_exact() -> None:
    assert ATTRIBUTION == EXPECTED_ATTRIBUTION
    text = (
        resources.files("jobfit.data.resources").joinpath("ONET_ATTRIBUTION.txt").read_text("utf-8")
    )
    assert text.strip() == EXPECTED_ATTRIBUTION


def test_vendored_file_is_compact_and_deterministic() -> None:
    raw = resources.files("jobfit.data.resources").joinpath("onet.json.gz").read_bytes()
    assert len(raw) < 2_500_000
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip mtime 0: rebuilding gives the same bytes
    assert gzip.decompress(raw).startswith(b"{")


def test_load_onet_has_all_occupations_and_is_cached() -> None:
    onet = load_onet()
    assert len(onet) >= 900
    assert load_onet() is onet
    assert onet.version == "26.3"
    assert all(isinstance(o, Occupation) for o in onet)
    assert list(onet.codes) == sorted(onet.codes)


def test_software_developers() -> None:
    occ = load_onet()["15-1252.00"]
    assert occ.title == "Software Developers"
    assert "software" in occ.description.lower()
    assert len(occ.tasks) >= 10
    assert len(occ.titles) >= 20
    assert len({t.casefold() for t in occ.titles}) == len(occ.titles)
    assert occ.reported_titles
    assert occ.related
    assert {r.tier for r in occ.related} <= {"Primary-Short", "Primary-Long", "Supplemental"}
    assert occ.related[0].tier == "Primary-Short"


def test_related_codes_resolve() -> None:
    onet = load_onet()
    for occ in onet:
        for rel in occ.related:
            assert rel.code in onet
    assert [o.code for o in onet.related("15-1252.00")] == [
        r.code for r in onet["15-1252.00"].related
    ]


def test_core_tasks_first() -> None:
    # 29-1141.00 Registered Nurses: the first task is a Core task in Task_Statements.txt.
    occ = load_onet()["29-1141.00"]
    assert occ.title == "Registered Nurses"
    assert any("patient" in t.lower() for t in occ.tasks[:5])


def test_lookups() -> None:
    onet = load_onet()
    assert onet.get("15-1252").code == "15-1252.00"
    assert "15-1252.00" in onet
    assert "99-9999.99" not in onet
    assert [o.code for o in onet.by_title("  Software Developers ")] == ["15-1252.00"]
    assert "29-1141.00" in [o.code for o in onet.by_title("staff nurse")]
    assert onet.by_title("no such job title") == ()


def test_unknown_code_names_the_value_and_suggests() -> None:
    with pytest.raises(DataError, match=r"unknown O\*NET-SOC code '15-1252\.09'; did you mean"):
        load_onet().get("15-1252.09")
    with pytest.raises(DataError, match=r"codes look like 15-1252\.00"):
        load_onet()["nonsense"]


def test_docstring_examples() -> None:
    result = doctest.testmod(onet_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
