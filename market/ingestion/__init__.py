"""Getting market data in and out: files of postings or aggregated figures become snapshots.

One public entry point per job:
- import a file (postings or an aggregate export) as a draft snapshot:
  `importing.market_import` (the `import_market` command and the admin upload);
- write a snapshot in the export format: `aggregate.aggregate_export` (`export_market`);
- read an export file: `aggregate.aggregate_read`;
- refresh the market: `refresh.snapshot_diff`, `refresh.snapshot_discard`,
  `refresh.snapshot_roll_back` (publishing is `market.services.snapshots.snapshot_publish`);
- load the seed analysis: `seed.seed_ensure` (after every migrate), `seed.taxonomy_update`;
- count postings in a warehouse: `warehouse.warehouse_query(importing.counting_rules_load())`
  (`warehouse_sql`), whose result imports as an aggregate.

Django-free rules, importable on their own: `postings` (salary, seniority, role title
patterns, columns), `matching` (skill aliases and their token boundaries), `tally`
(postings -> figures), `figures` (the plain figures), `reading` (file kinds and chunks),
`warehouse` (the same counting as one SQL query); the market's words (seniority levels,
"all" markers, tiers) live in `market.vocabulary`.
"""
