"""Builds the compact vendored O*NET file ``src/jobfit/data/resources/onet.json.gz``.

Reads the tab-separated O*NET 26.3 text files from ``../shared/data/onet`` (or ``--src``)
and writes, per occupation code: title, description, tasks (Core first), alternate titles
(short titles included, deduplicated, capped), reported titles and related codes with their
relatedness tier. The output bytes are deterministic (sorted keys, gzip mtime 0), so running
the script twice gives the same file. It also writes ``ONET_ATTRIBUTION.txt``.

Example:
    .venv/bin/python scripts/build_onet.py
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "onet"
RESOURCES = ROOT / "src" / "jobfit" / "data" / "resources"
VERSION = "26.3"
MAX_TITLES = 400
ATTRIBUTION = (
    "This product includes information from the O*NET 26.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. "
    "O*NET® is a trademark of USDOL/ETA."
)
TASK_ORDER = {"Core": 0, "Supplemental": 1, "n/a": 2}


def _rows(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """Reads one O*NET tab-separated file and checks that it has the expected columns."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        missing = [c for c in columns if c not in header]
        if missing:
            raise SystemExit(f"{path}: missing columns {missing}; is this an O*NET 26.x text file?")
        index = {name: header.index(name) for name in columns}
        return [{name: row[i].strip() for name, i in index.items()} for row in reader if row]


def _dedupe(titles: list[str], exclude: str) -> list[str]:
    seen = {exclude.casefold()}
    out: list[str] = []
    for title in titles:
        key = title.casefold()
        if title and title != "n/a" and key not in seen:
            seen.add(key)
            out.append(title)
    return out


def build(src: Path) -> dict[str, object]:
    """Returns the compact O*NET structure read from the text files in ``src``."""
    occupations: dict[str, dict[str, object]] = {}
    for row in _rows(src / "Occupation_Data.txt", ["O*NET-SOC Code", "Title", "Description"]):
        occupations[row["O*NET-SOC Code"]] = {
            "title": row["Title"],
            "description": row["Description"],
        }

    tasks: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for row in _rows(
        src / "Task_Statements.txt", ["O*NET-SOC Code", "Task ID", "Task", "Task Type"]
    ):
        order = TASK_ORDER.get(row["Task Type"], 2)
        tasks[row["O*NET-SOC Code"]].append((order, int(row["Task ID"]), row["Task"]))

    alternates: dict[str, list[str]] = defaultdict(list)
    shorts: dict[str, list[str]] = defaultdict(list)
    for row in _rows(
        src / "Alternate_Titles.txt", ["O*NET-SOC Code", "Alternate Title", "Short Title"]
    ):
        alternates[row["O*NET-SOC Code"]].append(row["Alternate Title"])
        shorts[row["O*NET-SOC Code"]].append(row["Short Title"])

    reported: dict[str, list[str]] = defaultdict(list)
    for row in _rows(
        src / "Sample_of_Reported_Titles.txt", ["O*NET-SOC Code", "Reported Job Title"]
    ):
        reported[row["O*NET-SOC Code"]].append(row["Reported Job Title"])

    related: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    columns = ["O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"]
    for row in _rows(src / "Related_Occupations.txt", columns):
        related[row["O*NET-SOC Code"]].append(
            (int(row["Index"]), row["Related O*NET-SOC Code"], row["Relatedness Tier"])
        )

    for code, occ in occupations.items():
        title = str(occ["title"])
        occ["tasks"] = [text for _, _, text in sorted(tasks.get(code, []))]
        occ["reported_titles"] = _dedupe(reported.get(code, []), title)
        # Short titles first, then alternates by word count: what people type in a headline.
        by_words = sorted(alternates.get(code, []), key=lambda t: (len(t.split()), t.casefold(), t))
        alts = _dedupe(sorted(shorts.get(code, [])) + by_words, title)
        occ["titles"] = alts[:MAX_TITLES]
        occ["related"] = [
            [rel, tier] for _, rel, tier in sorted(related.get(code, [])) if rel in occupations
        ]
    return {"version": VERSION, "attribution": ATTRIBUTION, "occupations": occupations}


def write(data: dict[str, object], out: Path) -> int:
    """Writes ``data`` as deterministic gzipped JSON and returns the number of bytes."""
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(payload.encode("utf-8"))
    out.write_bytes(buf.getvalue())
    return len(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder of O*NET text files")
    parser.add_argument(
        "--out", type=Path, default=RESOURCES, help="resources folder to write into"
    )
    args = parser.parse_args(argv)
    if not (args.src / "Occupation_Data.txt").is_file():
        raise SystemExit(
            f"{args.src}: no Occupation_Data.txt; pass --src <folder of O*NET 26.3 text files>"
        )
    data = build(args.src)
    size = write(data, args.out / "onet.json.gz")
    (args.out / "ONET_ATTRIBUTION.txt").write_text(ATTRIBUTION + "\n", encoding="utf-8")
    occupations = data["occupations"]
    assert isinstance(occupations, dict)
    sys.stdout.write(f"wrote {len(occupations)} occupations, {size:,} bytes\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
