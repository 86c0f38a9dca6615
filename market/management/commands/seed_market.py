from django.core.management.base import BaseCommand

from market.services.seed import seed_ensure


class Command(BaseCommand):
    help = "Make sure the skill taxonomy and the seed analysis (the default market) are present."

    def handle(self, *args, **options):
        seed_ensure()
        self.stdout.write(self.style.SUCCESS("Default market data is present."))
