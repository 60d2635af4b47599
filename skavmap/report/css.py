"""The report's one style sheet, inlined into the page.

Plain and calm: system fonts only (nothing is fetched), large type and high contrast for a
projector, and colours from the Okabe–Ito palette, which people with the common forms of
colour blindness tell apart; every colour also comes with a number or a word. On screen a
map sits in a frame where it can be zoomed and moved (the page's script). Printing gives
landscape pages with one process per page break; its map follows on pages of their own
(the named page ``map``, with narrower margins), each page one part of it at a legible
scale. Short tables print whole on one page; a longer one breaks between rows, never
leaving its first or last row alone on a page; a short action plan and its gaps print on
one page.
"""

from __future__ import annotations

PAPER = {"a4": "A4 landscape", "a3": "A3 landscape"}
#: Landscape sheets in millimetres: width, height.
SHEET_MM = {"a4": (297.0, 210.0), "a3": (420.0, 297.0)}
#: The margin of a map's page, in millimetres (every printer leaves about 5).
MAP_MARGIN_MM = 8.0
#: The line above a map's page that says which part of which map it is, in millimetres.
MAP_LABEL_MM = 7.0
POINTS_PER_MM = 72 / 25.4


def map_area(paper: str) -> tuple[float, float]:
    """Width and height, in points, that a map's page has for the map on ``paper``.

    >>> [round(v) for v in map_area("a4")]
    [794, 527]
    """
    width, height = SHEET_MM[paper]
    # A millimetre to spare, so that rounding never pushes a map onto a page of its own.
    across = width - 2 * MAP_MARGIN_MM - 1
    down = height - 2 * MAP_MARGIN_MM - MAP_LABEL_MM - 1
    return across * POINTS_PER_MM, down * POINTS_PER_MM


