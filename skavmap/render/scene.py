"""What the diagram shows, before anything is placed: lanes, steps, arrows, title and legend.

:func:`build_scene` turns a process (and its analysis, unless the picture is plain) into a
:class:`Scene`: every box with its shape, colours and HTML-like label, every arrow with its
style and label, and which lane each step goes in. :mod:`skavmap.render.layout` places it;
nothing here knows about coordinates.

Lanes follow the file: one per department in the order ``departments`` declares them (or
one per role with ``lanes="role"``, in the order of ``roles``). External parties, and roles
without a department, get a lane of their own: external parties on top, as the ones who
usually start and end the work, then the departments, then department-less roles. Lanes
that no step uses are left out.

A step without a role goes in the lane of the work around it: a start, a wait or a
notification in the lane of the nearest step after it that has a role (the one who is
waiting or reminded); then a decision, a parallel split or an end in the lane of the nearest
step before it (the one who decides or finishes, or the wait it follows). Give a step a
``role`` to put it in another lane.

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

from skavmap.analysis.graph import back_links
from skavmap.format.model import Process, Step
from skavmap.outputs.messages import hotspot_text
from skavmap.outputs.vocabulary import Words
from skavmap.render import style
from skavmap.render.style import esc, phrase, wrap

if TYPE_CHECKING:
    from skavmap.analysis.results import Analysis, Hotspot
    from skavmap.render.changes import Base

LANE_MODES = ("department", "role")
HIGHLIGHTS = ("handoffs", "loops", "bottlenecks", "pain")
_BACKWARD_KINDS = frozenset({"decision", "parallel", "end"})
_NO_LANE = "-"
#: Space between a decision's name and the diamond's sides, in inches (x, y).
DIAMOND_MARGIN = "0.06,0.03"
#: Width in points of the spare column that keeps a pain note's text off its folded corner.
NOTE_FOLD = 7
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

    def __post_init__(self) -> None:
        if self.lanes not in LANE_MODES:
            raise ValueError(f"lanes must be one of {', '.join(LANE_MODES)}, not {self.lanes!r}")
        if self.highlight is not None and self.highlight not in HIGHLIGHTS:
            raise ValueError(
                f"highlight must be one of {', '.join(HIGHLIGHTS)}, not {self.highlight!r}"
            )
        if self.wrap is not None and self.wrap < 0:
            raise ValueError(f"wrap must be 0 (never) or a number of columns, not {self.wrap}")
        if self.lang not in style.PHRASES:
            raise ValueError(f"lang must be sv or en, not {self.lang!r}")


@dataclass(frozen=True)
class Lane:
    key: str  # a department id, "role:<id>" for a lane of its own, or a role id (role lanes)
    label: str  # HTML-like label of the lane's header
    external: bool
    badges: tuple[int, ...] = ()


@dataclass(frozen=True)
class Block:
    """One step: its shape's node attributes, and what hangs around it."""

    id: str
    lane: int
    kind: str
    attrs: Mapping[str, str]  # Graphviz node attributes of the shape, label included
    caption: str | None = None  # HTML-like label under the shape (start, end, parallel)
    note: str | None = None  # the pain note under the step
    note_dim: bool = False  # the note is drawn grey (outside the --highlight focus)
    badges: tuple[int, ...] = ()
    mark: str | None = None  # compared with a base: "added", "changed" or "removed"


@dataclass(frozen=True)
class Link:
    """One arrow from ``tail`` to ``head`` (step ids)."""

    tail: str
    head: str
    attrs: Mapping[str, str]  # Graphviz edge attributes: colour, width, style
    label: str | None = None  # HTML-like label, placed next to the arrow near its start
    rework: bool = False  # drawn as a rework edge (purple, dashed) when annotated
    badges: tuple[int, ...] = ()
    p: float = 1.0  # the branch's probability: the likeliest way on is kept straight
    mark: str | None = None  # compared with a base: "added" or "removed"


@dataclass(frozen=True)
class KeySample:
    """A sample shape of the shape key, drawn over its row's empty cell."""

    kind: str
    attrs: Mapping[str, str]  # Graphviz node attributes, without size and place
    w: float  # points
    h: float


