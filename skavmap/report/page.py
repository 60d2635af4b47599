"""The report page, built as HTML text from the analyses, the action plan and comparisons."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from skavmap import __version__
from skavmap.analysis.plan import Plan, PlannedAction, build_plan, changing, owner_name
from skavmap.analysis.results import Analysis, Hotspot
from skavmap.format.diagnostics import display_path
from skavmap.format.model import ACTION_STATUSES, Process
from skavmap.outputs.escape import html as escape
from skavmap.outputs.messages import (
    cost_cells,
    effect_cells,
    effect_rows,
    hotspot_reasons,
    hotspot_text,
)
from skavmap.outputs.vocabulary import Words
from skavmap.report.css import style_sheet
from skavmap.report.options import GENERATOR, ReportOptions, comparison_groups
from skavmap.report.script import script
from skavmap.report.svg import inline_svg
from skavmap.reporters.actions import hits_text, level_label, status_label, unmatched_reason
from skavmap.reporters.effects import EFFECT_COLUMNS

#: Hotspots listed per process (the diagram numbers the same ones, highest first).
HOTSPOT_ROWS = 10
#: Hotspots named per process in the overview.
OVERVIEW_HOTSPOTS = 3
#: Hotspots in the overview's ranking across all processes.
OVERALL_HOTSPOTS = 10
#: Hotspots in the summary on the first page.
SUMMARY_HOTSPOTS = 5
#: Tables with at most this many rows are printed whole on one page.
KEEP_ROWS = 8

if TYPE_CHECKING:
    from skavmap.analysis.evidence import Evidence
    from skavmap.render.changes import Base
    from skavmap.report.diagram import Drawing, Tile

STATUS_CLASS = {"idé": "idea", "planerad": "planned", "pågår": "doing", "klar": "done"}

Cell = tuple[str, str]  # (inner HTML, class)


def score_class(score: float) -> str:
    return "high" if score >= 60 else "mid" if score >= 30 else "low"


def ranked_processes(analyses: Sequence[Analysis]) -> list[Analysis]:
    """Processes ordered by their highest hotspot score, then the next, then file order."""
    order = {id(a): i for i, a in enumerate(analyses)}
    return sorted(analyses, key=lambda a: ([-h.score for h in a.hotspots], order[id(a)]))


class Page:
    def __init__(
        self,
        analyses: list[Analysis],
        options: ReportOptions,
        diagram: Callable[..., Drawing],
        evidence: Mapping[int, Evidence] | None = None,
    ):
        from skavmap.analysis.compare import process_labels

        self.evidence = evidence or {}
        self.options = options
        self.lang = options.lang
        self.words = Words(options.lang)
        self.analyses = ranked_processes(analyses)
        self.files = [a.process.file for a in analyses]
        self.diagram = diagram
        self.plan: Plan = build_plan(self.analyses, options.threshold)
        self.plan_effects = {id(analysis): effect for analysis, effect in self.plan.effects}
        self.labels = {
            id(a): label
            for a, label in zip(
                self.analyses, process_labels([a.process for a in self.analyses]), strict=True
            )
        }
        self.anchors = {id(a): f"process-{n}" for n, a in enumerate(self.analyses, 1)}
        self.groups = comparison_groups(analyses)
        #: Problems that did not stop the page (a diagram that could not be drawn).
        self.warnings: list[str] = []
        #: How each process's map today is wrapped, so that its map after the plan is too.
        self.wraps: dict[int, int] = {}

    # -- small pieces ------------------------------------------------------------------------

    def label(self, analysis: Analysis) -> str:
        return self.labels[id(analysis)]

    def hours(self, value: float, process: Process) -> str:
        return self.words.hours(value, process.calendar.day_hours)

    def number(self, value: float) -> str:
        return self.words.number(value)

    def score(self, score: float) -> str:
        title = escape(self.words("report.score_title", score=self.number(score)))
        return (
            f'<span class="score {score_class(score)}" title="{title}">'
            f"{escape(self.number(score))}</span>"
        )

    def costs(self, analysis: Analysis, hotspot: Hotspot) -> list[tuple[str, str]]:
        """The cells of what ``hotspot`` costs, as ``skavmap hotspots`` shows them: lead
        time per case (coloured by its score), work hours per year, votes."""
        per_case, per_year, votes = cost_cells(hotspot, analysis.process, self.words)
        title = escape(self.words("report.score_title", score=self.number(hotspot.score)))
        marked = (
            f'<span class="score {score_class(hotspot.score)}" title="{title}">'
            f"{escape(per_case)}</span>"
        )
        return [(marked, "num"), (escape(per_year), "num"), (escape(votes), "num")]

    def why(self, analysis: Analysis, hotspot: Hotspot) -> str:
        """The reason, then each finding joined to the hotspot (a handoff, a quote)."""
        process = analysis.process
        lines = [hotspot_text(hotspot, process, self.words)]
        lines += hotspot_reasons(hotspot, process, self.words)[1:]
        return "<br>".join(escape(line) for line in lines)

    def cost_heads(self) -> list[tuple[str, str]]:
        return [
            (escape(self.words(f"hotspots.{c}")), "num") for c in ("per_case", "per_year", "votes")
        ]

    def kind(self, kind: str) -> str:
        return escape(self.words.kind(kind, title=True))

    def where(self, analysis: Analysis, hotspot: Hotspot) -> str:
        process = analysis.process
        if hotspot.role is not None:
            return escape(process.roles[hotspot.role].name)
        return escape(" → ".join(process.steps[s].name for s in hotspot.steps))

    def status(self, status: str) -> str:
        return (
            f'<span class="status {STATUS_CLASS[status]}">'
            f"{escape(status_label(status, self.words))}</span>"
        )

    @staticmethod
    def table(head: Sequence[Cell], rows: Sequence[Sequence[Cell]]) -> str:
        """A table; a short one (:data:`KEEP_ROWS` rows or fewer) is marked to be printed
        on one page."""
        out = ['<table class="keep">' if len(rows) <= KEEP_ROWS else "<table>", "<thead><tr>"]
        out += [f"<th{_cls(c)}>{text}</th>" for text, c in head]
        out.append("</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>" + "".join(f"<td{_cls(c)}>{text}</td>" for text, c in row) + "</tr>")
        out.append("</tbody></table>")
        return "\n".join(out)

    # -- the page --------------------------------------------------------------------------

    def html(self) -> str:
        words = self.words
        title = self.options.title or words("report.title")
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{self.lang}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="{GENERATOR} {__version__}">',
            f"<title>{escape(title)}</title>",
            f"<style>\n{style_sheet(self.options.paper)}</style>",
            "</head>",
            "<body>",
            "<main>",
            self.cover(title),
            self.summary(),
            self.contents(),
            self.overview(),
        ]
        for n, analysis in enumerate(self.analyses, 1):
            parts.append(self.process_section(n, analysis))
        for n, group in enumerate(self.groups, 1):
            parts.append(self.comparison_section(n, group))
        parts += [self.about(), "</main>", f"<script>\n{script()}</script>", "</body>", "</html>"]
        return "\n".join(parts) + "\n"

    def cover(self, title: str) -> str:
        words = self.words
        high = sum(1 for a in self.analyses for h in a.hotspots if h.score >= self.plan.threshold)
        line = words(
            "report.cover",
            processes=words.plural("report.processes", len(self.analyses)),
            actions=words.plural("report.actions", len(self.plan.actions)),
            hotspots=words.plural("report.hotspots", high),
            threshold=self.number(self.plan.threshold),
        )
        out = [
            '<header class="cover">',
            f'<p class="kicker">{escape(words("report.kicker"))}</p>',
            f"<h1>{escape(title)}</h1>",
            f'<p class="lead">{escape(line)}</p>',
        ]
        if self.options.date:
            out.append(
                f'<p class="meta">{escape(words("report.date", date=self.options.date))}</p>'
            )
        out.append("</header>")
        return "\n".join(out)

    def summary(self) -> str:
        """The first page's summary for those who read no further: the largest hotspots
        across the processes with what they cost, as ``skavmap hotspots`` shows them, and
        what the action plan would change where that is known."""
        from skavmap.reporters.hotspots import rank

        words = self.words
        out = [
            '<section class="summary" id="summary">',
            f"<h2>{escape(words('report.summary'))}</h2>",
        ]
        ranked = rank(self.analyses, top=SUMMARY_HOTSPOTS)
        if ranked:
            out.append(f"<p>{escape(words('report.summary_intro'))}</p>")
            head = [
                (words("report.rank"), "num"),
                *self.cost_heads(),
                (escape(words("report.process")), ""),
                (escape(words("report.kind")), ""),
                (escape(words("report.where")), ""),
            ]
            rows = [
                [
                    (str(n), "num"),
                    *self.costs(line.analysis, line.hotspot),
                    (escape(self.label(line.analysis)), ""),
                    (self.kind(line.hotspot.kind), ""),
                    (self.where(line.analysis, line.hotspot), ""),
                ]
                for n, line in enumerate(ranked, 1)
            ]
            out.append(self.table(head, rows))
        else:
            out.append(f"<p>{escape(words('report.no_hotspots'))}</p>")
        effect = self.plan_effect_summary()
        if effect:
            out.append(effect)
        out.append("</section>")
        return "\n".join(out)

    def plan_effect_summary(self) -> str:
        """What each process's action plan would change, as HTML for the summary on the
        first page: the lead time per case today and after the plan, and the work hours
        saved a year; empty when no action changes the model."""
        if not self.plan.effects:
            return ""
        words = self.words
        head = [
            (escape(words("report.process")), ""),
            (escape(words("report.actions_changing")), ""),
            (escape(words("report.lead_today")), "num"),
            (escape(words("report.lead_after")), "num"),
            (escape(words("effect.change")), "num"),
            (escape(words("report.work_saved_year")), "num"),
        ]
        rows = []
        for analysis, effect in self.plan.effects:
            process = analysis.process
            lead = "lead_time_hours"
            old, new = effect.before.values[lead], effect.after.values[lead]
            per_case, per_year = effect_cells(effect, process, words)
            rows.append(
                [
                    (escape(self.label(analysis)), ""),
                    (escape(", ".join(changing(self.plan, analysis))), ""),
                    (escape(self.hours(old, process)) if old is not None else "–", "num"),
                    (escape(self.hours(new, process)) if new is not None else "–", "num"),
                    (escape(per_case), "num"),
                    (escape(per_year), "num"),
                ]
            )
        return f"<p>{escape(words('report.plan_effect_intro'))}</p>\n" + self.table(head, rows)

    def contents(self) -> str:
        words = self.words
        items = [("overview", words("report.overview"))]
        items += [(self.anchors[id(a)], self.label(a)) for a in self.analyses]
        items += [
            (f"comparison-{n}", words("report.comparison", name=self.group_title(group)))
            for n, group in enumerate(self.groups, 1)
        ]
        items.append(("about", words("report.about")))
        links = "\n".join(f'<li><a href="#{a}">{escape(text)}</a></li>' for a, text in items)
        return (
            f'<nav class="contents" aria-label="{escape(words("report.contents"))}">\n'
            f"<h2>{escape(words('report.contents'))}</h2>\n<ol>\n{links}\n</ol>\n</nav>"
        )

    def overview(self) -> str:
        words = self.words
        out = [
            '<section class="overview" id="overview">',
            f"<h2>{escape(words('report.overview'))}</h2>",
            f"<p>{escape(words('report.overview_intro'))}</p>",
        ]
        head = [
            (words("report.rank"), "num"),
            (escape(words("report.process")), ""),
            (escape(words("report.lead_time")), "num"),
            (escape(words("report.work_time")), "num"),
            (escape(words("report.flow_efficiency")), "num"),
            (escape(words("report.handoffs")), "num"),
            (escape(words("report.top_hotspots")), ""),
        ]
        rows = []
        for n, analysis in enumerate(self.analyses, 1):
            m = analysis.metrics
            process = analysis.process
            top = "".join(
                f"<li>{self.score(h.score)} {self.kind(h.kind)}: {self.where(analysis, h)}</li>"
                for h in analysis.hotspots[:OVERVIEW_HOTSPOTS]
            )
            link = f'<a href="#{self.anchors[id(analysis)]}">{escape(self.label(analysis))}</a>'
            cross = escape(words("report.cross_short", n=self.number(m.cross_department_handoffs)))
            rows.append(
                [
                    (str(n), "num"),
                    (link, ""),
                    (escape(self.hours(m.lead_time_hours, process)), "num"),
                    (escape(self.hours(m.work_time_hours, process)), "num"),
                    (escape(self.words.percent(m.flow_efficiency)), "num"),
                    (f'{escape(self.number(m.handoffs))}<span class="sub">{cross}</span>', "num"),
                    (f'<ul class="top">{top}</ul>' if top else "–", ""),
                ]
            )
        out.append(self.table(head, rows))
        out.append(f"<h3>{escape(words('report.plan_summary'))}</h3>")
        out.append(self.plan_summary())
        out.append(f"<h3>{escape(words('report.top_overall'))}</h3>")
        out.append(self.overall_hotspots())
        out.append("</section>")
        return "\n".join(out)

    def overall_hotspots(self) -> str:
        from skavmap.reporters.hotspots import rank

        words = self.words
        head = [
            (words("report.rank"), "num"),
            *self.cost_heads(),
            (escape(words("report.process")), ""),
            (escape(words("report.where")), ""),
            (escape(words("report.kind")), ""),
            (escape(words("report.why")), ""),
        ]
        rows = [
            [
                (str(n), "num"),
                *self.costs(line.analysis, line.hotspot),
                (escape(self.label(line.analysis)), ""),
                (self.where(line.analysis, line.hotspot), ""),
                (self.kind(line.hotspot.kind), ""),
                (self.why(line.analysis, line.hotspot), ""),
            ]
            for n, line in enumerate(rank(self.analyses, top=OVERALL_HOTSPOTS), 1)
        ]
        if not rows:
            return f"<p>{escape(words('report.no_hotspots'))}</p>"
        return self.table(head, rows)

    def plan_summary(self) -> str:
        words = self.words
        head = [(escape(words("report.process")), "")]
        head += [(self.status(s), "num") for s in ACTION_STATUSES]
        head.append((escape(words("report.uncovered_count")), "num"))
        rows = []
        for analysis in self.analyses:
            mine = self.actions_of(analysis)
            counts = [sum(1 for p in mine if p.action.status == s) for s in ACTION_STATUSES]
            uncovered = sum(1 for u in self.plan.uncovered if u.analysis is analysis)
            rows.append(
                [(escape(self.label(analysis)), "")]
                + [(str(c), "num") for c in counts]
                + [(f"<strong>{uncovered}</strong>" if uncovered else "0", "num")]
            )
        return self.table(head, rows)

    def actions_of(self, analysis: Analysis) -> list[PlannedAction]:
        return [p for p in self.plan.actions if p.analysis is analysis]

    # -- one process -------------------------------------------------------------------------

    def process_section(self, n: int, analysis: Analysis) -> str:
        words = self.words
        process = analysis.process
        anchor = self.anchors[id(analysis)]
        heading = escape(process.name)
        if process.unit:
            heading += f' <span class="unit">· {escape(process.unit)}</span>'
        meta = [f"{words('report.file')}: {display_path(process.file)}"]
        if process.owner:
            meta.append(f"{words('report.owner')}: {process.owner}")
        if process.volume:
            meta.append(f"{words('report.volume')}: {words.volume(process.volume)}")
        out = [
            f'<section class="process" id="{anchor}">',
            f"<h2>{heading}</h2>",
            f'<p class="meta">{escape(" · ".join(meta))}</p>',
        ]
        if process.description:
            out.append(f"<p>{escape(process.description)}</p>")
        after = self.after_plan(analysis)
        out.append(self.figures(analysis, after))
        # A map that cannot be drawn today cannot be drawn after the plan either.
        figure, sheets = self.diagram_figure(n, analysis)
        if after is None or not sheets:
            out.append(figure)
        else:
            out.append(self.maps_today_and_after(n, analysis, after, figure))
        out.append(f"<h3>{escape(words('report.hotspot_table'))}</h3>")
        out.append(self.hotspot_table(analysis))
        out.append(f"<h3>{escape(words('report.pain'))}</h3>")
        out.append(self.pain_table(analysis))
        if id(analysis) in self.evidence:
            out.append(self.evidence_section(self.evidence[id(analysis)]))
        # A short plan and its gaps print on one page.
        short = len(self.actions_of(analysis)) <= KEEP_ROWS
        out.append('<div class="plan keep">' if short else '<div class="plan">')
        out.append(f"<h3>{escape(words('report.plan'))}</h3>")
        out.append(self.action_table(analysis))
        out.append("</div>")
        # On paper the map comes after the tables, on pages of its own.
        out.append(sheets)
        out.append("</section>")
        return "\n".join(out)

    def figures(self, analysis: Analysis, after: Analysis | None = None) -> str:
        """The key figures per case; with ``after`` (the process after the action plan),
        each figure with what it would be after the plan beside it."""
        words = self.words
        today = self.cards(analysis)
        later = self.cards(after) if after is not None else [None] * len(today)
        inner = "\n".join(
            f'<div class="figure"><span class="value">{escape(value)}</span>'
            f'<span class="label">{escape(label)}</span>'
            + (
                ""
                if planned is None or planned[0] == value
                else f'<span class="after">{escape(words("report.after_plan", value=planned[0]))}'
                "</span>"
            )
            + "</div>"
            for (value, label), planned in zip(today, later, strict=True)
        )
        return (
            f'<div class="figures" role="group" aria-label="{escape(words("report.figures"))}">\n'
            f"{inner}\n</div>"
        )

    def cards(self, analysis: Analysis) -> list[tuple[str, str]]:
        """Each key figure of ``analysis`` as (value, label)."""
        words = self.words
        m = analysis.metrics
        process = analysis.process
        return [
            (self.hours(m.lead_time_hours, process), words("report.lead_time")),
            (self.hours(m.work_time_hours, process), words("report.work_time")),
            (self.words.percent(m.flow_efficiency), words("report.flow_efficiency")),
            (
                self.number(m.handoffs),
                f"{words('report.handoffs')} {words('report.per_case')}, "
                + words("report.cross_short", n=self.number(m.cross_department_handoffs)),
            ),
            (str(m.loops), words("report.loops")),
            (str(m.steps), words("report.steps")),
        ]

    def after_plan(self, analysis: Analysis) -> Analysis | None:
        """``analysis``'s process as its action plan would leave it, analysed; ``None``
        when no action changes the model."""
        if id(analysis) not in self.plan_effects:
            return None
        from skavmap.analysis.engine import analyse
        from skavmap.format.changes import planned

        return analyse(planned(analysis.process))

    def maps_today_and_after(self, n: int, analysis: Analysis, after: Analysis, today: str) -> str:
        """Today's map and the map after the action plan (marked with what the plan
        changes), side by side where the screen is wide enough, one above the other
        otherwise. Printed, today's map has pages of its own; the plan's effect is in the
        figures and the plan's table."""
        from skavmap.render.changes import Base

        words = self.words
        ids = ", ".join(changing(self.plan, analysis))
        base = Base(analysis.process, words("render.today", ids=ids))
        name = f"{words('report.after_map', ids=ids)}: {self.label(analysis)}"
        planned, _ = self.diagram_figure(
            n, after, prefix=f"a{n}", label=name, drawn=(base, analysis, self.wraps[id(analysis)])
        )
        return (
            '<div class="maps">\n'
            f'<div class="map"><h3>{escape(words("report.today_map"))}</h3>\n{today}\n</div>\n'
            f'<div class="map"><h3>{escape(words("report.after_map", ids=ids))}</h3>\n'
            f"{planned}\n</div>\n</div>"
        )

    def diagram_figure(
        self,
        n: int,
        analysis: Analysis,
        prefix: str = "",
        label: str = "",
        drawn: tuple[Base, Analysis, int] | None = None,
    ) -> tuple[str, str]:
        """The map to zoom and move on screen, and the pages that print it. ``drawn``: the
        version to mark the changes against, its analysis (which names the map) and the
        wrap of its map."""
        words = self.words
        named = self.label(drawn[1] if drawn else analysis)
        label = label or f"{words('report.diagram')}: {named}"
        figure_id = f"diagram-{n}" if not prefix else f"diagram-{prefix}"
        prefix = prefix or f"d{n}"
        from skavmap.render import RenderError

        try:
            drawing = self.diagram(analysis, *drawn) if drawn else self.diagram(analysis)
            self.wraps.setdefault(id(analysis), drawing.wrap)
            svg = inline_svg(drawing.svg, prefix, label)
        except RenderError as error:
            # A report without one picture still serves the workshop; say what is missing.
            message = words("report.no_diagram", error=error)
            self.warnings.append(f"{display_path(analysis.process.file)}: {message}")
            return f'<p class="callout">{escape(message)}</p>', ""
        buttons = [
            ("in", "+", words("report.zoom_in")),
            ("out", "−", words("report.zoom_out")),
            ("reset", words("report.whole_map"), None),
            ("full", words("report.full_screen"), None),
        ]
        tools = "".join(
            f'<button type="button" data-act="{act}"'
            + (f' aria-label="{escape(name)}" title="{escape(name)}"' if name else "")
            + f">{escape(text)}</button>"
            for act, text, name in buttons
        )
        figure = (
            f'<figure class="diagram" id="{figure_id}">\n'
            f'<div class="tools" hidden>{tools}'
            f'<span class="hint">{escape(words("report.zoom_hint"))}</span></div>\n'
            f'<div class="viewport" role="group" aria-label="{escape(label)}">'
            f'<div class="canvas">{svg}</div></div>\n'
            f"<figcaption>{escape(words('report.diagram_caption'))}</figcaption>\n"
            "</figure>"
        )
        total = len(drawing.tiles)
        pages = []
        for i, tile in enumerate(drawing.tiles, 1):
            name = words("report.map_page", name=named, n=i, total=total)
            pages.append(
                f'<div class="sheet"><p>{escape(name)}</p>'
                f'<svg viewBox="{_n(tile.x)} {_n(tile.y)} {_n(tile.width)} {_n(tile.height)}" '
                f'style="width: {_n(tile.width)}pt; height: {_n(tile.height)}pt">'
                f'<use href="#{prefix}-map"/>{_lane_names(tile, prefix)}</svg></div>'
            )
        sheets = '<div class="sheets" aria-hidden="true">\n' + "\n".join(pages) + "\n</div>"
        return figure, sheets

    def hotspot_table(self, analysis: Analysis) -> str:
        words = self.words
        if not analysis.hotspots:
            return f"<p>{escape(words('report.no_hotspots'))}</p>"
        covered: dict[int, list[str]] = {}
        for planned in self.actions_of(analysis):
            for hotspot in planned.covers:
                covered.setdefault(id(hotspot), []).append(planned.action.id)
        head = [
            (words("report.rank"), "num"),
            *self.cost_heads(),
            (escape(words("report.kind")), ""),
            (escape(words("report.where")), ""),
            (escape(words("report.why")), ""),
            (escape(words("report.addressed_by")), ""),
        ]
        rows = [
            [
                (str(number), "num"),
                *self.costs(analysis, h),
                (self.kind(h.kind), ""),
                (self.where(analysis, h), ""),
                (self.why(analysis, h), ""),
                (escape(", ".join(covered.get(id(h), []))) or "–", "nowrap"),
            ]
            for number, h in enumerate(analysis.hotspots[:HOTSPOT_ROWS], 1)
        ]
        out = self.table(head, rows)
        more = len(analysis.hotspots) - HOTSPOT_ROWS
        if more > 0:
            path = display_path(analysis.process.file)
            out += (
                f'\n<p class="meta">{escape(words("report.hotspot_more", n=more, file=path))}</p>'
            )
        return out

    def pain_table(self, analysis: Analysis) -> str:
        words = self.words
        found = [(pain, step) for step in analysis.process.steps.values() for pain in step.pain]
        if not found:
            return f"<p>{escape(words('report.no_pain'))}</p>"
        order = {id(pain): i for i, (pain, _) in enumerate(found)}
        found.sort(key=lambda item: (-item[0].votes, order[id(item[0])]))
        head = [
            (escape(words("report.votes")), "num"),
            (escape(words("report.pain_text")), ""),
            (escape(words("report.source")), ""),
            (escape(words("report.step")), ""),
        ]
        rows = [
            [
                (str(pain.votes), "num"),
                (
                    f'<span class="quote">{escape(words("report.quoted", text=pain.text))}</span>',
                    "",
                ),
                (escape(pain.source or "–"), ""),
                (escape(step.name), ""),
            ]
            for pain, step in found
        ]
        return self.table(head, rows)

    def action_table(self, analysis: Analysis) -> str:
        words = self.words
        mine = self.actions_of(analysis)
        out = []
        if mine:
            head = [
                (escape(words("report.id")), ""),
                (escape(words("report.action")), ""),
                *((escape(words(f"hotspots.{c}")), "num") for c in ("per_case", "per_year")),
                (escape(words("report.level")), ""),
                (escape(words("report.owner")), ""),
                (escape(words("report.status")), ""),
                (escape(words("report.due")), "nowrap"),
                (escape(words("report.hits")), ""),
            ]
            rows = []
            for planned in mine:
                action = planned.action
                owner = owner_name(analysis.process, action.owner)
                per_case, per_year = effect_cells(planned.effect, analysis.process, words)
                rows.append(
                    [
                        (escape(action.id), "nowrap"),
                        (escape(action.text), ""),
                        (escape(per_case), "num"),
                        (escape(per_year), "num"),
                        (
                            escape(level_label(action.level, self.words)) if action.level else "–",
                            "",
                        ),
                        (escape(owner) if owner else "–", ""),
                        (self.status(action.status), ""),
                        (action.due.isoformat() if action.due else "–", "nowrap"),
                        (escape(hits_text(planned, self.words)), ""),
                    ]
                )
            out.append(self.table(head, rows))
        else:
            out.append(f"<p>{escape(words('report.no_plan'))}</p>")
        if id(analysis) in self.plan_effects:
            out.append(self.plan_effect_table(analysis))
        threshold = self.number(self.plan.threshold)
        uncovered = [u for u in self.plan.uncovered if u.analysis is analysis]
        if uncovered:
            items = "".join(
                f"<li>{self.score(u.hotspot.score)} {self.kind(u.hotspot.kind)}: "
                f"{self.where(analysis, u.hotspot)} – "
                f"{escape(hotspot_text(u.hotspot, analysis.process, self.words))}</li>"
                for u in uncovered
            )
            out.append(
                f'<div class="callout"><h4>{escape(words("report.uncovered", threshold=threshold))}'
                f"</h4><ul>{items}</ul></div>"
            )
        elif analysis.hotspots:
            out.append(
                '<div class="callout ok">'
                f"{escape(words('report.all_covered', threshold=threshold))}</div>"
            )
        unmatched = [p for p in mine if p.unmatched]
        if unmatched:
            items = "".join(
                f"<li><strong>{escape(p.action.id)}</strong> {escape(p.action.text)} – "
                f"{escape(unmatched_reason(p, self.words))}</li>"
                for p in unmatched
            )
            out.append(
                f'<div class="callout"><h4>{escape(words("report.unmatched"))}</h4>'
                f"<ul>{items}</ul></div>"
            )
        return "\n".join(out)

    def plan_effect_table(self, analysis: Analysis) -> str:
        """What all the actions that change the model would do together: every figure
        they move, today and after, per case and a year."""
        words = self.words
        effect = self.plan_effects[id(analysis)]
        title = words("report.plan_effect", actions=", ".join(changing(self.plan, analysis)))
        head = [(escape(words(f"effect.{c}")), "num") for c in EFFECT_COLUMNS]
        head[0] = (head[0][0], "")
        rows = [
            [(escape(cell), "" if i == 0 else "num") for i, cell in enumerate(row)]
            for row in effect_rows(effect, analysis.process, words)
        ]
        return f"<h4>{escape(title)}</h4>\n" + self.table(head, rows)

    # -- evidence from an event log -------------------------------------------------------

    def evidence_section(self, evidence: Evidence) -> str:
        """What the event log measured beside the model: the same tables as ``skavmap
        evidence``, marked where they differ."""
        from skavmap.reporters import evidence as reporter

        words = self.words
        out = [
            '<div class="evidence">',
            f"<h3>{escape(words('report.evidence'))}</h3>",
            f'<p class="meta">{escape(reporter.headline(evidence, words))}</p>',
        ]
        for section in reporter.sections(evidence, words):
            out.append(f"<h4>{escape(section.title)}</h4>")
            if section.intro:
                out.append(f"<p>{escape(section.intro)}</p>")
            if not section.rows:
                continue
            head = [(escape(c.text), "num" if c.number else "") for c in section.head]
            rows = [[(_evidence_cell(c), "num" if c.number else "") for c in row]
                    for row in section.rows]  # fmt: skip
            out.append(self.table(head, rows))
        lines = reporter.notes(evidence, words)
        if lines:
            out.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
        out.append(f'<p class="meta">{escape(reporter.legend(words))}</p>')
        out.append("</div>")
        return "\n".join(out)

    # -- comparisons -----------------------------------------------------------------------

    def group_title(self, group: Sequence[Analysis]) -> str:
        return group[0].process.name

    def comparison_section(self, n: int, group: Sequence[Analysis]) -> str:
        from skavmap.analysis.compare import compare
        from skavmap.reporters import compare as reporter

        words = self.words
        comparison = compare(group)
        labels = list(comparison.labels)
        out = [
            f'<section class="comparison" id="comparison-{n}">',
            f"<h2>{escape(words('report.comparison', name=self.group_title(group)))}</h2>",
            "<p>"
            + escape(
                words(
                    "report.comparison_intro",
                    labels=words("report.and").join(labels),
                    id=group[0].process.id,
                )
            )
            + "</p>",
        ]
        out += [f'<p class="meta">{escape(line)}</p>' for line in reporter.notes(comparison, words)]
        two = len(labels) == 2
        head = [(escape(words("compare.measure")), "")] + [
            (escape(label), "num") for label in labels
        ]
        if two:
            head.append((escape(words("compare.difference")), "num"))
        rows = [
            [(escape(name), "")]
            + [(escape(v), "num") for v in values]
            + ([(f"<strong>{escape(delta)}</strong>", "num")] if delta is not None else [])
            for name, values, delta in reporter.figures(comparison, words)
        ]
        out.append(f"<h3>{escape(words('compare.figures'))}</h3>")
        out.append(self.table(head, rows))
        for k in range(1, len(labels)):
            lines = reporter.contribution_lines(comparison, k, words)
            if not lines:
                continue
            out.append(
                f"<h3>{escape(words('compare.explain', label=labels[k], first=labels[0]))}</h3>"
            )
            head = [
                (escape(words("compare.step")), ""),
                (escape(labels[0]), "num"),
                (escape(labels[k]), "num"),
                (escape(words("compare.difference")), "num"),
            ]
            rows = [
                [
                    (escape(name), ""),
                    *((escape(v), "num") for v in values),
                    (f"<strong>{escape(delta)}</strong>", "num"),
                ]
                for name, values, delta in lines
            ]
            out.append(self.table(head, rows))
        for k, label in enumerate(labels):
            lines = reporter.only_lines(comparison, k, words)
            if not lines:
                continue
            out.append(f"<h3>{escape(words('compare.only', label=label))}</h3>")
            head = [
                (escape(words("compare.step")), ""),
                (escape(words("compare.fields.role").capitalize()), ""),
                (escape(words("compare.hours_per_case")), "num"),
            ]
            rows = [
                [(escape(name), ""), (escape(role), ""), (escape(hours), "num")]
                for name, role, hours in lines
            ]
            out.append(self.table(head, rows))
        lines = reporter.difference_lines(comparison, words)
        out.append(f"<h3>{escape(words('compare.differ'))}</h3>")
        if lines:
            head = [(escape(words("compare.step")), ""), (escape(words("compare.what")), "")]
            head += [(escape(label), "") for label in labels]
            rows = [
                [(escape(name), ""), (escape(what), "nowrap"), *((escape(v), "") for v in values)]
                for name, what, values in lines
            ]
            out.append(self.table(head, rows))
        else:
            out.append(f"<p>{escape(words('compare.nothing_differs'))}</p>")
        score = self.number(comparison.min_score)
        out.append(f"<h3>{escape(words('compare.hotspots', score=score))}</h3>")
        hotspots = reporter.hotspot_lines(comparison, words)
        if hotspots:
            head = [(escape(words("compare.kind")), ""), (escape(words("compare.where")), "")]
            head += [(escape(label), "num") for label in labels]
            head.append((escape(words("compare.why")), ""))
            rows = []
            for presence, (_, kind, where, _, message) in zip(
                comparison.hotspots, hotspots, strict=True
            ):
                scores = [
                    (
                        self.score(h.score) if h is not None else escape(words("compare.missing")),
                        "num",
                    )
                    for h in presence.found
                ]
                rows.append(
                    [(self.kind(kind), ""), (escape(where), ""), *scores, (escape(message), "")]
                )
            out.append(self.table(head, rows))
        else:
            out.append(f"<p>{escape(words('compare.none_hotspots', score=score))}</p>")
        out.append("</section>")
        return "\n".join(out)

    # -- glossary --------------------------------------------------------------------------

    def about(self) -> str:
        words = self.words
        items = "\n".join(
            f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>"
            for term, text in words.raw("report.definitions")
        )
        files = ", ".join(display_path(f) for f in self.files)
        return (
            '<section class="about" id="about">\n'
            f"<h2>{escape(words('report.about'))}</h2>\n"
            f'<dl class="definitions">\n{items}\n</dl>\n'
            f"<footer>{escape(words('report.generated', version=__version__, files=files))}"
            "</footer>\n</section>"
        )


def _evidence_cell(cell) -> str:
    if cell.marked:
        from skavmap.reporters.evidence import MARK

        return f'<strong class="differs">{MARK} {escape(cell.text)}</strong>'
    return escape(cell.text)


def _lane_names(tile: Tile, prefix: str) -> str:
    """The lanes' names again at the left edge of a page that shows a piece of a map
    further right: the map's header column, drawn once more over the piece."""
    if tile.names is None:
        return ""
    left, width, stretches = tile.names
    return "".join(
        f'<svg x="{_n(tile.x)}" y="{_n(top)}" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="{_n(left)} {_n(top)} {_n(width)} {_n(height)}">'
        f'<use href="#{prefix}-map"/></svg>'
        for top, height in stretches
    )


def _n(value: float) -> str:
    """A coordinate as short text: ``12.5``, ``300``."""
    return f"{round(value, 2) or 0.0:.2f}".rstrip("0").rstrip(".")


def _cls(name: str) -> str:
    return f' class="{name}"' if name else ""
