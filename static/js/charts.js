/* Draws every <canvas data-chart-config="ID"> from the Chart.js config in the element with
   that id (json_script, or any element whose text is the JSON). No inline code, so the page
   keeps a strict Content-Security-Policy. Re-runs on htmx swaps.
   On narrow screens a vertical bar chart with several categories is drawn horizontally, and
   the labels of sideways bars and of radars wrap onto several lines, so they stay readable
   instead of being rotated or cut off at the canvas edge; the words of a line chart's x-axis
   labels go on lines of their own ("Mar" over "2030"), so that more of them fit. */
(function () {
  "use strict";

  var NARROW = 560; // px of canvas width below which vertical bars turn horizontal
  var LABEL_CHARS = 16; // characters per line of a bar's label on a narrow screen
  // A radar on a phone (canvas narrower than PHONE px): its labels sit left and right of the
  // web, which gets the width they leave, so they wrap at RADAR_LABEL_CHARS and are set at
  // 12 px (at 16 characters and 13 px the web was 145 px across on a 390 px phone, and
  // "Model optimization" ran into "Machine learning" under it).
  var PHONE = 420;
  var RADAR_LABEL_CHARS = 10;

  function setDefaults() {
    var d = window.Chart.defaults;
    d.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    d.font.size = 13;
    d.color = "#3b4252"; // 10:1 on white
    d.borderColor = "#e3e6ec";
    d.plugins.legend.labels.boxWidth = 14;
    d.plugins.tooltip.padding = 8;
  }

  // "horizontal": vertical bars turned sideways; "narrow": sideways bars, a radar or a line
  // chart on a narrow canvas, their labels wrapped onto several lines; "phone": a radar on a
  // phone, its labels wrapped shorter and smaller; "as-given": the config as the page sent it.
  function layoutFor(canvas, config) {
    var labels = (config.data && config.data.labels) || [];
    var opts = config.options || {};
    var frame = canvas.parentElement;
    var width = frame ? frame.clientWidth : canvas.clientWidth;
    if (config.type === "radar") {
      return width < PHONE ? "phone" : width < NARROW ? "narrow" : "as-given";
    }
    if (config.type === "line") {
      return width < NARROW ? "narrow" : "as-given";
    }
    if (config.type !== "bar" || width >= NARROW) return "as-given";
    if ((opts.indexAxis || "x") === "y") return "narrow";
    return labels.length > 3 ? "horizontal" : "as-given";
  }

  function turnHorizontal(config) {
    var opts = config.options;
    var scales = opts.scales || {};
    opts.indexAxis = "y";
    opts.scales = { x: scales.y || {}, y: scales.x || {} };
  }

  // Split a label into lines of at most `chars` (LABEL_CHARS) characters, at spaces or slashes.
  function wrapLabel(label, chars) {
    var most = chars || LABEL_CHARS;
    var words = String(label).replace(/\//g, "/ ").split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (!word) return;
      var joined = line ? (/\/$/.test(line) ? line + word : line + " " + word) : word;
      if (line && joined.length > most) {
        lines.push(line);
        line = word;
      } else {
        line = joined;
      }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : lines[0] || "";
  }

  // A category axis's tick label with each word on a line of its own (`this` is the scale).
  function stackWords(value) {
    return String(this.getLabelForValue(value)).split(" ");
  }

  // Sideways bars on a narrow screen: every category label on its own lines in full, and a
  // frame tall enough for each bar to keep its label (CSSOM, allowed by the CSP).
  function fitLabels(config, frame) {
    var opts = config.options;
    var category = opts.scales.y = opts.scales.y || {};
    category.ticks = Object.assign({}, category.ticks, { autoSkip: false });
    config.data.labels = config.data.labels.map(function (label) { return wrapLabel(label); });
    var sets = Math.max(1, config.data.datasets.length);
    // Chart.js gives every category the same height: each needs room for the tallest label.
    var lines = Math.max.apply(null, config.data.labels.map(function (label) {
      return Array.isArray(label) ? label.length : 1;
    }).concat([1]));
    var height = 70 + config.data.labels.length * Math.max(sets * 20, lines * 17 + 8);
    if (frame) frame.style.height = Math.max(260, height) + "px";
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
      var layout = layoutFor(canvas, config);
      if (config.type === "line") {
        // Long month labels: show fewer, level ones instead of a rotated crowd. On a phone one
        // line of "Mar 2030" fits every fourth month; stacked, every other month fits.
        var scales = config.options.scales = config.options.scales || {};
        scales.x = scales.x || {};
        var narrow = layout === "narrow";
        scales.x.ticks = Object.assign(
          { maxRotation: 0, autoSkipPadding: narrow ? 8 : 16 },
          narrow ? { callback: stackWords } : {},
          scales.x.ticks
        );
      }
      if (layout === "horizontal") turnHorizontal(config);
      if (layout !== "as-given" && config.type === "radar") {
        // Long skill names round a radar on a phone run off the canvas: wrap them, and keep
        // a margin at the sides (Chart.js fits the labels a few pixels too tightly).
        var phone = layout === "phone";
        config.data.labels = config.data.labels.map(function (label) {
          return wrapLabel(label, phone ? RADAR_LABEL_CHARS : LABEL_CHARS);
        });
        config.options.layout = Object.assign({}, config.options.layout, {
          padding: { left: 12, right: 12 },
        });
        if (phone) {
          // 12 px labels whatever the config says of them (it may name no font at all).
          config.options.scales = config.options.scales || {};
          var r = (config.options.scales.r = config.options.scales.r || {});
          r.pointLabels = Object.assign({}, r.pointLabels);
          r.pointLabels.font = Object.assign({}, r.pointLabels.font, { size: 12 });
        }
      } else if (layout !== "as-given" && config.type !== "line") {
        fitLabels(config, canvas.parentElement);
      } else if (canvas.dataset.chartLayout && canvas.parentElement) {
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
