/* Draws every <canvas data-chart-config="ID"> from the Chart.js config in the
   <script type="application/json" id="ID"> that json_script wrote. No inline code,
   so the page keeps a strict Content-Security-Policy. Re-runs on htmx swaps. */
(function () {
  "use strict";

  function draw(root) {
    if (typeof window.Chart === "undefined") return;
    var canvases = (root || document).querySelectorAll("canvas[data-chart-config]");
    canvases.forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chartConfig);
      if (!source) return;
      var config;
      try {
        config = JSON.parse(source.textContent);
      } catch (e) {
        return;
      }
      var existing = window.Chart.getChart(canvas);
      if (existing) existing.destroy();
      config.options = config.options || {};
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
        config.options.animation = false;
      }
      var chart = new window.Chart(canvas, config);
      canvas.dataset.chartReady = "true";
      canvas.dataset.chartValues = JSON.stringify(
        chart.data.datasets.map(function (d) { return d.data; })
      );
    });
  }

  function start() {
    if (window.htmx) {
      window.htmx.onLoad(function (el) { draw(el); });
    } else {
      draw(document);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