@dataclass(frozen=True)
class Scene:
    name: str
    title: str  # HTML-like label
    lanes: tuple[Lane, ...]
    blocks: tuple[Block, ...]  # in file order
    links: tuple[Link, ...]
    start: str
    legend: str | None = None  # HTML-like label: how to read the map
    shape_key: str | None = None  # HTML-like label: what the step shapes mean
    key_samples: tuple[KeySample, ...] = ()  # the shapes drawn in the shape key's rows
    hotspots: str | None = None  # HTML-like label: the numbered hotspots
    back_links: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    wrap: int | None = None


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
    >>> [lane.key for lane in scene.lanes]
    ['role:sokande', 'samhallsbyggnad']
    >>> [(block.id, block.lane) for block in scene.blocks][:3]
    [('ansokan', 0), ('granska', 1), ('komplett', 1)]
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
        self.day = process.calendar.day_hours
        self.numbered = self._numbered_hotspots()
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
        predecessors: dict[str, list[str]] = {sid: [] for sid in steps}
        for sid, step in steps.items():
            for target in step.targets:
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

        keys = dict(own)
        # Starts, waits and notifications first: they go with the work that follows them.
        for sid, step in steps.items():
            if keys[sid] is None and step.kind not in _BACKWARD_KINDS:
                keys[sid] = search(sid, True, own)
        # Then gateways and ends, in file order, with the work (or wait) that comes before.
        for sid, step in steps.items():
            if keys[sid] is None and step.kind in _BACKWARD_KINDS:
                keys[sid] = search(sid, False, keys)
        for sid in steps:
            if keys[sid] is None:
                keys[sid] = search(sid, True, keys) or search(sid, False, keys)
        return {sid: key or _NO_LANE for sid, key in keys.items()}

    def _all_lanes(self) -> list[str]:
        """Every lane the process could have, in order."""
        process = self.process
        if self.options.lanes == "role":
            order = list(process.roles)
        else:
            roles = list(process.roles.values())
            order = [f"role:{r.id}" for r in roles if r.external]
            order += list(process.departments)
            order += [f"role:{r.id}" for r in roles if not r.external and r.department is None]
        return [*order, _NO_LANE, _REMOVED_LANE]

    def _lane_order(self, used: set[str]) -> list[str]:
        return [key for key in self._all_lanes() if key in used]

    def _lane(self, key: str) -> Lane:
        process, lang = self.process, self.lang
        if key == _NO_LANE:
            return Lane(key, _header(phrase(lang, "no_role"), None, []), external=False)
        if key == _REMOVED_LANE:
            return Lane(key, _header(phrase(lang, "removed_lane"), None, []), external=False)
        role_id = key[5:] if key.startswith("role:") else key if key in process.roles else None
        if role_id is not None and self.options.lanes == "role" or key.startswith("role:"):
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
            for role in members:
                figures = per_role.get(role.id)
                utilisation = figures.utilisation if figures else None
                if utilisation is not None and utilisation >= style.OVERLOAD_AT:
                    flags.append(
                        phrase(lang, "overload", role=role.name, p=Words(lang).percent(utilisation))
                    )
            member_ids = {role.id for role in members}
            badges = [n for n, h in self.numbered.items() if h.role in member_ids]
        subtitle = phrase(lang, "external") if external else None
        flag_colours = (style.OVERLOAD, "#ffffff")
        if not self._vivid("overload"):
            flag_colours = (style.DIM_FILL, style.DIM_TEXT)
        return Lane(key, _header(title, subtitle, flags, flag_colours), external, tuple(badges))

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
        return hotspot.kind in _FOCUS_KINDS[highlight]

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
            links = set(metrics.cross_department_edges)
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
        keys = self._lane_keys()
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
        legend = shape_key = None
        samples: tuple[KeySample, ...] = ()
        if annotated or marks:
            legend = _legend_key(
                self.lang,
                marks,
                heat=annotated and self._vivid("heat"),
                dimmed=annotated and self.options.highlight is not None,
            )
            shape_key, samples = _shape_key(self.lang, {block.kind for block in blocks})
        return Scene(
            name=process.name,
            title=self._title(),
            lanes=lanes,
            blocks=tuple(blocks),
            links=tuple(links),
            start=process.start,
            legend=legend,
            shape_key=shape_key,
            key_samples=samples,
            hotspots=self._hotspot_table() if annotated else None,
            back_links=back_links(
                [process.start, *(b.id for b in blocks)],
                _successors(links),
            ),
            wrap=self.options.wrap,
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
        keys = old._lane_keys()
        return {
            sid: keys[sid] if keys[sid] in possible else _REMOVED_LANE
            for sid in self.changes.removed
        }

    def _with_ghosts(
        self, blocks: list[Block], old: _SceneBuilder, lanes: Mapping[str, int]
    ) -> list[Block]:
        """``blocks`` with each removed step after the step that came before it in the old
        file (so that Graphviz, which reads the order, keeps them near)."""
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
        attrs = {"color": style.REMOVED_LINE, "penwidth": "1.4", "style": "dashed"}
        return [
            Link(
                tail=gone.tail,
                head=gone.head,
                attrs=attrs,
                label=old._branch_label(
                    old.process.steps[gone.old_tail], gone.branch, style.REMOVED_TEXT
                ),
                p=0.0,  # never the main line of the new version
                mark="removed",
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
        new, changed or gone since the base version."""
        dim = self._dim_step(step.id)
        share = 0.0
        if self.analysis is not None:
            figures = self.analysis.metrics.per_step.get(step.id)
            share = figures.share if figures else 0.0
        if not self._vivid("heat"):
            share = 0.0
        fill = style.DIM_FILL if dim else style.heat_fill(share)
        line = style.DIM_LINE if dim else style.STEP_LINE
        text = style.DIM_TEXT if dim else style.TEXT
        muted = style.DIM_TEXT if dim else style.MUTED
        if mark == "removed":
            fill, line, text, muted = (
                style.REMOVED_FILL,
                style.REMOVED_LINE,
                style.REMOVED_TEXT,
                style.REMOVED_TEXT,
            )
        attrs = {"fillcolor": fill, "color": line, "fontcolor": text}
        tag = self._tag(step.id, mark)
        caption = None
        kind = step.kind
        if kind in ("start", "end"):
            attrs.update(
                shape="circle",
                style="filled",
                fillcolor=fill if dim or mark == "removed" else "#ffffff",
                width="0.42",
                height="0.42",
                fixedsize="true",
                penwidth="1.6" if kind == "start" else "3.6",
                label="",
            )
            caption = _caption(step.name, text, tag)
        elif kind == "parallel":
            attrs.update(
                shape="diamond",
                style="filled",
                fillcolor=fill if dim or mark == "removed" else "#ffffff",
                width="0.6",
                height="0.6",
                fixedsize="true",
                penwidth="1.4",
                label='<<FONT POINT-SIZE="22">+</FONT>>',
            )
            if step.name_given or tag:
                caption = _caption(step.name if step.name_given else "", text, tag)
        elif kind == "decision":
            # Only the name goes inside: the times, the clock time and a tag go under the
            # diamond. The layout sizes the diamond to its text (see DIAMOND_MIN); Graphviz
            # is given no minimum, because with one it lets text run over the edges.
            attrs.update(
                shape="diamond",
                style="filled",
                penwidth="1.4",
                width="0.1",
                height="0.1",
                margin=DIAMOND_MARGIN,
                label=_label(wrap(step.name, 16, 4), [], size=10),
            )
            lines = self._figure_lines(step, muted, dim or mark == "removed")
            if lines or tag:
                caption = _below(lines + ([tag] if tag else []))
        else:
            lines = self._figure_lines(step, muted, dim or mark == "removed")
            if tag:
                lines.append(tag)
            marker = kind == "subprocess"
            attrs.update(
                shape="cds" if kind == "notify" else "box",
                style="rounded,filled,dashed" if kind == "wait" else "rounded,filled",
                penwidth="2.2" if marker else "1.2",
                width="1.6",
                height="0.62",
                margin="0.12,0.06" if kind != "notify" else "0.24,0.06",
                label=_label(wrap(step.name, 22, 4), lines, marker=marker, marker_colour=muted),
            )
            if kind == "notify":
                attrs["style"] = "filled"
        if mark == "added":
            attrs["color"] = style.ADDED
            attrs["penwidth"] = "3.6" if kind == "end" else "2.6"
        elif mark == "removed" and "dashed" not in attrs["style"]:
            attrs["style"] += ",dashed"
        elif mark == "changed":
            attrs["tooltip"] = self._change_details(step.id)
        note = None
        note_dim = dim or not self._vivid("pain")
        if self.analysis is not None:
            note = _pain_note(step, self.lang, dim=note_dim)
        return Block(
            id=step.id,
            lane=lane,
            kind=kind,
            attrs=attrs,
            caption=caption,
            note=note,
            note_dim=note_dim and note is not None,
            badges=badges,
            mark=mark,
        )

    def _tag(self, sid: str, mark: str | None) -> str | None:
        """The pill that says a step is new, changed (and in what) or removed."""
        lang = self.lang
        if mark == "added":
            return _pill(phrase(lang, "added_tag"), style.ADDED)
        if mark == "removed":
            return _pill(phrase(lang, "removed_tag"), style.REMOVED_LINE)
        if mark == "changed":
            assert self.changes is not None
            fields = dict.fromkeys(c.field for c in self.changes.changed[sid])
            what = ", ".join(phrase(lang, f"field_{f}") for f in fields)
            return _pill(phrase(lang, "changed_tag", what=what), style.CHANGED, width=24)
        return None

    def _change_details(self, sid: str) -> str:
        """What changed in a step, old and new (the SVG shows it on hover)."""
        assert self.changes is not None
        return "; ".join(
            f"{phrase(self.lang, f'field_{c.field}')}: "
            f"{self._field(c, c.old)} → {self._field(c, c.new)}"
            for c in self.changes.changed[sid]
        )

    def _field(self, change, value) -> str:
        if change.field in ("work", "wait"):
            return Words(self.lang).duration(value, self.process.calendar.day_hours)
        return "–" if value is None else str(value)

    def _figure_lines(self, step: Step, colour: str, dim: bool) -> list[str]:
        """The small lines under a step's name: times, then the clock time it happens."""
        lang, parts = self.lang, []
        if step.work is not None:
            parts.append(_duration(step.work, self.day, lang))
        if step.wait is not None:
            parts.append(phrase(lang, "waits", t=_duration(step.wait, self.day, lang)))
        lines = []
        if parts:
            lines.append(
                f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="{colour}">'
                f"{esc(' · '.join(parts))}</FONT>"
            )
        if step.at is not None:
            night = not self.process.calendar.is_working_time(step.at)
            if night and self.analysis is not None and not dim and self._vivid("night"):
                lines.append(_pill(phrase(lang, "night", t=step.at.text), style.NIGHT))
            else:
                lines.append(
                    f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="{colour}">'
                    f"{esc(phrase(lang, 'at', t=step.at.text))}</FONT>"
                )
        return lines

    def _links(self):
        analysis = self.analysis
        rework = analysis.metrics.rework_edges if analysis else frozenset()
        handoffs = analysis.metrics.cross_department_edges if analysis else frozenset()
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
                colour, width, line_style = style.EDGE, "1.2", "solid"
                if is_rework:
                    line_style = "dashed"
                    if self._vivid("rework"):
                        colour, width = style.REWORK, "1.8"
                if pair in handoffs and self._vivid("handoff"):
                    colour = style.REWORK if colour == style.REWORK else style.HANDOFF
                    width = "2.4"
                if dim:
                    colour, width = style.DIM_LINE, "1.2"
                if pair in added:
                    # A new handoff stays thick: green says new, the width says handoff.
                    colour, width = style.ADDED, "2.4" if width == "2.4" else "2"
                attrs = {"color": colour, "penwidth": width, "style": line_style}
                label_colour = (
                    style.DIM_TEXT if dim else colour if colour == style.REWORK else style.TEXT
                )
                yield Link(
                    tail=step.id,
                    head=branch.to,
                    attrs=attrs,
                    label=self._branch_label(step, branch, label_colour),
                    rework=is_rework,
                    badges=tuple(loop_badges.get(pair, ())),
                    p=branch.p,
                    mark="added" if pair in added else None,
                )

    def _branch_label(self, step: Step, branch, colour: str) -> str | None:
        parts = []
        if branch.when:
            parts.append(branch.when)
        if step.kind == "decision":
            parts.append(Words(self.lang).percent(branch.p))
        if not parts:
            return None
        lines = wrap(" · ".join(parts), 22, 3)
        body = "<BR/>".join(esc(line) for line in lines)
        return (
            f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD BALIGN="LEFT">'
            f'<FONT POINT-SIZE="{style.LABEL_SIZE}" COLOR="{colour}">{body}</FONT>'
            "</TD></TR></TABLE>>"
        )

    def _title(self) -> str:
        process, lang = self.process, self.lang
        rows = [f'<FONT POINT-SIZE="{style.TITLE_SIZE}"><B>{esc(process.name)}</B></FONT>']
        facts = [part for part in (process.unit, process.owner) if part]
        if self.analysis is not None:
            m = self.analysis.metrics
            count = Words(lang).number(m.handoffs)
            handoffs = phrase(lang, "handoffs_one" if count == "1" else "handoffs", n=count)
            figures = [
                phrase(lang, "lead", t=Words(lang).hours(m.lead_time_hours, self.day)),
                phrase(lang, "work", t=Words(lang).hours(m.work_time_hours, self.day)),
                phrase(lang, "efficiency", p=Words(lang).percent(m.flow_efficiency)),
                handoffs
                + ", "
                + phrase(lang, "cross", n=Words(lang).number(m.cross_department_handoffs)),
            ]
            rows.append(
                f'<FONT POINT-SIZE="{style.SUBTITLE_SIZE}">{esc(" · ".join(figures))}</FONT>'
            )
            if process.volume is not None:
                facts.append(process.volume.text)
            if self.options.highlight:
                what = phrase(lang, f"{self.options.highlight}_focus")
                rows.append(
                    f'<FONT POINT-SIZE="{style.SUBTITLE_SIZE}" COLOR="{style.HANDOFF}">'
                    f"<B>{esc(phrase(lang, 'focus', what=what))}</B></FONT>"
                )
        if facts:
            rows.insert(
                1,
                f'<FONT POINT-SIZE="{style.FIGURE_SIZE + 1}" COLOR="{style.MUTED}">'
                f"{esc(' · '.join(facts))}</FONT>",
            )
        if self.base is not None:
            rows.append(
                f'<FONT POINT-SIZE="{style.SUBTITLE_SIZE}" COLOR="{style.TEXT}">'
                f"<B>{esc(self._compared())}</B></FONT>"
            )
        cells = "".join(f'<TR><TD ALIGN="LEFT">{row}</TD></TR>' for row in rows)
        return f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0">{cells}</TABLE>>'

    def _compared(self) -> str:
        """The title's line about the base, e.g. "Jämfört med main (1a2b3c4): 1 nytt steg,
        1 borttaget · ledtid ↑ +1 d (+7 %)"."""
        assert self.base is not None and self.changes is not None
        lang, found = self.lang, self.changes

        def counted(key: str, n: int) -> str:
            return phrase(lang, f"{key}_one" if n == 1 else key, n=n)

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
        what = ", ".join(parts) or phrase(lang, "no_changes")
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
                    figures.append(phrase(lang, words, d=delta))
        return " · ".join([phrase(lang, "compared", base=self.base.label, what=what), *figures])

    def _hotspot_table(self) -> str:
        lang = self.lang
        analysis = self.analysis
        assert analysis is not None
        rows = [
            f'<TR><TD COLSPAN="3" ALIGN="LEFT"><FONT POINT-SIZE="{style.LANE_SIZE}">'
            f"<B>{esc(phrase(lang, 'hotspots'))}</B></FONT></TD></TR>"
        ]
        if not self.numbered:
            rows.append(f'<TR><TD COLSPAN="3" ALIGN="LEFT">{esc(phrase(lang, "none"))}</TD></TR>')
        for number, hotspot in self.numbered.items():
            message = "<BR/>".join(
                esc(line)
                for line in wrap(hotspot_text(hotspot, self.process, Words(self.lang)), 90, 3)
            )
            rows.append(
                f"<TR>{_badge_cell(number)}"
                f'<TD ALIGN="RIGHT" VALIGN="TOP"><FONT POINT-SIZE="{style.FIGURE_SIZE}" '
                f'COLOR="{style.MUTED}">{Words(lang).number(hotspot.score, 0)}</FONT></TD>'
                f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"><FONT POINT-SIZE="10">'
                f"{message}</FONT></TD></TR>"
            )
        total = sum(1 for h in analysis.hotspots if self._in_focus(h))
        if total > len(self.numbered):
            more = phrase(
                lang, "more", n=total - len(self.numbered), file=_shown_path(analysis.process.file)
            )
            rows.append(
                f'<TR><TD></TD><TD></TD><TD ALIGN="LEFT"><FONT POINT-SIZE="{style.FIGURE_SIZE}" '
                f'COLOR="{style.MUTED}">{esc(more)}</FONT></TD></TR>'
            )
        header = f'<TR><TD></TD><TD><FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="{style.MUTED}">'
        header += f"{esc(phrase(lang, 'score'))}</FONT></TD><TD></TD></TR>"
        if self.numbered:
            rows.insert(1, header)
        return '<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


def _successors(links: list[Link]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in links:
        found.setdefault(link.tail, []).append(link.head)
    return found


# -- label pieces ----------------------------------------------------------------------------


def _duration(duration, day: float, lang: str) -> str:
    """A step's time as a person says it; a range keeps both ends."""
    if duration.low != duration.high:
        low, high = Words(lang).hours(duration.low, day), Words(lang).hours(duration.high, day)
        low_value, low_unit = low.rsplit(" ", 1)
        high_value, high_unit = high.rsplit(" ", 1)
        if low_unit == high_unit:
            return f"{low_value}–{high_value} {high_unit}"
        return f"{low}–{high}"
    return Words(lang).hours(duration.hours, day)


def _label(
    name_lines: list[str],
    extra: list[str],
    size: float = style.NAME_SIZE,
    marker: bool = False,
    marker_colour: str = style.MUTED,
) -> str:
    """A step's label: its name, then the small lines under it. Plain lines of text unless
    a line needs a table (a coloured pill, the sub-process marker): Graphviz lays out text
    much faster than tables, which counts at hundreds of steps."""
    name = "<BR/>".join(esc(line) for line in name_lines)
    if not marker and not any(line.startswith("<TABLE") for line in extra):
        body = "<BR/>".join([name, *extra])
        return (
            f'<<FONT POINT-SIZE="{size}">{body}</FONT>>' if size != style.NAME_SIZE else f"<{body}>"
        )
    rows = [f"<TR><TD>{name}</TD></TR>"]
    rows += [f"<TR><TD>{line}</TD></TR>" for line in extra]
    if marker:
        rows.append(
            f'<TR><TD><TABLE BORDER="1" CELLBORDER="0" COLOR="{marker_colour}" CELLSPACING="0" '
            f'CELLPADDING="0" FIXEDSIZE="TRUE" WIDTH="16" HEIGHT="16">'
            f'<TR><TD><FONT POINT-SIZE="9" '
            f'COLOR="{marker_colour}">+</FONT></TD></TR></TABLE></TD></TR>'
        )
    body = "".join(rows)
    return (
        f'<<FONT POINT-SIZE="{size}"><TABLE BORDER="0" CELLSPACING="1" CELLPADDING="0">'
        f"{body}</TABLE></FONT>>"
    )


def _below(lines: list[str]) -> str:
    """A caption of figure lines (and pills) under a shape, centred."""
    rows = "".join(f"<TR><TD>{line}</TD></TR>" for line in lines)
    return f'<<TABLE BORDER="0" CELLSPACING="1" CELLPADDING="0">{rows}</TABLE>>'


def _caption(name: str, colour: str, tag: str | None = None) -> str:
    body = "<BR/>".join(esc(line) for line in wrap(name, 20, 3))
    text = f'<FONT POINT-SIZE="9.5" COLOR="{colour}">{body}</FONT>'
    if tag is None:
        return f"<{text}>"
    rows = [f"<TR><TD>{text}</TD></TR>"] if name else []
    rows.append(f"<TR><TD>{tag}</TD></TR>")
    return '<<TABLE BORDER="0" CELLSPACING="1" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"


def _pill(text: str, colour: str, width: int = 0) -> str:
    """White words on a rounded patch of ``colour``; wrapped at ``width`` columns if given."""
    body = "<BR/>".join(esc(line) for line in wrap(text, width, 3)) if width else esc(text)
    return (
        f'<TABLE BORDER="0" CELLPADDING="2" CELLSPACING="0"><TR><TD BGCOLOR="{colour}" '
        f'STYLE="rounded"><FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="#ffffff"><B>'
        f"{body}</B></FONT></TD></TR></TABLE>"
    )


def _badge_cell(number: int) -> str:
    return _fixed_cell(
        f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="#ffffff"><B>{number}</B></FONT>',
        f'BGCOLOR="{style.BADGE}" STYLE="rounded"',
        18,
        16,
    )


def _fixed_cell(content: str, cell: str, width: int, height: int) -> str:
    """A cell of a fixed size, at the top left of its table cell (HTML-like tables
    otherwise stretch a cell to its row)."""
    return (
        '<TD VALIGN="TOP" ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD {cell} WIDTH="{width}" HEIGHT="{height}" FIXEDSIZE="TRUE">{content}</TD>'
        "</TR></TABLE></TD>"
    )


def _header(
    title: str,
    subtitle: str | None,
    flags: list[str],
    flag_colours: tuple[str, str] = (style.OVERLOAD, "#ffffff"),
) -> str:
    """A lane's header: its name, a subtitle, and flags (background and text colours)."""
    lines = [
        f'<FONT POINT-SIZE="{style.LANE_SIZE}"><B>'
        f"{'<BR/>'.join(esc(line) for line in wrap(title, 18, 4))}</B></FONT>"
    ]
    if subtitle:
        lines.append(
            f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="{style.MUTED}"><I>{esc(subtitle)}</I>'
            "</FONT>"
        )
    if not flags:
        return "<" + "<BR/>".join(lines) + ">"
    rows = [f"<TR><TD>{line}</TD></TR>" for line in lines]
    background, colour = flag_colours
    for flag in flags:
        rows.append(
            f'<TR><TD BGCOLOR="{background}" STYLE="rounded" CELLPADDING="3">'
            f'<FONT POINT-SIZE="{style.FIGURE_SIZE}" COLOR="{colour}"><B>'
            f"{'<BR/>'.join(esc(line) for line in wrap(flag, 22, 3))}</B></FONT></TD></TR>"
        )
    return '<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"


def _pain_note(step: Step, lang: str, dim: bool = False) -> str | None:
    """The note under a step with reported pain: the most voted pain and its votes. A spare
    column on the right keeps the text clear of the note's folded corner."""
    if not step.pain:
        return None
    pains = sorted(step.pain, key=lambda pain: -pain.votes)
    top = pains[0]
    quoted = phrase(lang, "quote", text=top.text)
    text = "<BR/>".join(esc(line) for line in wrap(quoted, 28, 4))
    tail = [phrase(lang, "vote") if top.votes == 1 else phrase(lang, "votes", n=top.votes)]
    if len(pains) > 1:
        tail.append(phrase(lang, "more_pain", n=len(pains) - 1))
    colour, votes = (style.DIM_TEXT, style.DIM_TEXT) if dim else (style.TEXT, style.PAIN_LINE)
    return (
        '<<TABLE BORDER="0" CELLSPACING="1" CELLPADDING="0">'
        f'<TR><TD BALIGN="LEFT" ALIGN="LEFT"><FONT POINT-SIZE="{style.SMALL_SIZE}" '
        f'COLOR="{colour}"><I>{text}</I></FONT></TD>'
        f'<TD ROWSPAN="2" WIDTH="{NOTE_FOLD}"></TD></TR>'
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{style.SMALL_SIZE}" COLOR="{votes}">'
        f"<B>{esc(' · '.join(tail))}</B></FONT></TD></TR></TABLE>>"
    )


def _marks(blocks, links, lanes, numbered) -> set[str]:
    """The annotations that appear in the picture in colour: the legend explains only these
    (what --highlight dims is context, not explained again)."""
    marks = set()
    if any(link.attrs["color"] == style.HANDOFF for link in links):
        marks.add("handoff")
    if any(link.rework and link.attrs["color"] != style.DIM_LINE for link in links):
        marks.add("rework")
    if numbered:
        marks.add("badge")
    if any(block.note and not block.note_dim for block in blocks):
        marks.add("pain")
    if any(style.NIGHT in block.attrs.get("label", "") for block in blocks) or any(
        style.NIGHT in (block.caption or "") for block in blocks
    ):
        marks.add("night")
    if any(style.OVERLOAD in lane.label for lane in lanes):
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


def _legend_key(lang: str, marks: set[str], heat: bool = True, dimmed: bool = False) -> str:
    """How to read the map: the heat scale (when the steps show it), a sample and a line
    for each mark in ``marks``, and, with ``dimmed``, what grey means."""

    def row(sample: str, text: str) -> str:
        return f'<TR>{sample}<TD ALIGN="LEFT"><FONT POINT-SIZE="10">{esc(text)}</FONT></TD></TR>'

    def line_sample(colour: str, width: int, dashed: bool) -> str:
        dash = ' STYLE="dashed"' if dashed else ""
        return _fixed_cell("", f'SIDES="B" BORDER="{width}" COLOR="{colour}"{dash}', 44, 9)

    swatches = "".join(
        f'<TD BGCOLOR="{colour}" BORDER="1" COLOR="{style.STEP_LINE}" WIDTH="40" HEIGHT="16">'
        f'<FONT POINT-SIZE="{style.FIGURE_SIZE}">{esc(_heat_range(i, lang))}</FONT></TD>'
        for i, (_, colour) in enumerate(style.HEAT)
    )
    heat_row = (
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">'
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">{esc(phrase(lang, "heat"))}</FONT></TD>'
        f"{swatches}</TR></TABLE></TD></TR>"
    )
    pain = (
        f'<TD BGCOLOR="{style.PAIN_FILL}" BORDER="1" COLOR="{style.PAIN_LINE}" WIDTH="44" '
        f'HEIGHT="14"><FONT POINT-SIZE="{style.SMALL_SIZE}" COLOR="{style.PAIN_LINE}"><B>'
        f"{esc(phrase(lang, 'votes', n=6))}</B></FONT></TD>"
    )
    rows = [
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="{style.LANE_SIZE}">'
        f"<B>{esc(phrase(lang, 'key'))}</B></FONT></TD></TR>",
    ]
    if heat:
        rows.append(heat_row)

    def step_sample(tag: str, outline: str, width: int, dashed: bool) -> str:
        dash = ' STYLE="dashed"' if dashed else ' STYLE="rounded"'
        return (
            f'<TD ALIGN="LEFT"><TABLE BORDER="{width}" CELLBORDER="0" COLOR="{outline}"{dash} '
            f'CELLPADDING="3" CELLSPACING="0" BGCOLOR="#ffffff"><TR><TD>{tag}</TD></TR>'
            "</TABLE></TD>"
        )

    samples = {
        "added": step_sample(_pill(phrase(lang, "added_tag"), style.ADDED), style.ADDED, 2, False),
        "added_link": line_sample(style.ADDED, 3, False),
        "changed": f'<TD ALIGN="LEFT">'
        f"{_pill(phrase(lang, 'changed_tag', what=phrase(lang, 'field_role')), style.CHANGED)}"
        "</TD>",
        "removed": step_sample(
            _pill(phrase(lang, "removed_tag"), style.REMOVED_LINE), style.REMOVED_LINE, 1, True
        ),
        "removed_link": line_sample(style.REMOVED_LINE, 2, True),
        "handoff": line_sample(style.HANDOFF, 3, False),
        "rework": line_sample(style.REWORK, 2, True),
        "badge": _badge_cell(1),
        "pain": pain,
        "night": f'<TD ALIGN="LEFT">{_pill(phrase(lang, "night", t="02:00"), style.NIGHT)}</TD>',
        "overload": f'<TD ALIGN="LEFT">{_pill(Words(lang).percent(0.87), style.OVERLOAD)}</TD>',
    }
    for mark, sample in samples.items():
        if mark in marks:
            kind = Words(lang).kind(_MARK_KINDS[mark], title=True) if mark in _MARK_KINDS else ""
            rows.append(row(sample, phrase(lang, f"{mark}_key", kind=kind)))
    if dimmed:
        grey = _fixed_cell(
            "", f'BGCOLOR="{style.DIM_FILL}" BORDER="1" COLOR="{style.DIM_LINE}"', 44, 14
        )
        rows.append(row(grey, phrase(lang, "dimmed_key")))
    return '<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"


#: The step shapes the shape key explains, in the order it lists them.
KEY_KINDS = ("start", "task", "wait", "notify", "decision", "parallel", "subprocess", "end")
#: The cell each sample shape sits in, in points; every row of the key is this high.
KEY_CELL = (36.0, 22.0)
#: Space between the rows of the shape key, in points.
KEY_SPACING = 4.0


def _shape_key(lang: str, kinds: set[str]) -> tuple[str, tuple[KeySample, ...]]:
    """The shape key: an HTML-like table with a row per step kind in ``kinds`` (an empty
    cell, then what the shape means), and the sample shape that goes in each empty cell.
    Graphviz cannot draw a diamond inside a table, so the samples are nodes of their own,
    placed over the cells (the rows have a fixed height, so their places are known)."""
    shown = [kind for kind in KEY_KINDS if kind in kinds]
    width, height = KEY_CELL
    rows = "".join(
        f'<TR><TD WIDTH="{width:g}" HEIGHT="{height:g}" FIXEDSIZE="TRUE"></TD>'
        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">{esc(phrase(lang, f"shape_{kind}"))}'
        "</FONT></TD></TR>"
        for kind in shown
    )
    label = f'<<TABLE BORDER="0" CELLSPACING="{KEY_SPACING:g}" CELLPADDING="0">{rows}</TABLE>>'
    return label, tuple(_sample(kind) for kind in shown)


def _sample(kind: str) -> KeySample:
    """A small step of ``kind``, drawn like the real ones, for the shape key."""
    attrs = {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#ffffff",
        "color": style.STEP_LINE,
        "penwidth": "1.2",
        "label": "",
    }
    size = (30.0, 16.0)
    if kind in ("start", "end"):
        attrs.update(shape="circle", style="filled", penwidth="1.6" if kind == "start" else "3")
        size = (14.0, 14.0)
    elif kind == "wait":
        attrs["style"] = "rounded,filled,dashed"
    elif kind == "notify":
        attrs.update(shape="cds", style="filled")
    elif kind == "decision":
        attrs.update(shape="diamond", style="filled", penwidth="1.4")
        size = (32.0, 18.0)
    elif kind == "parallel":
        attrs.update(shape="diamond", style="filled", penwidth="1.4")
        attrs["label"] = '<<FONT POINT-SIZE="11">+</FONT>>'
        size = (18.0, 18.0)
    elif kind == "subprocess":
        attrs["penwidth"] = "2.2"
        attrs["label"] = f'<<FONT POINT-SIZE="9" COLOR="{style.MUTED}">⊞</FONT>>'
    return KeySample(kind, attrs, *size)


def _heat_range(index: int, lang: str) -> str:
    """The share of lead time one heat colour stands for, e.g. "5–15 %"."""
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
