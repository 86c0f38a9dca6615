from django.core.management.base import BaseCommand

from assessments.services.ads import job_ads_read_again


class Command(BaseCommand):
    help = (
        "Save the current reading of every saved job ad read by an older reading or older "
        "matching rules (run after a release or a change of the taxonomy's rules). An ad a "
        "plan aims at whose reading would change keeps it: its person chooses on its page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="Say nothing when no ad's reading is saved (as `make run` runs it after "
            "migrate: a second run saves none).",
        )

    def handle(self, *args, **options):
        read, changed, kept = job_ads_read_again()
        if options["quiet"] and read == kept:
            return
        self.stdout.write(
            f"Read {read:,} job ads again: {changed:,} changed, {kept:,} kept for the plans "
            "that aim at them."
        )
