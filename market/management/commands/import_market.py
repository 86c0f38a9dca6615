import sys

from django.core.management.base import BaseCommand, CommandError

from market.ingestion.importing import FORMATS, MarketImportError, market_import
from market.ingestion.postings import MAP_OPTION, ColumnError, mapping_parse
from market.services.snapshots import SnapshotError


class ProgressBar:
    """A one-line progress bar on a terminal; silent when output is redirected."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.shown = -1

    def __call__(self, fraction: float) -> None:
        percent = int(fraction * 100)
        if percent == self.shown:
            return
        self.shown = percent
        filled = int(fraction * self.WIDTH)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}%")
        self.stream.flush()

    def close(self) -> None:
        if self.shown >= 0:
            self.stream.write("\r" + " " * (self.WIDTH + 8) + "\r")
            self.stream.flush()


def summary_lines(result) -> list[str]:
    s = result.summary
    if result.format == "aggregate":
        counted = (
            "counted here with this app's rules: skills asked for in many wordings show "
            '"at least" their share'
            if result.snapshot.shares_counted_here
            else 'taken as given (not counted here): none is shown as "at least"; '
            "pass --counted-here for warehouse_sql's result"
        )
        return [
            f"Read {s.get('rows_read', 0)} rows of aggregated figures "
            f"({s.get('roles', 0)} roles, {s.get('skills_found', 0)} skills).",
            f"Shares {counted}.",
            *new_names_lines(s),
        ]
    lines = [
        f"Read {s['rows_read']} rows: {s['postings']} postings, "
        f"{s['duplicates_dropped']} exact duplicates dropped"
        + (f", {s['blank_rows']} blank rows skipped." if s.get("blank_rows") else "."),
        "Columns: " + ", ".join(f"{f}={c!r}" for f, c in s["columns"].items()),
        f"Skills found: {s['skills_found']}.",
        f"Salaries: {s['salary_known']} known, {s['salary_missing']} missing, "
        f"{s['salary_unparseable']} unparseable (left out of averages).",
        f"Postings matching no role: {s['unmatched_role']} (counted in the All figures).",
    ]
    if s["unmatched_titles"]:
        top = "; ".join(f"{title} ({n})" for title, n in s["unmatched_titles"][:5])
        lines.append(f"  most common unmatched titles: {top}")
    return lines + new_names_lines(s)


def new_names_lines(summary: dict) -> list[str]:
    """The roles and skills the import added to the taxonomy, named (every format)."""
    roles, skills = summary.get("created_roles") or [], summary.get("created_skills") or []
    if not roles and not skills:
        return ["New roles and skills: none."]
    return [
        f"New {kind}: {', '.join(names)}."
        for kind, names in (("roles", roles), ("skills", skills))
        if names
    ]


class Command(BaseCommand):
    help = (
        "Import market data (an export_market file, or raw job postings as CSV, JSON Lines "
        "or Parquet) as a new draft snapshot; --publish makes it the current market."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="An export_market CSV/JSON, or postings as CSV, JSON Lines or Parquet."
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="aggregate (the export format), postings, or auto (by header; the default).",
        )
        parser.add_argument("--label", default="", help="The new snapshot's label.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Make the new snapshot the current market (default: leave it as a draft).",
        )
        parser.add_argument(
            "--counted-here",
            action="store_true",
            help="For an aggregate only (a postings file is always counted here, and refused "
            "with it): its shares were counted from postings with this app's rules "
            "(warehouse_sql's result, or an export_market CSV of a market counted here), so "
            "skills asked for in many wordings show at least their share. Without it an "
            "aggregate's shares are taken as given (a JSON export says which it is).",
        )
        parser.add_argument(
            "--new-role",
            action="append",
            default=[],
            metavar="NAME",
            help="Accept NAME as a new role although it resembles an existing one (a file "
            "naming such a role is otherwise refused as a likely typo). Repeatable.",
        )
        parser.add_argument(
            "--new-skill",
            action="append",
            default=[],
            metavar="NAME",
            help='Accept NAME as a new skill although it resembles an existing one ("Pythonn" '
            "beside Python is otherwise refused as a likely typo). Repeatable.",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="Which column holds a field (title, description, salary, seniority, "
            "company, location, posted), when its name is not a common one.",
        )

    def handle(self, *args, **options):
        progress = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
        try:
            result = market_import(
                options["file"],
                format=options["format"],
                mapping=mapping_parse(options["map"]),
                mapping_terms=MAP_OPTION.quoting(options["map"]),
                label=options["label"],
                publish=options["publish"],
                keep_source=True,  # the file stays where it is: previews count on it
                counted_here=options["counted_here"],
                progress=progress,
                new_roles=options["new_role"],
                new_skills=options["new_skill"],
            )
        except FileNotFoundError as exc:
            raise CommandError(f"{options['file']}: no such file.") from exc
        except IsADirectoryError as exc:
            raise CommandError(f"{options['file']}: is a directory, not a file.") from exc
        except (MarketImportError, ColumnError, SnapshotError) as exc:
            raise CommandError(" ".join(str(exc).split())) from exc
        finally:
            if progress:
                progress.close()
        for line in summary_lines(result):
            self.stdout.write(line)
        snapshot = result.snapshot
        state = "published as the current market" if snapshot.is_current else "saved as a draft"
        self.stdout.write(self.style.SUCCESS(f"Snapshot {snapshot.pk} {state}."))
