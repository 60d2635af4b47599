"""What the diagram shows, before anything is placed or drawn: lanes, steps, arrows, title,
legend and the hotspot table, as plain data that any backend can read.

:func:`build_scene` turns a process (and its analysis, unless the picture is plain) into a
:class:`Scene`. The scene says *what* is shown, in words and in semantic styles: a step's
lines of text and what each line is (its name, its times, a night-time clock, a tag saying
it is new), its share of the lead time (its heat), whether it is dimmed or marked as
changed; an arrow's kind (a handoff, a rework loop, new, removed, dimmed). It knows nothing
about coordinates (:mod:`skavmap.render.layout` places it) nor about colours, fonts or
Graphviz (:mod:`skavmap.render.look` dresses it for Graphviz). Every word the diagram adds
is chosen here, in the language of the options.

Lanes follow the file: one per department in the order ``departments`` declares them (or
one per role with ``lanes="role"``, in the order of ``roles``). External parties, and roles
without a department, get a lane of their own: external parties on top, as the ones who
usually start and end the work, then the departments, then department-less roles. Lanes
that no step uses are left out.

A step without a role goes in the lane of the work around it, never in an unrelated one:

- a start, a wait or a notification in the lane of the nearest step after it that has a role
  (the one who is waiting or reminded);
- a decision in the lane of the one who decides it: the step with a role just before it
  (through other steps without one; arrows that close a loop do not count), when all the
  steps just before it are in one lane; otherwise beside its branches, in the lane the
  likeliest share of the work goes on to;
- a parallel split beside its branches, in the lane most of them go on to (on a tie, the
  lane of the step before it, when that is one of them);
- an end in the lane of the nearest step before it (the one who finishes, or the wait it
  follows).

Give a step a ``role`` to put it in another lane. Where a gateway now sits in the lane of
the step it leads to, the handoff that the analysis marks on the arrow leaving it
(``cross_department_edges``: the arrow into the next step with a role) is drawn where the
work really changes lanes, on the arrows into the gateway from another department; the
picture then never shows a thick handoff arrow inside one lane.

Compared with an earlier version (``base``), the new version is drawn as usual, and marked:
new steps with a green outline and a *nytt* / *new* tag, new arrows green; steps that were
removed are drawn as they were, grey and dashed, in the lane they had (or in a *Borttaget* /
*Removed* lane at the bottom when that lane is gone), with their old arrows grey and dashed;
steps that changed get an *ändrat* / *changed* tag naming what changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import skavmap.render.style as style
from skavmap.analysis.graph import back_links
from skavmap.format.model import OWN_UNIT, Process, Step, own_unit
from skavmap.outputs.messages import cost_cells, field_text, hotspot_reasons
from skavmap.outputs.vocabulary import LANGS, Words
from skavmap.render.paper import PAPERS
from skavmap.render.style import wrap

if TYPE_CHECKING:
    from skavmap.analysis.results import Analysis, Hotspot
    from skavmap.render.changes import Base

LANE_MODES = ("department", "role")
HIGHLIGHTS = ("handoffs", "loops", "bottlenecks", "pain")
_BACKWARD_KINDS = frozenset({"decision", "parallel", "end"})
_NO_LANE = "-"
_REMOVED_LANE = "~"  # removed steps whose lane is gone; no id can be "~"

# Hotspot kinds that each --highlight keeps in focus.
_FOCUS_KINDS = {
    "handoffs": frozenset({"handoff"}),
    "loops": frozenset({"loop"}),
    "bottlenecks": frozenset({"bottleneck", "wait"}),
    "pain": frozenset({"pain"}),
}
#: With --highlight bottlenecks, a long wait (SKV303) is in focus only at a step that holds
#: at least this share of the lead time; the many small waits would light up most steps.
FOCUS_WAIT_SHARE = 0.10
#: The annotations that keep their colour under each --highlight; all others are dimmed.
_VIVID = {
    "handoffs": frozenset({"handoff"}),
    "loops": frozenset({"rework"}),
    "bottlenecks": frozenset({"heat", "overload"}),
    "pain": frozenset({"pain"}),
}


@dataclass(frozen=True)
class Options:
    """How to draw: lanes by ``department`` or ``role``; ``plain`` leaves out every
    annotation; ``highlight`` (one of :data:`HIGHLIGHTS`) dims all but one theme."""

    lanes: str = "department"
    plain: bool = False
    highlight: str | None = None
    lang: str = "en"
    wrap: int | None = None  # columns per section; 0 never wraps; None: automatic
    paper: str | None = None  # A4 ... A0: shaped and scaled for that sheet; None: see layout
    landscape: bool | None = None  # the sheet's way round; None: the better one

    def __post_init__(self) -> None:
        if self.lanes not in LANE_MODES:
            raise ValueError(f"lanes must be one of {', '.join(LANE_MODES)}, not {self.lanes!r}")
        if self.highlight is not None and self.highlight not in HIGHLIGHTS:
            raise ValueError(
                f"highlight must be one of {', '.join(HIGHLIGHTS)}, not {self.highlight!r}"
            )
        if self.wrap is not None and self.wrap < 0:
            raise ValueError(f"wrap must be 0 (never) or a number of columns, not {self.wrap}")
        if self.lang not in LANGS:
            raise ValueError(f"lang must be sv or en, not {self.lang!r}")
        if self.paper is not None and self.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {self.paper!r}")


@dataclass(frozen=True)
class Text:
    """Words in lines, and what they are: ``style`` names their meaning, not their look.

    Styles: ``name`` (a step's name), ``figure`` (its times, or the clock time it happens),
    ``night`` (a clock time outside working hours), ``added``, ``changed`` and ``removed``
    (the tag of a step compared with a base version), ``overload`` or ``dim`` (a lane's
    flag for an overloaded role, in or outside the --highlight focus), and in the title
    ``facts``, ``figures``, ``focus`` and ``compared``.
    """

    lines: tuple[str, ...]
    style: str


@dataclass(frozen=True)
class Note:
    """The pain reported at a step: the most voted one, quoted, and the votes."""

    lines: tuple[str, ...]
    votes: str  # e.g. "9 röster · +1 skav till"
    dim: bool = False  # outside the --highlight focus


@dataclass(frozen=True)
class Lane:
    key: str  # a department id, own_unit(role) for a lane of its own, or a role id (role lanes)
    name: tuple[str, ...]  # in lines
    external: bool
    subtitle: str | None = None  # e.g. "extern part"
    flags: tuple[Text, ...] = ()  # overloaded roles
    badges: tuple[int, ...] = ()


@dataclass(frozen=True)
class Block:
    """One step: the text in its shape and under it, and how it stands out."""

    id: str
    lane: int
    kind: str  # the step's kind; "connector" for a layout's continuation circle
    label: tuple[Text, ...] = ()  # inside the shape
    caption: tuple[Text, ...] = ()  # under the shape (start, end, parallel, decision)
    heat: float = 0.0  # share of the lead time, shown as heat (0 when heat is not shown)
    dim: bool = False  # outside the --highlight focus
    mark: str | None = None  # compared with a base: "added", "changed" or "removed"
    details: str | None = None  # what changed, old and new (shown on hover)
    note: Note | None = None  # the pain note under the step
    badges: tuple[int, ...] = ()


@dataclass(frozen=True)
class Link:
    """One arrow from ``tail`` to ``head`` (step ids)."""

    tail: str
    head: str
    kind: str = "normal"  # normal, handoff, rework, dim, added or removed
    label: tuple[str, ...] = ()  # in lines, placed next to the arrow near its start
    rework: bool = False  # it goes back (a loop): drawn dashed whatever its kind
    handoff: bool = False  # an emphasised handoff between departments: drawn thick
    dim: bool = False  # outside the --highlight focus (its label is grey even when new)
    badges: tuple[int, ...] = ()
    p: float = 1.0  # the branch's probability: the likeliest way on is kept straight

    @property
    def mark(self) -> str | None:
        """Compared with a base: "added" or "removed"."""
        return self.kind if self.kind in ("added", "removed") else None


@dataclass(frozen=True)
class Title:
    name: str
    lines: tuple[Text, ...] = ()  # facts, key figures, focus, comparison: one line each


@dataclass(frozen=True)
class Heat:
    """The heat scale: its title and what share of the lead time each level stands for."""

    title: str
    levels: tuple[str, ...]  # one per level of style.HEAT, lowest first


@dataclass(frozen=True)
class LegendEntry:
    """A line of the legend: a sample of ``mark`` and what it means."""

    mark: str  # handoff, rework, badge, pain, night, overload, added, ..., dimmed
    text: str
    sample: str | None = None  # the words in the sample, for samples that hold some


@dataclass(frozen=True)
class Legend:
    """How to read the map: only the marks the picture shows."""

    title: str
    heat: Heat | None
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class KeyEntry:
    """A line of the shape key: a small step of ``kind`` and what that shape means."""

    kind: str
    text: str


@dataclass(frozen=True)
class HotspotRow:
    number: int  # the badge in the picture
    figures: tuple[str, ...]  # lead time per case, work hours per year, votes
    message: tuple[str, ...]  # in lines


@dataclass(frozen=True)
class HotspotTable:
    title: str
    columns: tuple[str, ...]  # the headings of the figures
    rows: tuple[HotspotRow, ...]
    none: str | None = None  # said when there are no rows
    more: str | None = None  # how many more there are, and how to list them


@dataclass(frozen=True)
class Scene:
    name: str
    title: Title
    lanes: tuple[Lane, ...]
    blocks: tuple[Block, ...]  # in file order
    links: tuple[Link, ...]
    start: str
    legend: Legend | None = None
    shape_key: tuple[KeyEntry, ...] = ()  # what the step shapes mean
    hotspots: HotspotTable | None = None
    back_links: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    wrap: int | None = None  # how to arrange it (see Options): hints for the layout
    paper: str | None = None
    landscape: bool | None = None


def build_scene(
    process: Process,
    analysis: Analysis | None = None,
    options: Options | None = None,
    base: Base | None = None,
    base_analysis: Analysis | None = None,
) -> Scene:
    """The scene of ``process``; ``analysis`` is needed unless ``options.plain``.

    With ``base``, the scene shows what changed since that version; ``base_analysis`` (its
    analysis) adds the change of the key figures to the title.

    >>> from skavmap.format.loader import load
    >>> scene = build_scene(load("examples/loop.yaml"), options=Options(plain=True, lang="sv"))
    >>> [lane.key for lane in scene.lanes] == [own_unit("sokande"), "samhallsbyggnad"]
    True
    >>> [(block.id, block.lane) for block in scene.blocks][:3]
    [('ansokan', 0), ('granska', 1), ('komplett', 1)]
    >>> [(text.style, text.lines) for text in scene.blocks[1].label]
    [('name', ('Granska ansökan',)), ('figure', ('10–20 min · väntar 2 d',))]
    """
    options = options or Options()
    if not options.plain and analysis is None:
        raise ValueError("an annotated scene needs the analysis (or use plain=True)")
    analysis = None if options.plain else analysis
    return _SceneBuilder(process, analysis, options, base, base_analysis).build()


class _SceneBuilder:
    def __init__(
        self,
        process: Process,
        analysis: Analysis | None,
        options: Options,
        base: Base | None = None,
        base_analysis: Analysis | None = None,
    ):
        self.process = process
        self.analysis = analysis
        self.options = options
        self.lang = options.lang
        self.words = Words(options.lang)
        self.day = process.calendar.day_hours
        self.numbered = self._numbered_hotspots()
        self.keys = self._lane_keys()
        self.handoffs = self._drawn_handoffs()
        self.focus_steps, self.focus_links = self._focus()
        self.base = base
        self.base_analysis = base_analysis if analysis is not None else None
        self.changes = None
        if base is not None:
            from skavmap.render.changes import changes

            self.changes = changes(base.process, process)

    # -- lanes -----------------------------------------------------------------------------

    def _lane_key(self, step: Step) -> str | None:
        if step.role is None:
            return None
        if self.options.lanes == "role":
            return step.role
        return self.process.roles[step.role].unit

    def _lane_keys(self) -> dict[str, str]:
        """The lane key of every step (see the module docstring for steps without a role)."""
        steps = self.process.steps
        own = {sid: self._lane_key(step) for sid, step in steps.items()}
        closing = back_links([self.process.start], {s: list(st.targets) for s, st in steps.items()})
        predecessors: dict[str, list[str]] = {sid: [] for sid in steps}
        for sid, step in steps.items():
            for target in step.targets:
                if (sid, target) not in closing:
                    predecessors[target].append(sid)

        def search(origin: str, forward: bool, known: Mapping[str, str | None]) -> str | None:
            """The lane of the nearest step (breadth first, in file order) that has one."""
            seen = {origin}
            frontier = [origin]
            while frontier:
                following = []
                for sid in frontier:
                    for other in steps[sid].targets if forward else predecessors[sid]:
                        if other in seen:
                            continue
                        if known[other] is not None:
                            return known[other]
                        seen.add(other)
                        following.append(other)
                frontier = following
            return None

        def deciders(origin: str, known: Mapping[str, str | None]) -> list[str]:
            """The lanes of the nearest steps with a lane before ``origin`` (through steps
            without one yet), in file order: the ones who decide."""
            found: dict[str, None] = {}
            seen = {origin}
            frontier = [origin]
            while frontier:
                following = []
                for sid in frontier:
                    for other in predecessors[sid]:
                        if other in seen:
                            continue
                        seen.add(other)
                        if known[other] is not None:
                            found[known[other]] = None
                        else:
                            following.append(other)
                frontier = following
            return list(found)

        def beside_branches(sid: str, decided: list[str]) -> str | None:
            """The lane most of the work goes on to from ``sid``: by probability after a
            decision, by count after a parallel split; a tie goes to the one who decides."""
            weight: dict[str, float] = {}
            for branch in steps[sid].next:
                lane = own[branch.to] or search(branch.to, True, own)
                if lane is not None:
                    share = branch.p if steps[sid].kind == "decision" else 1.0
                    weight[lane] = weight.get(lane, 0.0) + share
            if not weight:
                return None
            top = max(weight.values())
            tied = [lane for lane, w in weight.items() if w > top - 1e-9]
            return next((lane for lane in decided if lane in tied), tied[0])

        keys = dict(own)
        # Starts, waits and notifications go with the work that follows them.
        for sid, step in steps.items():
            if keys[sid] is None and step.kind not in _BACKWARD_KINDS:
                keys[sid] = search(sid, True, own)
        # A decision goes with the one who decides it, when that is one lane; else, and a
        # parallel split always, beside the branches it leads to.
        for sid, step in steps.items():
            if keys[sid] is None and step.kind in ("decision", "parallel"):
                decided = deciders(sid, keys)
                if step.kind == "decision" and len(decided) == 1:
                    keys[sid] = decided[0]
                else:
                    keys[sid] = beside_branches(sid, decided)
        # Ends (and what is left) with the work, or wait, that comes before them.
        for sid, step in steps.items():
            if keys[sid] is None and step.kind in _BACKWARD_KINDS:
                keys[sid] = search(sid, False, keys)
        for sid in steps:
            if keys[sid] is None:
                keys[sid] = search(sid, True, keys) or search(sid, False, keys)
        return {sid: key or _NO_LANE for sid, key in keys.items()}

    def _unit(self, key: str) -> str:
        """The department a lane counts as for handoffs (see ``Role.unit``)."""
        if self.options.lanes == "role" and key in self.process.roles:
            return self.process.roles[key].unit
        return key

    def _drawn_handoffs(self) -> frozenset[tuple[str, str]]:
        """The arrows drawn as handoffs between departments: the analysis's
        ``cross_department_edges``, except where such an arrow leaves a step without a role
        that is drawn in the department the work lands in; then the arrows into it (through
        other steps without a role) that come from another department take its place."""
        if self.analysis is None:
            return frozenset()
        steps, keys = self.process.steps, self.keys
        predecessors: dict[str, list[str]] = {sid: [] for sid in steps}
        for sid, step in steps.items():
            for target in step.targets:
                predecessors[target].append(sid)
        drawn: set[tuple[str, str]] = set()
        for u, v in self.analysis.metrics.cross_department_edges:
            home = self._unit(keys[v])
            if steps[u].role is not None or self._unit(keys[u]) != home:
                drawn.add((u, v))
                continue
            entering = []
            seen, stack = {u}, [u]
            while stack:
                current = stack.pop()
                for before in predecessors[current]:
                    if self._unit(keys[before]) != home:
                        entering.append((before, current))
                    elif steps[before].role is None and before not in seen:
                        seen.add(before)
                        stack.append(before)
            drawn.update(entering or [(u, v)])
        return frozenset(drawn)

    def _all_lanes(self) -> list[str]:
        """Every lane the process could have, in order."""
        process = self.process
        if self.options.lanes == "role":
            order = list(process.roles)
        else:
            roles = list(process.roles.values())
            order = [own_unit(r.id) for r in roles if r.external]
            order += list(process.departments)
            order += [own_unit(r.id) for r in roles if not r.external and r.department is None]
        return [*order, _NO_LANE, _REMOVED_LANE]

    def _lane_order(self, used: set[str]) -> list[str]:
        return [key for key in self._all_lanes() if key in used]

    def _lane(self, key: str) -> Lane:
        process, lang = self.process, self.lang
        if key == _NO_LANE:
            return Lane(key, _lines(Words(lang)("render.no_role"), 18, 4), external=False)
        if key == _REMOVED_LANE:
            return Lane(key, _lines(Words(lang)("render.removed_lane"), 18, 4), external=False)
        own = key.startswith(OWN_UNIT)
        role_id = key[len(OWN_UNIT) :] if own else key if key in process.roles else None
        if role_id is not None and self.options.lanes == "role" or own:
            role = process.roles[role_id]
            title, external = role.name, role.external
            members = [role]
        else:
            title, external = process.departments[key].name, False
            members = [r for r in process.roles.values() if r.unit == key]
        flags = []
        badges: list[int] = []
        if self.analysis is not None:
            per_role = self.analysis.metrics.per_role
            flag_style = "overload" if self._vivid("overload") else "dim"
            for role in members:
                figures = per_role.get(role.id)
                utilisation = figures.utilisation if figures else None
                if utilisation is not None and utilisation >= style.OVERLOAD_AT:
                    flag = Words(lang)(
                        "render.overload", role=role.name, p=Words(lang).percent(utilisation)
                    )
                    flags.append(Text(_lines(flag, 22, 3), flag_style))
            member_ids = {role.id for role in members}
            badges = [n for n, h in self.numbered.items() if h.role in member_ids]
        return Lane(
            key,
            _lines(title, 18, 4),
            external,
            subtitle=Words(lang)("render.external") if external else None,
            flags=tuple(flags),
            badges=tuple(badges),
        )

    # -- hotspots and focus ----------------------------------------------------------------

    def _numbered_hotspots(self) -> dict[int, Hotspot]:
        """The hotspots that get a number in the picture: the highest-scored ones (of the
        highlighted kinds, with --highlight)."""
        if self.analysis is None:
            return {}
        chosen = [h for h in self.analysis.hotspots if self._in_focus(h)]
        return {n: h for n, h in enumerate(chosen[: style.TABLE_ROWS], start=1)}

    def _in_focus(self, hotspot: Hotspot) -> bool:
        """Whether ``hotspot`` belongs to the --highlight theme (all do without one)."""
        highlight = self.options.highlight
        if highlight is None:
            return True
        if highlight == "bottlenecks" and hotspot.kind == "wait":
            assert self.analysis is not None
            per_step = self.analysis.metrics.per_step
            return any(
                s in per_step and per_step[s].share >= FOCUS_WAIT_SHARE for s in hotspot.steps
            )
        return not _FOCUS_KINDS[highlight].isdisjoint(hotspot.kinds)

    def _vivid(self, mark: str) -> bool:
        """Whether annotations of one sort (``handoff``, ``rework``, ``heat``, ``overload``,
        ``pain``, ``night``) keep their colour: all do without --highlight; with it, only
        those of its theme."""
        highlight = self.options.highlight
        return highlight is None or mark in _VIVID[highlight]

    def _focus(self) -> tuple[set[str] | None, set[tuple[str, str]] | None]:
        """Steps and arrows kept in focus by --highlight; ``None`` when all are."""
        highlight = self.options.highlight
        if self.analysis is None or highlight is None:
            return None, None
        metrics = self.analysis.metrics
        steps = {sid for h in self.analysis.hotspots if self._in_focus(h) for sid in h.steps}
        links: set[tuple[str, str]] = set()
        if highlight == "handoffs":
            links = set(self.handoffs)
            steps |= {sid for link in links for sid in link}
        elif highlight == "loops":
            members = {sid for group in metrics.loop_groups for sid in group}
            steps |= members
            links = {
                (sid, target)
                for sid in members
                for target in self.process.steps[sid].targets
                if target in members
            }
        elif highlight == "pain":
            steps |= {sid for sid, step in self.process.steps.items() if step.pain}
        return steps, links

    def _dim_step(self, sid: str) -> bool:
        return self.focus_steps is not None and sid not in self.focus_steps

    def _dim_link(self, tail: str, head: str) -> bool:
        return self.focus_links is not None and (tail, head) not in self.focus_links

    # -- the scene -------------------------------------------------------------------------

    def build(self) -> Scene:
        process = self.process
        keys = self.keys
        old = self._base_builder()
        ghost_keys = self._ghost_lanes(old, set(keys.values())) if old is not None else {}
        order = self._lane_order(set(keys.values()) | set(ghost_keys.values()))
        index = {key: i for i, key in enumerate(order)}
        badges_of = self._step_badges()
        blocks = [
            self._block(step, index[keys[sid]], badges_of.get(sid, ()), self._mark(sid))
            for sid, step in process.steps.items()
        ]
        links = list(self._links())
        if old is not None:
            blocks = self._with_ghosts(blocks, old, {s: index[k] for s, k in ghost_keys.items()})
            links += self._ghost_links(old)
        lanes = tuple(self._lane(key) for key in order)
        marks = _marks(blocks, links, lanes, self.numbered)
        annotated = self.analysis is not None
        legend = None
        shape_key: tuple[KeyEntry, ...] = ()
        if annotated or marks:
            legend = _legend(
                self.lang,
                marks,
                heat=annotated and self._vivid("heat"),
                dimmed=annotated and self.options.highlight is not None,
            )
            shape_key = _shape_key(self.lang, {block.kind for block in blocks})
        return Scene(
            name=process.name,
            title=self._title(),
            lanes=lanes,
            blocks=tuple(blocks),
            links=tuple(links),
            start=process.start,
            legend=legend,
            shape_key=shape_key,
            hotspots=self._hotspot_table() if annotated else None,
            back_links=back_links(
                [process.start, *(b.id for b in blocks)],
                _successors(links),
            ),
            wrap=self.options.wrap,
            paper=self.options.paper,
            landscape=self.options.landscape,
        )

    # -- compared with a base version -------------------------------------------------------

    def _mark(self, sid: str) -> str | None:
        if self.changes is None:
            return None
        if sid in self.changes.added:
            return "added"
        return "changed" if sid in self.changes.changed else None

    def _base_builder(self) -> _SceneBuilder | None:
        """A plain builder of the base version: it draws the removed steps as they were."""
        if self.base is None:
            return None
        options = replace(self.options, plain=True, highlight=None)
        return _SceneBuilder(self.base.process, None, options)

    def _ghost_lanes(self, old: _SceneBuilder, used: set[str]) -> dict[str, str]:
        """The lane of each removed step: the one it had, when the new version has that lane
        (a lane of "no role" only when the new version draws one), else the removed lane."""
        assert self.changes is not None
        possible = set(self._all_lanes()) - {_NO_LANE, _REMOVED_LANE}
        possible |= used & {_NO_LANE}
        keys = old.keys
        return {
            sid: keys[sid] if keys[sid] in possible else _REMOVED_LANE
            for sid in self.changes.removed
        }

    def _with_ghosts(
        self, blocks: list[Block], old: _SceneBuilder, lanes: Mapping[str, int]
    ) -> list[Block]:
        """``blocks`` with each removed step after the step that came before it in the old
        file (so that the layout, which reads the order, keeps them near)."""
        assert self.changes is not None
        removed = set(self.changes.removed)
        after: dict[str | None, list[Block]] = {}
        previous = None
        for sid, step in old.process.steps.items():
            if sid in removed:
                after.setdefault(previous, []).append(old._block(step, lanes[sid], (), "removed"))
            else:
                previous = self.changes.drawn_as[sid]
        merged = list(after.get(None, []))
        for block in blocks:
            merged.append(block)
            merged += after.get(block.id, [])
        return merged

    def _ghost_links(self, old: _SceneBuilder) -> list[Link]:
        """The arrows of the base version that are gone, grey and dashed."""
        assert self.changes is not None
        return [
            Link(
                tail=gone.tail,
                head=gone.head,
                kind="removed",
                label=old._branch_label(old.process.steps[gone.old_tail], gone.branch),
                p=0.0,  # never the main line of the new version
            )
            for gone in self.changes.removed_links
        ]

    def _step_badges(self) -> dict[str, tuple[int, ...]]:
        """Hotspot numbers shown on steps: a handoff on the step it lands on, a loop on its
        rework arrow (see :meth:`_links`), a role's finding on its lane (see :meth:`_lane`),
        the rest on the first step named."""
        badges: dict[str, list[int]] = {}
        for number, hotspot in self.numbered.items():
            if hotspot.role is not None or not hotspot.steps:
                continue  # shown on the role's lane
            if self._rework_link_of(hotspot) is not None:
                continue
            anchor = hotspot.steps[-1] if hotspot.kind == "handoff" else hotspot.steps[0]
            badges.setdefault(anchor, []).append(number)
        return {sid: tuple(numbers) for sid, numbers in badges.items()}

    def _rework_link_of(self, hotspot: Hotspot) -> tuple[str, str] | None:
        if hotspot.kind != "loop" or self.analysis is None:
            return None
        members = set(hotspot.steps)
        candidates = sorted(
            (u, v) for u, v in self.analysis.metrics.rework_edges if u in members and v in members
        )
        return candidates[0] if candidates else None

    def _block(
        self, step: Step, lane: int, badges: tuple[int, ...], mark: str | None = None
    ) -> Block:
        """The box of ``step``; ``mark`` (``added``, ``changed`` or ``removed``) marks it as
        new, changed or gone since the base version.

        Starts and ends hold no text: their name goes under them, as does a parallel step's
        (when it has one given). A decision holds only its name: its times, its clock time
        and a tag go under the diamond. Every other step holds it all.
        """
        dim = self._dim_step(step.id)
        share = 0.0
        if self.analysis is not None and self._vivid("heat"):
            figures = self.analysis.metrics.per_step.get(step.id)
            share = figures.share if figures else 0.0
        tag = self._tag(step.id, mark)
        tags = (tag,) if tag is not None else ()
        label: tuple[Text, ...] = ()
        caption: tuple[Text, ...] = ()
        kind = step.kind
        if kind in ("start", "end"):
            caption = (Text(_lines(step.name, 20, 3), "name"), *tags)
        elif kind == "parallel":
            if step.name_given:
                caption = (Text(_lines(step.name, 20, 3), "name"),)
            caption += tags
        elif kind == "decision":
            label = (Text(_lines(step.name, 16, 4), "name"),)
            caption = (*self._figure_lines(step, dim or mark == "removed"), *tags)
        else:
            label = (
                Text(_lines(step.name, 22, 4), "name"),
                *self._figure_lines(step, dim or mark == "removed"),
                *tags,
            )
        note = None
        if self.analysis is not None:
            note = _pain_note(step, self.lang, dim=dim or not self._vivid("pain"))
        return Block(
            id=step.id,
            lane=lane,
            kind=kind,
            label=label,
            caption=caption,
            heat=share,
            dim=dim,
            mark=mark,
            details=self._change_details(step.id) if mark == "changed" else None,
            note=note,
            badges=badges,
        )

    def _tag(self, sid: str, mark: str | None) -> Text | None:
        """The tag that says a step is new, changed (and in what) or removed."""
        lang = self.lang
        if mark == "added":
            return Text((Words(lang)("render.added_tag"),), "added")
        if mark == "removed":
            return Text((Words(lang)("render.removed_tag"),), "removed")
        if mark == "changed":
            assert self.changes is not None
            fields = dict.fromkeys(c.field for c in self.changes.changed[sid])
            what = ", ".join(Words(lang)(f"render.field_{f}") for f in fields)
            return Text(_lines(Words(lang)("render.changed_tag", what=what), 24, 3), "changed")
        return None

    def _change_details(self, sid: str) -> str:
        """What changed in a step, old and new."""
        assert self.changes is not None
        return "; ".join(
            f"{self.words(f'render.field_{c.field}')}: "
            f"{field_text(c, c.old, self.day, self.words)} → "
            f"{field_text(c, c.new, self.day, self.words)}"
            for c in self.changes.changed[sid]
        )

    def _figure_lines(self, step: Step, dim: bool) -> list[Text]:
        """The small lines under a step's name: times, then the clock time it happens."""
        lang, parts = self.lang, []
        if step.work is not None:
            parts.append(self.words.duration(step.work, self.day))
        if step.wait is not None:
            parts.append(Words(lang)("render.waits", t=self.words.duration(step.wait, self.day)))
        lines = []
        if parts:
            lines.append(Text((" · ".join(parts),), "figure"))
        if step.at is not None:
            night = not self.process.calendar.is_working_time(step.at)
            if night and self.analysis is not None and not dim and self._vivid("night"):
                lines.append(Text((Words(lang)("render.night", t=step.at.text),), "night"))
            else:
                lines.append(Text((Words(lang)("render.at", t=step.at.text),), "figure"))
        return lines

    def _links(self):
        analysis = self.analysis
        rework = analysis.metrics.rework_edges if analysis else frozenset()
        handoffs = self.handoffs
        loop_badges: dict[tuple[str, str], list[int]] = {}
        for number, hotspot in self.numbered.items():
            link = self._rework_link_of(hotspot)
            if link is not None:
                loop_badges.setdefault(link, []).append(number)
        added = self.changes.added_links if self.changes is not None else frozenset()
        for step in self.process.steps.values():
            for branch in step.next:
                pair = (step.id, branch.to)
                dim = self._dim_link(*pair)
                is_rework = pair in rework
                kind, emphasised = "normal", False
                if is_rework and self._vivid("rework"):
                    kind = "rework"
                if pair in handoffs and self._vivid("handoff"):
                    kind = "rework" if kind == "rework" else "handoff"
                    emphasised = True
                if dim:
                    kind, emphasised = "dim", False
                if pair in added:
                    # A new handoff stays thick: the kind says new, the width says handoff.
                    kind = "added"
                yield Link(
                    tail=step.id,
                    head=branch.to,
                    kind=kind,
                    label=self._branch_label(step, branch),
                    rework=is_rework,
                    handoff=emphasised,
                    dim=dim,
                    badges=tuple(loop_badges.get(pair, ())),
                    p=branch.p,
                )

    def _branch_label(self, step: Step, branch) -> tuple[str, ...]:
        parts = []
        if branch.when:
            parts.append(branch.when)
        if step.kind == "decision":
            parts.append(self.words.percent(branch.p))
        return _lines(" · ".join(parts), 22, 3) if parts else ()

    def _title(self) -> Title:
        process, lang = self.process, self.lang
        lines = []
        facts = [part for part in (process.unit, process.owner) if part]
        if self.analysis is not None:
            m = self.analysis.metrics
            count = Words(lang).number(m.handoffs)
            handoffs = Words(lang)(
                "render.handoffs_one" if count == "1" else "render.handoffs", n=count
            )
            figures = [
                Words(lang)("render.lead", t=Words(lang).hours(m.lead_time_hours, self.day)),
                Words(lang)("render.work", t=Words(lang).hours(m.work_time_hours, self.day)),
                Words(lang)("render.efficiency", p=Words(lang).percent(m.flow_efficiency)),
                handoffs
                + ", "
                + Words(lang)("render.cross", n=Words(lang).number(m.cross_department_handoffs)),
            ]
            lines.append(Text((" · ".join(figures),), "figures"))
            if process.volume is not None:
                facts.append(Words(lang).volume(process.volume))
            if self.options.highlight:
                what = Words(lang)(f"render.{self.options.highlight}_focus")
                lines.append(Text((Words(lang)("render.focus", what=what),), "focus"))
        if facts:
            lines.insert(0, Text((" · ".join(facts),), "facts"))
        if self.base is not None:
            lines.append(Text((self._compared(),), "compared"))
        return Title(process.name, tuple(lines))

    def _compared(self) -> str:
        """The title's line about the base, e.g. "Jämfört med main (1a2b3c4): 1 nytt steg,
        1 borttaget · ledtid ↑ +1 d (+7 %)"."""
        assert self.base is not None and self.changes is not None
        lang, found = self.lang, self.changes

        def counted(key: str, n: int) -> str:
            return Words(lang)(f"render.{key}_one" if n == 1 else f"render.{key}", n=n)

        parts = [
            counted(key, len(items))
            for key, items in (
                ("steps_added", found.added),
                ("steps_removed", found.removed),
                ("steps_changed", found.changed),
                ("links_added", found.added_links),
                ("links_removed", found.removed_links),
            )
            if items
        ]
        what = ", ".join(parts) or Words(lang)("render.no_changes")
        figures = []
        if self.analysis is not None and self.base_analysis is not None:
            for key, words, unit in (
                ("lead_time_hours", "lead_delta", "hours"),
                ("cross_department_handoffs", "cross_delta", "count"),
            ):
                old = getattr(self.base_analysis.metrics, key)
                new = getattr(self.analysis.metrics, key)
                if abs(new - old) > 1e-9:
                    delta = Words(lang).change(float(old), float(new), unit, self.day)
                    figures.append(Words(lang)(f"render.{words}", d=delta))
        return " · ".join(
            [Words(lang)("render.compared", base=self.base.label, what=what), *figures]
        )

    def _hotspot_table(self) -> HotspotTable:
        lang = self.lang
        analysis = self.analysis
        assert analysis is not None
        rows = tuple(
            HotspotRow(
                number,
                cost_cells(hotspot, self.process, self.words),
                tuple(
                    line
                    for reason in hotspot_reasons(hotspot, self.process, self.words)
                    for line in _lines(reason, 90, 3)
                ),
            )
            for number, hotspot in self.numbered.items()
        )
        more = None
        total = sum(1 for h in analysis.hotspots if self._in_focus(h))
        if total > len(self.numbered):
            more = Words(lang)(
                "render.more", n=total - len(self.numbered), file=_shown_path(analysis.process.file)
            )
        return HotspotTable(
            title=Words(lang)("render.hotspots"),
            columns=tuple(Words(lang)(f"hotspots.{c}") for c in ("per_case", "per_year", "votes")),
            rows=rows,
            none=None if rows else Words(lang)("render.none"),
            more=more,
        )


def _successors(links: list[Link]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in links:
        found.setdefault(link.tail, []).append(link.head)
    return found


# -- words -----------------------------------------------------------------------------------


def _lines(text: str, width: int, max_lines: int) -> tuple[str, ...]:
    return tuple(wrap(text, width, max_lines))


def _pain_note(step: Step, lang: str, dim: bool = False) -> Note | None:
    """The note under a step with reported pain: the most voted pain and its votes."""
    if not step.pain:
        return None
    pains = sorted(step.pain, key=lambda pain: -pain.votes)
    top = pains[0]
    quoted = Words(lang)("render.quote", text=top.text)
    tail = [
        Words(lang)("render.vote") if top.votes == 1 else Words(lang)("render.votes", n=top.votes)
    ]
    if len(pains) > 1:
        tail.append(Words(lang)("render.more_pain", n=len(pains) - 1))
    return Note(_lines(quoted, 28, 4), " · ".join(tail), dim)


def _marks(blocks: list[Block], links: list[Link], lanes, numbered) -> set[str]:
    """The annotations that appear in the picture in colour: the legend explains only these
    (what --highlight dims is context, not explained again)."""
    marks = set()
    if any(link.kind == "handoff" for link in links):
        marks.add("handoff")
    if any(link.rework and link.kind != "dim" for link in links):
        marks.add("rework")
    if numbered:
        marks.add("badge")
    if any(block.note and not block.note.dim for block in blocks):
        marks.add("pain")
    if any(text.style == "night" for block in blocks for text in block.label + block.caption):
        marks.add("night")
    if any(flag.style == "overload" for lane in lanes for flag in lane.flags):
        marks.add("overload")
    marks |= {block.mark for block in blocks if block.mark}
    marks |= {f"{link.mark}_link" for link in links if link.mark}
    return marks


#: What each mark of the legend is about: its text names the hotspot kind in the words of
#: :mod:`skavmap.outputs.vocabulary`, so the legend, the tables and the reports say the same thing.
_MARK_KINDS = {
    "handoff": "handoff",
    "rework": "loop",
    "pain": "pain",
    "night": "night-notification",
}
#: The marks the legend can explain, in its order ("dimmed" comes last, when shown).
_LEGEND_MARKS = (
    "added",
    "added_link",
    "changed",
    "removed",
    "removed_link",
    "handoff",
    "rework",
    "badge",
    "pain",
    "night",
    "overload",
)


def _legend(lang: str, marks: set[str], heat: bool = True, dimmed: bool = False) -> Legend:
    """How to read the map: the heat scale (when the steps show it), a line for each mark in
    ``marks``, and, with ``dimmed``, what grey means."""

    samples = {
        "added": Words(lang)("render.added_tag"),
        "changed": Words(lang)("render.changed_tag", what=Words(lang)("render.field_role")),
        "removed": Words(lang)("render.removed_tag"),
        "badge": "1",
        "pain": Words(lang)("render.votes", n=6),
        "night": Words(lang)("render.night", t="02:00"),
        "overload": Words(lang).percent(0.87),
    }
    entries = []
    for mark in _LEGEND_MARKS:
        if mark in marks:
            kind = Words(lang).kind(_MARK_KINDS[mark], title=True) if mark in _MARK_KINDS else ""
            text = Words(lang)(f"render.{mark}_key", kind=kind)
            entries.append(LegendEntry(mark, text, samples.get(mark)))
    if dimmed:
        entries.append(LegendEntry("dimmed", Words(lang)("render.dimmed_key")))
    scale = None
    if heat:
        levels = tuple(_heat_range(i, lang) for i in range(len(style.HEAT)))
        scale = Heat(Words(lang)("render.heat"), levels)
    return Legend(Words(lang)("render.key"), scale, tuple(entries))


#: The step shapes the shape key explains, in the order it lists them.
KEY_KINDS = ("start", "task", "wait", "notify", "decision", "parallel", "subprocess", "end")


def _shape_key(lang: str, kinds: set[str]) -> tuple[KeyEntry, ...]:
    """The shape key: a line for each step kind in ``kinds``."""
    return tuple(
        KeyEntry(kind, Words(lang)(f"render.shape_{kind}")) for kind in KEY_KINDS if kind in kinds
    )


def _heat_range(index: int, lang: str) -> str:
    """The share of lead time one heat level stands for, e.g. "5–15 %"."""
    bounds = [bound for bound, _ in style.HEAT]
    low = Words(lang).percent(bounds[index]).replace(" %", "").replace("%", "")
    unit = " %" if lang == "sv" else "%"
    if index == 0:
        return f"< {Words(lang).percent(bounds[1])}"
    if index == len(bounds) - 1:
        return f"≥ {Words(lang).percent(bounds[index])}"
    high = Words(lang).percent(bounds[index + 1]).replace(" %", "").replace("%", "")
    return f"{low}–{high}{unit}"


def _shown_path(path: Path) -> str:
    from skavmap.format.diagnostics import display_path

    return display_path(path)
