from django.core.management.base import BaseCommand, CommandError

from market.ingestion.importing import counting_rules_load
from market.ingestion.warehouse import (
    DEFAULT_TABLE,
    DIALECTS,
    DUCKDB,
    TABLE_COLUMNS,
    warehouse_query,
)


class Command(BaseCommand):
    help = (
        "Print one SQL query that counts a warehouse table of job postings (columns "
        f"{', '.join(TABLE_COLUMNS)}) with the current taxonomy, as import_market counts a "
        "postings file. Its result, saved as CSV, loads with import_market FILE --format aggregate "
        "--counted-here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dialect", choices=DIALECTS, default=DUCKDB, help="SQL dialect (default: duckdb)."
        )
        parser.add_argument(
            "--table",
            default=DEFAULT_TABLE,
            metavar="NAME",
            help="The postings table, named as the dialect names tables, e.g. "
            f"project.dataset.postings on BigQuery (default: {DEFAULT_TABLE}).",
        )

    def handle(self, *args, dialect=DUCKDB, table=DEFAULT_TABLE, **options):
        try:
            sql = warehouse_query(counting_rules_load(), table=table, dialect=dialect)
        except ValueError as exc:
            raise CommandError(f"--table {table!r}: {exc}") from exc
        self.stdout.write(sql, ending="")
