"""Reads the figures straight out of the seed analysis (a verbatim copy of
../shared/seed/ai-ml-skills-demand.md kept in market/seed/), independently of the app's own
data files, so tests can compare the two."""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

SEED_MARKDOWN = Path(__file__).resolve().parents[2] / "market" / "seed" / "ai-ml-skills-demand.md"
PRIORITIES = ["Critical", "High", "Medium", "Nice-to-have", "Not required"]
SENIORITY_BY_HEADING = {"Mid-Level": "mid", "Senior": "senior"}


@dataclass
class SeedFacts:
    postings: int = 0
    analysis_date: str = ""
    source: str = ""
    overall_python: Decimal | None = None
    role_totals: dict = field(default_factory=dict)  # role -> (jobs, salary)
    levels: dict = field(default_factory=dict)  # (role, seniority) -> (jobs, salary)
    level_titles: dict = field(default_factory=dict)  # (role, seniority) -> "Senior AI Engineers"
    shares: dict = field(default_factory=dict)  # (role, seniority, skill) -> (share, priority)
    stages: list = field(default_factory=list)  # (path no, path name, from, to, $from, $to)
    stage_items: dict = field(default_factory=dict)  # (path no, stage no) -> {"must":[], "nice":[]}
    timeline: dict = field(default_factory=dict)  # (start, end, title) -> {track: [items]}
    trends: dict = field(default_factory=dict)  # direction -> [(label, figure)]
    recommendations: dict = field(default_factory=dict)  # heading -> [points]


def _dollars(k: str) -> int:
    return int(k) * 1000


def _plain(text: str) -> str:
    return text.replace("**", "").strip()


def seed_facts(path: Path = SEED_MARKDOWN) -> SeedFacts:
    facts = SeedFacts()
    text = path.read_text(encoding="utf-8")
    facts.postings = int(re.search(r"\*\*Based on\*\*: ([\d,]+)", text).group(1).replace(",", ""))
    facts.analysis_date = re.search(r"\*\*Analysis Date\*\*: (\S+)", text).group(1)
    facts.source = re.search(r"\*\*Source\*\*: `([^`]+)`", text).group(1)
    facts.overall_python = Decimal(re.search(r"\*\*Python\*\* - ([\d.]+)% of jobs", text).group(1))
    role = seniority = None
    path_no = stage_no = None
    kind = None
    phase = track = None
    direction = None
    rec = None
    for line in text.splitlines():
        if m := re.match(r"### \*\*\d\. (.+?)\*\* \(([\d,]+) jobs, \$(\d+)K avg\)", line):
            role = m.group(1)
            facts.role_totals[role] = (int(m.group(2).replace(",", "")), _dollars(m.group(3)))
        elif m := re.match(
            r"#### \*\*((Mid-Level|Senior) .+?)\*\* \(([\d,]+) jobs, \$(\d+)K\)", line
        ):
            seniority = SENIORITY_BY_HEADING[m.group(2)]
            facts.level_titles[(role, seniority)] = m.group(1)
            facts.levels[(role, seniority)] = (
                int(m.group(3).replace(",", "")),
                _dollars(m.group(4)),
            )
        elif (m := re.match(r"\| \*\*(.+?)\*\* \| ([\d.]+)% \| (.+?) \|$", line)) and seniority:
            priority = next(p for p in PRIORITIES if p in m.group(3))
            facts.shares[(role, seniority, m.group(1))] = (Decimal(m.group(2)), priority)
        elif line.startswith("## "):
            role = seniority = path_no = phase = direction = rec = None
        elif m := re.match(r"### \*\*Path (\d): (.+?)\*\*", line):
            path_no, stage_no = int(m.group(1)), 0
        elif (
            m := re.match(r"#### \*\*(.+?) → (.+?)\*\* \(\$(\d+)K → \$(\d+)K\)", line)
        ) and path_no:
            stage_no += 1
            facts.stages.append(
                (path_no, m.group(1), m.group(2), _dollars(m.group(3)), _dollars(m.group(4)))
            )
            facts.stage_items[(path_no, stage_no)] = {"must": [], "nice": []}
        elif path_no and line.startswith("**Must"):
            kind = "must"
        elif path_no and line.startswith("**Nice to Have"):
            kind = "nice"
        elif path_no and stage_no and (m := re.match(r"\d\. ✅ (.+)$", line)) and kind == "must":
            facts.stage_items[(path_no, stage_no)]["must"].append(m.group(1))
        elif path_no and stage_no and (m := re.match(r"- (.+)$", line)) and kind == "nice":
            facts.stage_items[(path_no, stage_no)]["nice"].append(m.group(1))
        elif line.startswith("**🚨") or line.startswith("**💡"):
            kind = None
        elif m := re.match(r"### \*\*Month (\d+)-(\d+): (.+?)\*\*", line):
            phase, track = (int(m.group(1)), int(m.group(2)), m.group(3)), ""
            facts.timeline[phase] = {"": []}
        elif phase and (m := re.match(r"\*\*(Path [ABC]: .+?)\*\*$", line)):
            track = m.group(1)
            facts.timeline[phase][track] = []
        elif phase and (m := re.match(r"(?:\d\.|-) (.+)$", line)):
            facts.timeline[phase][track].append(m.group(1))
        elif m := re.match(r"### \*\*(Growing Fast|Declining|Stable):\*\*", line):
            direction = {"Growing Fast": "growing", "Declining": "declining", "Stable": "stable"}[
                m.group(1)
            ]
            facts.trends[direction] = []
        elif direction and (m := re.match(r"\d\. \*\*(.+?)\*\* - (.+)$", line)):
            facts.trends[direction].append((m.group(1), m.group(2)))
        elif m := re.match(r"### \*\*For (.+?):\*\*", line):
            rec = m.group(1)
            facts.recommendations[rec] = []
        elif rec and (m := re.match(r"\d\. (.+)$", line)):
            facts.recommendations[rec].append(_plain(m.group(1)))
    return facts


NUMBER = re.compile(r"(?<![\w.])\$?((?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?)(K)?(?!\w)")
ORDINAL = re.compile(r"^\s*(?:#+ \*\*)?\d+\. ")


def numbers_in(text: str, *, skip_ordinals: bool = False) -> set[str]:
    """Every number in `text`, normalised: thousands separators dropped, $NK as N000."""
    found = set()
    for line in text.splitlines():
        if skip_ordinals:
            line = ORDINAL.sub(" ", line)
        for m in NUMBER.finditer(line):
            number = m.group(1).replace(",", "").rstrip(".")
            if m.group(2):
                number = str(int(Decimal(number) * 1000))
            found.add(number)
    return found
