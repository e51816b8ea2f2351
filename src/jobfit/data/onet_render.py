"""Renders synthetic resumes and job postings of one O*NET occupation in varied layouts."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

from jobfit.data.onet_profiles import OccupationProfile, OnetTemplates
from jobfit.data.phrasing import Phraser, Voice, lower_first

__all__ = ["render_job", "render_resume"]

_ARTICLE_RE = re.compile(r"\b([Aa]) (?=[aeioAEIO])")
_CUT_RE = re.compile(r",? (?:such as|including|in order to|according to|using|to ensure)\b|;")
_LENGTHS = ("short", "medium", "long")
_ACRONYM_MAX = 3
_END_YEAR = 2024
_DUTY_VOICES: tuple[Voice, ...] = ("imperative", "imperative", "you_will", "third", "gerund")


def _cap_skill(skill: str, style: str) -> str:
    if len(skill) <= _ACRONYM_MAX and skill.isalpha():
        return skill.upper()
    if style == "title":
        return " ".join(w[:1].upper() + w[1:] for w in skill.split(" "))
    if style == "first":
        return skill[:1].upper() + skill[1:]
    return skill


def _articles(text: str) -> str:
    """Turns "a" into "an" before a vowel ("a engineer" -> "an engineer")."""
    return _ARTICLE_RE.sub(lambda m: m.group(1) + "n ", text)


def _lower_title(title: str) -> str:
    """Lowercases a job title except its acronyms (``Staff RN`` -> ``staff RN``)."""
    return " ".join(w if w[:2].isupper() else w.lower() for w in title.split(" "))


def _clause(text: str) -> str:
    """An inflected statement as a lowercase clause without the final full stop."""
    return lower_first(text.rstrip(". "))


def _shorten(rng: random.Random, text: str, chance: float) -> str:
    match = _CUT_RE.search(text)
    if match and match.start() > 25 and rng.random() < chance:
        return text[: match.start()].rstrip(",") + "."
    return text


def _header(rng: random.Random, t: OnetTemplates, style: str, kind: str, group: str) -> str:
    name = rng.choice(t.items(group, kind))
    return style.format(upper=name.upper(), title=name)


def _pick_skills(rng: random.Random, p: OccupationProfile, t: OnetTemplates, k: int) -> list[str]:
    own = list(p.skills)
    rng.shuffle(own)
    extra = [s for s in p.group_skills if s not in own]
    generic = [s for s in t.items("generic_skills") if s not in own and s not in extra]
    n_own = min(len(own), max(2, k - 3))
    n_extra = min(len(extra), rng.randint(1, 3), max(0, k - n_own))
    chosen = own[:n_own] + rng.sample(extra, n_extra)
    chosen += rng.sample(generic, min(len(generic), max(1, k - len(chosen))))
    return chosen[:k] if len(chosen) > k else chosen


def _tasks(
    rng: random.Random, tasks: Sequence[str], n: int, avoid: frozenset[str], core_bias: bool
) -> list[str]:
    pool = [x for x in tasks if x not in avoid]
    if core_bias and len(pool) > n:
        pool = pool[: max(n, (len(pool) * 2) // 3)]
    chosen = rng.sample(pool, min(n, len(pool)))
    if len(chosen) < n:  # top up from the avoided tasks only when the others run out
        rest = [x for x in tasks if x in avoid]
        chosen += rng.sample(rest, min(n - len(chosen), len(rest)))
    return chosen


def _person(rng: random.Random, t: OnetTemplates) -> tuple[str, str, str]:
    first, last = rng.choice(t.items("first_names")), rng.choice(t.items("last_names"))
    city = rng.choice(t.items("cities"))
    fill = {
        "first": first.lower(),
        "last": last.lower(),
        "f": first[0].lower(),
        "n": str(rng.randint(1, 99)),
        "d2": f"{rng.randint(0, 99):02d}",
    }
    email = rng.choice(t.items("email_forms")).format(**fill)
    phone = rng.choice(t.items("phone_forms")).format(**fill)
    contact = rng.choice(t.items("contact_lines")).format(
        email=email, phone=phone, city=city, slug=f"{first}{last}".lower()
    )
    name = f"{first} {last}"
    middle = f"{first} {rng.choice('ABCDEJKLMRST')}. {last}"
    name = rng.choice([name, name, name.upper(), middle])
    return name, contact, city


def _company(rng: random.Random, t: OnetTemplates, p: OccupationProfile) -> str:
    prefixes = t.items("company_prefixes")
    return rng.choice(t.items("company_forms")).format(
        prefix=rng.choice(prefixes),
        prefix2=rng.choice(prefixes),
        noun=rng.choice(t.group(p.major)["company_nouns"]),
    )


def _date(rng: random.Random, t: OnetTemplates, year: int, fmt: int) -> str:
    month = rng.randint(1, 12)
    if fmt == 0:
        return f"{t.items('months')[month - 1]} {year}"
    if fmt == 1:
        return str(year)
    if fmt == 2:
        return f"{month:02d}/{year}"
    return f"{t.items('month_names')[month - 1]} {year}"


def _education(rng: random.Random, t: OnetTemplates, p: OccupationProfile) -> tuple[str, str, str]:
    level = rng.choice(p.levels)
    spec: dict[str, Any] = t.raw["levels"][level]
    fld = rng.choice(p.fields)
    school = rng.choice(spec["school"]).format(
        city_name=rng.choice(t.items("cities")).split(",")[0],
        state_name=rng.choice(t.items("states")),
        prefix=rng.choice(t.items("company_prefixes")),
    )
    return (
        rng.choice(spec["resume"]).format(field=fld),
        rng.choice(spec["job"]).format(field=fld),
        school,
    )


def _summary(
    rng: random.Random,
    p: OccupationProfile,
    t: OnetTemplates,
    ph: Phraser,
    role: str,
    years: int,
    n: int,
    avoid: frozenset[str],
) -> str:
    statements = list(p.statements)
    rng.shuffle(statements)
    extra = [x for x in p.tasks if x not in statements and x not in avoid]
    rng.shuffle(extra)
    statements += extra
    adjs = rng.sample(t.items("adjectives"), 2)
    softs = rng.sample(t.items("soft_skills"), 2)
    text = rng.choice(t.items("resume_summary")).format(
        adj=adjs[0],
        adj2=adjs[1].lower(),
        role=role,
        role_lower=_lower_title(role),
        years=years,
        g1=_clause(ph.rewrite(_shorten(rng, statements[0], 0.5), "gerund")),
        g2=_clause(ph.rewrite(_shorten(rng, statements[1 % len(statements)], 0.7), "gerund")),
        p1=_clause(ph.rewrite(statements[0], "past")),
        i1=_clause(statements[0]),
        soft1=softs[0],
        soft2=softs[1],
    )
    for statement in statements[2 : 2 + max(0, n - 1)]:
        form = rng.choice(t.items("summary_extra"))
        g = _clause(ph.rewrite(_shorten(rng, statement, 0.5), "gerund"))
        text += " " + form.format(g=g, inf_to="to " + _clause(statement))
    return text


def render_resume(
    rng: random.Random,
    p: OccupationProfile,
    t: OnetTemplates,
    ph: Phraser,
    avoid_tasks: frozenset[str] = frozenset(),
    headline_rate: float = 0.75,
    titled: bool = True,
) -> str:
    """Renders one resume: contact noise, an optional headline, and shuffled sections.

    ``avoid_tasks`` are task statements not to reuse when others remain (the paired posting's);
    ``headline_rate`` is the chance of a headline title line under the contact block. An
    untitled resume (``titled=False``) has no headline and no job-header lines (title,
    employer, dates): only what the person did, as a resume whose titles were lost in reading.
    """
    size = rng.choices(_LENGTHS, weights=(0.3, 0.4, 0.3))[0]
    n_jobs = {"short": 1, "medium": rng.randint(1, 2), "long": rng.randint(2, 3)}[size]
    lo, hi = {"short": (2, 4), "medium": (3, 5), "long": (4, 6)}[size]
    cut = {"short": 0.7, "medium": 0.4, "long": 0.1}[size]
    name, contact, city = _person(rng, t)
    titles = list(p.reported_titles) if p.reported_titles and rng.random() < 0.5 else list(p.titles)
    current = rng.choice(titles)
    style = rng.choice(t.items("header_styles"))
    bullet = rng.choice(t.items("bullets"))
    fmt = rng.randint(0, 3)
    tasks = _tasks(rng, p.tasks, n_jobs * hi, avoid_tasks, core_bias=False)
    year, entries, years = _END_YEAR, [], 0
    for i in range(n_jobs):
        span = rng.randint(1, 6)
        title = current if i == 0 else rng.choice(p.titles)
        if i == n_jobs - 1 and n_jobs > 1 and rng.random() < 0.4:
            title = f"{rng.choice(t.items('seniority', 'junior'))} {title}"
        present = i == 0 and rng.random() < 0.8
        end = rng.choice(t.items("present")) if present else _date(rng, t, year, fmt)
        start = _date(rng, t, year - span, fmt)
        year, years = year - span - rng.randint(0, 1), years + span
        line = rng.choice(t.items("job_line_forms")).format(
            title=title,
            upper_title=title.upper(),
            company=_company(rng, t, p),
            city=rng.choice([city, rng.choice(t.items("cities"))]),
            start=start,
            end=end,
        )
        voice: Voice = (
            "past" if not present or rng.random() < 0.75 else rng.choice(["imperative", "third"])
        )
        bullets = []
        for task in tasks[i * hi : i * hi + rng.randint(lo, hi)]:
            text = ph.rewrite(_shorten(rng, task, cut), voice)
            if rng.random() < 0.06:
                impact = rng.choice(t.items("impact"))
                text = (
                    text.rstrip(".")
                    + impact.format(pct=rng.randint(5, 40), n=rng.randint(3, 50))
                    + "."
                )
            bullets.append(text if rng.random() < 0.6 else text.rstrip("."))
        lead = line + "\n" if titled else ""
        if rng.random() < 0.1:
            entries.append(lead + " ".join(b.rstrip(".") + "." for b in bullets))
        else:
            entries.append(lead + "\n".join(bullet + b for b in bullets))
    sections: dict[str, str] = {"experience": "\n\n".join(entries)}
    if size != "short" or rng.random() < 0.5:
        n_sum = {"short": 1, "medium": rng.randint(1, 2), "long": rng.randint(2, 4)}[size]
        sections["summary"] = _summary(
            rng, p, t, ph, current, max(1, years), n_sum, avoid_tasks | frozenset(tasks)
        )
    k = {"short": rng.randint(3, 6), "medium": rng.randint(5, 9), "long": rng.randint(7, 12)}[size]
    cap = rng.choice(["title", "first", "lower"])
    skills = [_cap_skill(s, cap) for s in _pick_skills(rng, p, t, k)]
    sep = rng.choice([", ", " | ", " \u2022 ", "; ", "\n"])
    sections["skills"] = sep.join(bullet + s for s in skills) if sep == "\n" else sep.join(skills)
    if size != "short" or rng.random() < 0.6:
        degree, _, school = _education(rng, t, p)
        grad = _END_YEAR - years - rng.randint(0, 4)
        sections["education"] = rng.choice(
            [f"{degree}\n{school}, {grad}", f"{degree} - {school}", f"{school}\n{degree}, {grad}"]
        )
    cert_rate = {"short": 0.1, "medium": 0.3, "long": 0.6}[size]
    if p.certifications and rng.random() < cert_rate:
        certs = rng.sample(p.certifications, min(len(p.certifications), rng.randint(1, 2)))
        sections["certifications"] = "\n".join(bullet + c for c in certs)
    order = rng.choice(
        [
            ["summary", "experience", "skills", "education", "certifications"],
            ["summary", "skills", "experience", "education", "certifications"],
            ["experience", "education", "skills", "certifications", "summary"],
            ["summary", "education", "experience", "skills", "certifications"],
            ["skills", "summary", "experience", "certifications", "education"],
        ]
    )
    parts = [name, contact]
    if rng.random() < headline_rate:
        head = current if rng.random() < 0.7 else rng.choice(titles)
        line = rng.choice([head, head, head.upper(), f"{head} | {skills[0]} | {skills[-1]}"])
        if titled:
            parts.append(line)
    gap = rng.choice(["\n\n", "\n"])
    body = [
        _header(rng, t, style, key, "section_headers") + "\n" + sections[key]
        if key != "summary" or rng.random() < 0.7
        else sections[key]
        for key in order
        if key in sections
    ]
    return _articles("\n".join(parts) + gap + gap.join(body))


def render_job(
    rng: random.Random,
    p: OccupationProfile,
    t: OnetTemplates,
    ph: Phraser,
    avoid_tasks: frozenset[str] = frozenset(),
    scraped_rate: float = 0.2,
    titled: bool = True,
) -> tuple[str, frozenset[str]]:
    """Renders one job posting; returns its text and the task statements it used.

    Postings have a title (sometimes with seniority or place), an optional company blurb and
    role intro, duties, requirements, and sometimes meta lines, benefits and EEO boilerplate.
    ``scraped_rate`` of them are flattened into one line (headers dropped, sometimes lowercased).
    An untitled posting (``titled=False``) has no title line; its body may still name the role.
    """
    size = rng.choices(_LENGTHS, weights=(0.3, 0.4, 0.3))[0]
    group = t.group(p.major)
    city = rng.choice(t.items("cities"))
    company = _company(rng, t, p)
    industry = rng.choice(group["industries"])
    raw_title = rng.choice(
        p.reported_titles if p.reported_titles and rng.random() < 0.4 else p.titles
    )
    title = rng.choice(t.items("job_titles_forms")).format(
        title=raw_title,
        senior=rng.choice(t.items("seniority", "senior")),
        junior=rng.choice(t.items("seniority", "junior")),
        level=rng.choice(t.items("seniority", "level_suffix")),
        city=city,
        remote=rng.choice(t.items("remote")),
    )
    style = rng.choice(t.items("header_styles"))
    bullet = rng.choice(t.items("bullets"))
    fill: dict[str, Any] = {
        "company": company,
        "city": city,
        "industry": industry,
        "title": raw_title,
        "title_lower": _lower_title(raw_title),
        "radj": rng.choice(t.items("adjectives")).lower(),
        "adj": rng.choice(t.items("blurb_adjectives")),
        "n": rng.randint(5, 60),
        "size": rng.choice(["50", "200", "1,000", "5,000"]),
        "year": rng.randint(1950, 2015),
        "value": rng.choice(t.items("values")),
        "value2": rng.choice(t.items("values")),
    }
    blocks: list[tuple[str | None, str]] = []
    head = [
        *([title] if titled else []),
        rng.choice(
            [
                f"{company} - {city}",
                f"{company}\n{city}",
                f"Company: {company}\nLocation: {city}",
                company,
            ]
        ),
    ]
    n_meta = {"short": 0, "medium": rng.randint(0, 2), "long": rng.randint(1, 3)}[size]
    for meta in rng.sample(t.items("meta_lines"), n_meta):
        lo = rng.randint(30, 120)
        plo = rng.randint(14, 45)
        head.append(
            meta.format(
                city=city,
                lo=lo,
                hi=lo + rng.randint(10, 40),
                plo=plo,
                phi=plo + rng.randint(3, 15),
                n=rng.randint(1, 30),
                req=rng.randint(10000, 99999),
            )
        )
    blocks.append((None, "\n".join(head)))
    if rng.random() < {"short": 0.2, "medium": 0.6, "long": 0.9}[size]:
        blocks.append(("about", rng.choice(t.items("company_blurbs")).format(**fill)))
    statement = rng.choice(p.statements)
    if rng.random() < {"short": 0.3, "medium": 0.7, "long": 0.9}[size]:
        intro = rng.choice(t.items("role_intros")).format(
            **fill, i1=_clause(_shorten(rng, statement, 0.5)), s1=statement
        )
        blocks.append(("role", intro))
    n_duties = {"short": rng.randint(3, 4), "medium": rng.randint(4, 6), "long": rng.randint(6, 9)}[
        size
    ]
    used = _tasks(rng, p.tasks, n_duties, avoid_tasks, core_bias=True)
    voice = rng.choice(_DUTY_VOICES)
    blocks.append(("duties", "\n".join(bullet + ph.rewrite(x, voice) for x in used)))
    req_lines = []
    low_years, high_years = group["years"]
    years = rng.randint(low_years, min(high_years, low_years + 6))
    softs = rng.sample(t.items("soft_skills"), 2)
    skills = ", ".join(_pick_skills(rng, p, t, rng.randint(3, 6)))
    _, degree, _ = _education(rng, t, p)
    spare = [x for x in p.tasks if x not in used] or list(p.tasks)
    spare_i, spare_g = rng.choice(spare), rng.choice(spare)
    used += [spare_i, spare_g]
    r = t.raw["requirement_lines"]
    req_fill = {
        **fill,
        "years": years,
        "years2": years + rng.randint(2, 5),
        "skills": skills,
        "soft1": softs[0],
        "soft2": softs[1],
        "i1": _clause(_shorten(rng, spare_i, 0.7)),
        "g": _clause(ph.rewrite(_shorten(rng, spare_g, 0.7), "gerund")),
        "cert": rng.choice(p.certifications) if p.certifications else "relevant certification",
    }
    kinds = ["years", "skills", *rng.sample(["soft", "ability", "misc", "cert"], 4)]
    n_req = {"short": rng.randint(2, 3), "medium": rng.randint(3, 5), "long": rng.randint(5, 6)}[
        size
    ]
    for kind in kinds[:n_req]:
        req_lines.append(rng.choice(r[kind]).format(**req_fill))
    req_lines.insert(rng.randint(0, 1), degree)
    blocks.append(("requirements", "\n".join(bullet + x for x in req_lines)))
    if size == "long" and rng.random() < 0.5:
        blocks.append(("preferred", bullet + rng.choice(r["misc"])))
    if rng.random() < {"short": 0.1, "medium": 0.4, "long": 0.7}[size]:
        perks = rng.sample(t.items("benefits"), rng.randint(3, 6))
        blocks.append(("benefits", "\n".join(bullet + x for x in perks)))
    if rng.random() < {"short": 0.1, "medium": 0.3, "long": 0.6}[size]:
        blocks.append((None, rng.choice(t.items("eeo")).format(company=company)))
    scraped = rng.random() < scraped_rate
    blocks = [(key, _articles(text)) for key, text in blocks]
    parts = []
    for key, text in blocks:
        if key is None or scraped:
            parts.append(text)
        else:
            parts.append(_header(rng, t, style, key, "job_headers") + "\n" + text)
    if scraped:
        flat = " ".join(" ".join(parts).split())
        if bullet.strip():
            flat = flat.replace(" " + bullet.strip() + " ", " ")
        return (flat.lower() if rng.random() < 0.5 else flat), frozenset(used)
    return "\n\n".join(parts), frozenset(used)
