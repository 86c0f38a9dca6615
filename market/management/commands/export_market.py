from django.core.management.base import BaseCommand, CommandError

from market.ingestion.aggregate import EXPORT_FORMATS, aggregate_export
from market.models import Snapshot
from market.selectors import snapshot_current


class Command(BaseCommand):
    help = (
        "Write the current (or a given) market snapshot to stdout in the aggregate export "
        "format: CSV (role,seniority,job_count,avg_salary_usd,skill,share_pct,priority) or JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--snapshot", type=int, help="Snapshot ID (default: the current one).")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")

    def handle(self, *args, snapshot=None, format="csv", **options):
        if snapshot is None:
            found = snapshot_current()
            if found is None:
                raise CommandError("There is no current snapshot; pass --snapshot ID.")
        else:
            found = Snapshot.objects.filter(pk=snapshot).first()
            if found is None:
                known = ", ".join(str(pk) for pk in Snapshot.objects.values_list("pk", flat=True))
                raise CommandError(f"No snapshot with ID {snapshot} (known: {known or 'none'}).")
        self.stdout.write(aggregate_export(found, format=format), ending="")
