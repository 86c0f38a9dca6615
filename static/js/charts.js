/* Draws every <canvas data-chart-config="ID"> from the Chart.js config in the element with
   that id (json_script, or any element whose text is the JSON). No inline code, so the page
   keeps a strict Content-Security-Policy. Re-runs on htmx swaps.
   On narrow screens a vertical bar chart with several categories is drawn horizontally, so
   its labels stay readable instead of being rotated and clipped. */
(function () {
  "use strict";

  var NARROW = 560; // px of canvas width below which vertical bars turn horizontal

  function setDefaults() {
    var d = window.Chart.defaults;
    d.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    d.font.size = 13;
    d.color = "#3b4252"; // 10:1 on white
    d.borderColor = "#e3e6ec";
    d.plugins.legend.labels.boxWidth = 14;
    d.plugins.tooltip.padding = 8;
  }

  function layoutFor(canvas, config) {
    var labels = (config.data && config.data.labels) || [];
    var opts = config.options || {};
    var vertical = config.type === "bar" && (opts.indexAxis || "x") === "x";
    var frame = canvas.parentElement;
    var width = frame ? frame.clientWidth : canvas.clientWidth;
    return vertical && labels.length > 3 && width < NARROW ? "horizontal" : "as-given";
  }

  function turnHorizontal(config, frame) {
    var opts = config.options;
    var scales = opts.scales || {};
    opts.indexAxis = "y";
    opts.scales = { x: scales.y || {}, y: scales.x || {} };
    opts.scales.y.ticks = Object.assign({}, opts.scales.y.ticks, { autoSkip: false });
    var bars = config.data.labels.length * Math.max(1, config.data.datasets.length);
    // A frame tall enough for every bar to keep its label (CSSOM, allowed by the CSP).
    if (frame) frame.style.height = Math.max(260, 70 + bars * 22) + "px";
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") return;
    if (!draw.ready) { setDefaults(); draw.ready = true; }
    var scope = root && root.querySelectorAll ? root : document;
    var canvases = Array.prototype.slice.call(scope.querySelectorAll("canvas[data-chart-config]"));
    if (scope.matches && scope.matches("canvas[data-chart-config]")) canvases.push(scope);
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
      if (config.type === "line") {
        // Long month labels: show fewer, level ones instead of a rotated crowd.
        var scales = config.options.scales = config.options.scales || {};
        scales.x = scales.x || {};
        scales.x.ticks = Object.assign({ maxRotation: 0, autoSkipPadding: 16 }, scales.x.ticks);
      }
      var layout = layoutFor(canvas, config);
      if (layout === "horizontal") {
        turnHorizontal(config, canvas.parentElement);
      } else if (canvas.dataset.chartLayout === "horizontal" && canvas.parentElement) {
        canvas.parentElement.style.height = "";
      }
      canvas.dataset.chartLayout = layout;
      var chart = new window.Chart(canvas, config);
      canvas.dataset.chartReady = "true";
      canvas.dataset.chartValues = JSON.stringify(
        chart.data.datasets.map(function (d) { return d.data; })
      );
    });
  }

  // Re-draw the charts whose layout no longer fits after a resize or rotation.
  var resizeTimer = null;
  function onResize() {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      document.querySelectorAll("canvas[data-chart-layout]").forEach(function (canvas) {
        var source = document.getElementById(canvas.dataset.chartConfig);
        if (!source) return;
        try {
          if (layoutFor(canvas, JSON.parse(source.textContent)) !== canvas.dataset.chartLayout) {
            draw(canvas);
          }
        } catch (e) { /* a broken config was never drawn */ }
      });
    }, 200);
  }

  function start() {
    if (window.htmx) {
      window.htmx.onLoad(function (el) { draw(el); });
    } else {
      draw(document);
    }
    window.addEventListener("resize", onResize);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
