"""What Chart.js placed where no public API says it, read from its internals in one place.

Pinned to the vendored Chart.js v4.6.1 (static/vendor/chart.umd.min.js): `_pointLabelItems`
and `_pointLabels` are private to its radial scale and may change in an update; this module
is then the one to change."""

# A JavaScript expression over a radar's scale (`scale` in scope): each point label with its
# text (its lines joined by spaces) and the box of its lines, in canvas pixels.
RADAR_POINT_LABELS = """scale._pointLabelItems.map((it, i) => ({
  text: [].concat(scale._pointLabels[i]).join(" "),
  left: it.left, right: it.right, top: it.top, bottom: it.bottom}))"""
