from django.core.management.base import BaseCommand

from market.ingestion.seed import seed_ensure, taxonomy_update


class Command(BaseCommand):
    help = "Make sure the skill taxonomy and the seed analysis (the default market) are present."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update-taxonomy",
            action="store_true",
            help="Also rewrite the seed's skills and roles (aliases, title patterns, descriptions) "
            "from market/seed/*.json, undoing admin edits to them.",
        )

    def handle(self, *args, update_taxonomy=False, **options):
        seed_ensure()
        if update_taxonomy:
            taxonomy_update()
            self.stdout.write("Skills and roles rewritten from market/seed/.")
        self.stdout.write(self.style.SUCCESS("Default market data is present."))
