package dev.e2ee.exporter.page;

/**
 * The pages' only style sheet, inline (no external assets): light and dark by {@code
 * prefers-color-scheme}, one column of cards that fits a 412 px phone, wide tables scroll inside
 * their own box instead of cutting columns off.
 */
final class PageStyle {
  private PageStyle() {}

  static final String CSS =
      ":root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#5b6168;--bad:#b00020;"
          + "--good:#17653a;--warn:#8a5a00;--card:#f5f6f8;--line:#d3d7dd;--code:#eceef1}"
          + "@media (prefers-color-scheme:dark){:root{--bg:#111418;--fg:#e4e6e8;--muted:#a3a9b0;"
          + "--bad:#ff7b7b;--good:#64d68f;--warn:#f0c060;--card:#1b2027;--line:#353c45;"
          + "--code:#232932}}"
          + "*{box-sizing:border-box}"
          + "body{font:16px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;"
          + "padding:.8em;max-width:72em;background:var(--bg);color:var(--fg)}"
          + "h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}"
          + "h3{font-size:1em;margin:0 0 .3em;overflow-wrap:anywhere}"
          + "a{color:inherit}nav a{margin-right:.8em}"
          + ".muted,.meta{color:var(--muted);font-size:.9em}"
          + ".device,.panel{background:var(--card);border:1px solid var(--line);border-radius:6px;"
          + "padding:.7em .8em;margin:.7em 0}"
          + ".verdict,.down,.blind{color:var(--bad);font-weight:600}.up{color:var(--good)}"
          + ".waiting,.starting,.disabled{color:var(--warn)}"
          + ".blind{border:2px solid var(--bad);border-radius:6px;padding:.5em .8em}"
          + "dl{display:grid;grid-template-columns:minmax(6em,max-content) 1fr;gap:.2em .8em;"
          + "margin:.4em 0}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}"
          + "svg.spark{width:100%;max-width:30em;height:3em;display:block;margin:.3em 0}"
          + "svg.spark polyline{fill:none;stroke:var(--bad);stroke-width:2;"
          + "vector-effect:non-scaling-stroke}"
          + "svg.spark circle{fill:var(--bad)}"
          + "svg.spark line.unseen{stroke:var(--muted);stroke-dasharray:2 4;"
          + "vector-effect:non-scaling-stroke}"
          + ".trend{font-weight:600}"
          + "pre,code{background:var(--code);border-radius:4px;font-size:.85em}"
          + "pre{padding:.5em;white-space:pre-wrap;overflow-wrap:anywhere;margin:.4em 0}"
          + "code{padding:0 .2em}pre code{padding:0}"
          + ".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}"
          + "td,th{border:1px solid var(--line);padding:.3em .5em;text-align:left;"
          + "vertical-align:top;overflow-wrap:anywhere}"
          + "time[title]{text-decoration:underline dotted}";
}