CSS = """
:root {
  --ink: #1a1a1a;
  --muted: #4a4f57;
  --line: #c6ccd4;
  --soft: #f2f4f7;
  --accent: #0b4f8a;
  --high: #a63c06;
  --mid: #e69f00;
  --low: #dde2e8;
  --ok: #00735a;
  --warn-bg: #fdf0e7;
  --ok-bg: #e6f4ef;
}
* { box-sizing: border-box; }
html { font-size: 18px; }
body {
  margin: 0;
  color: var(--ink);
  background: #ffffff;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans",
    sans-serif;
  line-height: 1.45;
}
main { max-width: 1440px; margin: 0 auto; padding: 2.5rem 2.5rem 4rem; }
header.cover { border-bottom: 6px solid var(--accent); padding-bottom: 1.2rem; }
.kicker { color: var(--muted); font-size: 1rem; margin: 0; letter-spacing: .02em; }
h1 { font-size: 2.8rem; line-height: 1.1; margin: .2rem 0 .6rem; }
.lead { font-size: 1.3rem; margin: 0; }
h2 {
  font-size: 1.9rem;
  line-height: 1.2;
  margin: 3.2rem 0 1rem;
  padding-bottom: .35rem;
  border-bottom: 3px solid var(--accent);
}
h2 .unit { color: var(--muted); font-weight: 400; }
h3 { font-size: 1.3rem; margin: 2.2rem 0 .7rem; }
p { margin: .4rem 0 .8rem; max-width: 60rem; }
.meta { color: var(--muted); }
a { color: var(--accent); }
nav.contents ol { columns: 2; padding-left: 1.4rem; }
nav.contents li { margin: 0 0 .3rem; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; margin: .3rem 0 1rem; }
th, td {
  text-align: left;
  vertical-align: top;
  padding: .45rem .6rem;
  border-bottom: 1px solid var(--line);
}
thead th { background: var(--soft); border-bottom: 2px solid var(--ink); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
td .sub { display: block; color: var(--muted); font-size: .88rem; }
.score {
  display: inline-block;
  min-width: 2.7em;
  padding: .05em .4em;
  border-radius: .3em;
  text-align: center;
  font-weight: 700;
  font-variant-numeric: tabular-nums;
}
.score.high { background: var(--high); color: #ffffff; }
.score.mid { background: var(--mid); color: #1a1a1a; }
.score.low { background: var(--low); color: #1a1a1a; }
ul.top { list-style: none; margin: 0; padding: 0; }
ul.top li { margin: 0 0 .35rem; }
.figures {
  display: grid;
  grid-template-columns: repeat(6, minmax(0, 1fr));
  gap: .8rem;
  margin: .6rem 0 1.2rem;
}
.figure { background: var(--soft); border-left: 6px solid var(--accent); padding: .6rem .9rem; }
@media screen and (max-width: 1100px) {
  .figures { grid-template-columns: repeat(3, minmax(0, 1fr)); }
}
.figure .value { display: block; font-size: 1.9rem; font-weight: 700; line-height: 1.2; }
.figure .label { display: block; color: var(--muted); font-size: .92rem; }
.figure .after { display: block; font-size: .92rem; font-weight: 600; color: var(--accent); }
/* Today's map and the map after the plan: side by side where both stay readable. */
.maps { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 1.2rem; }
@media screen and (min-width: 1600px) {
  .maps { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
.maps .map h3 { margin-bottom: 0; }
figure.diagram { margin: 1rem 0 1.4rem; }
figure.diagram .viewport {
  position: relative;
  overflow: hidden;
  border: 1px solid var(--line);
  background: #ffffff;
}
figure.diagram .canvas svg { display: block; width: 100%; height: auto; }
figure.diagram.zoomable .viewport { cursor: grab; touch-action: none; }
figure.diagram.zoomable .viewport:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
figure.diagram.zoomable .viewport.dragging { cursor: grabbing; }
figure.diagram.zoomable .canvas { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
figure.diagram.zoomable .canvas svg { width: auto; }
figure.diagram .tools {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: .4rem;
  margin: 0 0 .4rem;
}
figure.diagram .tools[hidden] { display: none; }
figure.diagram .tools button {
  font: inherit;
  font-size: .95rem;
  min-width: 2.4rem;
  padding: .25rem .7rem;
  border: 2px solid var(--accent);
  border-radius: .3rem;
  background: #ffffff;
  color: var(--accent);
  font-weight: 600;
  cursor: pointer;
}
figure.diagram .tools button:hover, figure.diagram .tools button:focus-visible {
  background: var(--accent);
  color: #ffffff;
}
figure.diagram .tools button:disabled { opacity: .45; cursor: default; }
figure.diagram .tools .hint { color: var(--muted); font-size: .88rem; margin-left: .4rem; }
figure.diagram figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; }
figure.diagram:fullscreen { margin: 0; padding: .8rem; background: #ffffff; }
.sheets { display: none; }
.status {
  display: inline-block;
  padding: .05em .5em;
  border-radius: 1em;
  border: 2px solid var(--muted);
  font-size: .88rem;
  font-weight: 600;
  white-space: nowrap;
}
.status.idea { border-style: dashed; color: var(--muted); }
.status.planned { border-color: #0072b2; color: #005a8c; }
.status.doing { border-color: #0072b2; background: #0072b2; color: #ffffff; }
.status.done { border-color: var(--ok); background: var(--ok); color: #ffffff; }
.callout {
  border-left: 6px solid var(--high);
  background: var(--warn-bg);
  padding: .6rem 1rem;
  margin: .8rem 0 1.2rem;
}
.callout.ok { border-color: var(--ok); background: var(--ok-bg); }
.callout h4 { margin: 0 0 .4rem; font-size: 1.05rem; }
.callout ul { margin: .2rem 0; padding-left: 1.2rem; }
.quote { font-style: italic; }
dl.definitions { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1.2rem; }
dl.definitions dt { font-weight: 700; }
dl.definitions dd { margin: 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: .9rem; }
@page { size: PAPER; margin: 11mm 12mm; }
@page map { size: PAPER; margin: MAPmm; }
@media print {
  html { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.contents { display: none; }
  section.overview, section.process, section.comparison, section.about { break-before: page; }
  h2 { margin-top: 0; }
  h3 { margin-top: 1.4rem; }
  h2, h3, h4, h2 + p, h3 + p { break-after: avoid; }
  p { orphans: 3; widows: 3; }
  tr, .figure, .callout, li { break-inside: avoid; }
  table.keep { break-inside: avoid; }
  tbody tr:first-child, tbody tr:nth-last-child(2) { break-after: avoid; }
  table + .callout, table + p.meta, .callout + .callout { break-before: avoid; }
  .plan.keep { break-inside: avoid; }
  .summary { break-inside: avoid; }
  thead { display: table-header-group; }
  /* The map on screen is printed on pages of its own (.sheets); it stays in the page,
     unseen, because those pages show it through <use>. */
  figure.diagram {
    position: absolute;
    width: 0;
    height: 0;
    margin: 0;
    overflow: hidden;
    visibility: hidden;
  }
  .sheets { display: block; }
  .sheet {
    page: map;
    break-before: page;
    break-inside: avoid;
    display: flex;
    flex-direction: column;
    align-items: center;
  }
  .sheet p {
    align-self: stretch;
    height: LABELmm;
    margin: 0;
    color: var(--muted);
    font-size: 9pt;
  }
  .sheet svg { display: block; }
  a { color: inherit; text-decoration: none; }
}
"""


def style_sheet(paper: str = "a4") -> str:
    """The style sheet for printing on ``paper`` (``a4`` or ``a3``, landscape)."""
    text = CSS.replace("size: PAPER;", f"size: {PAPER[paper]};")
    text = text.replace("MAPmm", f"{MAP_MARGIN_MM:g}mm").replace("LABELmm", f"{MAP_LABEL_MM:g}mm")
    return text.strip() + "\n"
