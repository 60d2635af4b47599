"""Random damage to valid files: the loader answers with clean diagnostics, never a crash."""

from __future__ import annotations

import string

from conftest import process_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skavmap.format.diagnostics import Diagnostic
from skavmap.format.loader import Loader

SOURCES = [p.read_text(encoding="utf-8") for p in process_files() if "subprocess" not in p.name]
ALPHABET = string.printable + "åäöÅÄÖ:-[]{}&*!|>%#'\"\t"

mutation = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.text(ALPHABET, max_size=12)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
    st.tuples(st.just("swap-lines"), st.integers(0, 10**6), st.integers(0, 10**6)),
    st.tuples(st.just("indent"), st.integers(0, 10**6), st.integers(-4, 4)),
)


def mutate(text: str, steps: list) -> str:
    for op, a, b in steps:
        if op == "insert":
            i = a % (len(text) + 1)
            text = text[:i] + b + text[i:]
        elif op == "delete" and text:
            i = a % len(text)
            text = text[:i] + text[i + b :]
        elif op == "swap-lines":
            lines = text.split("\n")
            i, j = a % len(lines), b % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif op == "indent":
            lines = text.split("\n")
            i = a % len(lines)
            lines[i] = " " * b + lines[i] if b > 0 else lines[i][-b:]
            text = "\n".join(lines)
    return text


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(source=st.sampled_from(SOURCES), steps=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_files_give_clean_diagnostics(tmp_path, source, steps):
    path = tmp_path / "muterad.yaml"
    path.write_text(mutate(source, steps), encoding="utf-8")
    process, diagnostics = Loader().load_file(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.severity in ("error", "warning")
        assert diagnostic.message and "\n" not in diagnostic.message
        assert 1 <= diagnostic.pos.line <= len(lines) + 1
        assert diagnostic.pos.col >= 1
        assert "Traceback" not in diagnostic.message
    has_errors = any(d.severity == "error" for d in diagnostics)
    assert (process is None) == has_errors


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_give_clean_diagnostics(tmp_path, data):
    path = tmp_path / "skräp.yaml"
    path.write_bytes(data)
    process, diagnostics = Loader().load_file(path)
    assert process is None
    assert diagnostics and all(d.severity == "error" for d in diagnostics)


def _both_ways(text: str) -> tuple[object, object]:
    """What the event reader and the node reader make of one text: data, places, problems."""
    from skavmap.format import yamlsource

    def outcome(read):
        try:
            return read()
        except yamlsource.SourceError as error:
            return error

    def by_events():
        events = yamlsource._EventBuilder(text)
        data = events.read()
        return data, events.places, events.errors

    def by_nodes():
        builder = yamlsource._Builder()
        data = builder.read(yamlsource.compose(text))
        return data, builder.places, builder.errors

    def unreadable_too(read):
        import yaml

        try:
            return read()
        except yaml.YAMLError as error:
            raise yamlsource._unreadable(error, text) from None

    return outcome(lambda: unreadable_too(by_events)), outcome(by_nodes)


@settings(max_examples=150, deadline=None)
@given(source=st.sampled_from(SOURCES), steps=st.lists(mutation, min_size=1, max_size=4))
def test_events_and_nodes_read_alike(source, steps):
    # Files without anchors and merge keys are read from the parser's events; the composed
    # nodes, which every other file goes through, must give the same data, places and errors.
    text = mutate(source, steps)
    if "&" in text or "*" in text or "<<" in text or "merge" in text or not text.strip():
        return
    by_events, by_nodes = _both_ways(text)
    assert by_events == by_nodes


def test_a_merge_key_written_as_a_tag_is_merged():
    from skavmap.format.yamlsource import source_from_text

    source, errors = source_from_text("a: {x: 1}\nb:\n  !!merge m: {y: 2}\n  z: 3\n")
    assert source.data == {"a": {"x": 1}, "b": {"y": 2, "z": 3}}
    assert errors == []


def _simply_and_by_events(text: str) -> tuple[str, str] | None:
    """What the simple reader and the event reader make of a text the simple reader reads
    (data shown with its types, and places), or ``None`` when it leaves the text to the
    parser."""
    from skavmap.format import yamlsource

    simple = yamlsource._SimpleReader()
    try:
        data = simple.read(text)
    except yamlsource._NotSimple:
        return None
    events = yamlsource._EventBuilder(text)
    by_events = (repr(events.read()), events.places, events.errors)
    return (repr(data), simple.places, []), by_events


#: Pieces of keys and values: plain text, and what would end, start or change one.
_PLAIN = st.sampled_from(
    ["a", "s1", "Ärende", "a\u0308", "x y", "x  y", "1", "-2", "0.5", ".5", "1e3", "30m",
     "10-20m", "5%", "true", "False", "null", "~", "a?", "a-", "…", "\xa0", "😀"]
)  # fmt: skip
_NOT_PLAIN = st.sampled_from(
    ["?", "-", "- ", ":", ": ", "#", " #", "a#", "'", '"', " ", "\t", "{", "}", "[", "]", ",",
     ", ", "!", "%", "@", "`", "|", ">", "\u2028", "\x85", "\ufeff", "---", "...", "\r"]
)  # fmt: skip
# One text in twenty holds a piece that is not plain, so that a file of a dozen texts is
# as often simple as not.
_TEXT = st.builds(
    lambda pieces, spoilt, spoiler: "".join(pieces) + (spoiler if spoilt == 0 else ""),
    st.lists(_PLAIN, min_size=1, max_size=3),
    st.integers(0, 19),
    _NOT_PLAIN,
)
_FLOW = st.recursive(
    _TEXT,
    lambda inner: st.one_of(
        st.lists(st.tuples(_TEXT, inner), max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
        ),
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    ),
    max_leaves=6,
)
#: A block mapping: (key, value) pairs; a tuple is a block list of flow values.
_BLOCK = st.recursive(
    _FLOW,
    lambda inner: st.one_of(
        st.lists(st.tuples(_TEXT, inner), min_size=1, max_size=4),
        st.lists(_FLOW, min_size=1, max_size=3).map(tuple),
    ),
    max_leaves=12,
)


def _written(entries: list, indent: int, step: int, comment: str, list_step: int) -> list[str]:
    lines = []
    for key, value in entries:
        if isinstance(value, str):
            lines.append(f"{' ' * indent}{key}: {value}{comment}")
            continue
        lines.append(f"{' ' * indent}{key}:{comment}")
        if isinstance(value, list):
            lines.extend(_written(value, indent + step, step, comment, list_step))
        else:
            lines.extend(f"{' ' * (indent + list_step)}- {item}{comment}" for item in value)
    return lines


@settings(max_examples=150, deadline=None)
@given(
    entries=st.lists(st.tuples(_TEXT, _BLOCK), min_size=1, max_size=4),
    step=st.integers(1, 4),
    list_step=st.integers(0, 2),
    comment=st.sampled_from(["", "  # note", " #", "#x", "  "]),
    damage=st.lists(mutation, max_size=2),
)
def test_the_simple_reader_reads_as_the_parser_does(entries, step, list_step, comment, damage):
    # A file in the shapes large files are written in is read without the parser: whatever
    # the simple reader takes on, it must read as the parser's events are read.
    text = mutate("\n".join(_written(entries, 0, step, comment, list_step)) + "\n", damage)
    if "&" in text or "*" in text or "<<" in text:
        return
    both = _simply_and_by_events(text)
    if both is not None:
        assert both[0] == both[1]


@settings(max_examples=100, deadline=None)
@given(source=st.sampled_from(SOURCES), steps=st.lists(mutation, min_size=1, max_size=4))
def test_damaged_files_the_simple_reader_takes_are_read_as_the_parser_does(source, steps):
    text = mutate(source, steps)
    if "&" in text or "*" in text or "<<" in text:
        return
    both = _simply_and_by_events(text)
    if both is not None:
        assert both[0] == both[1]


def test_a_large_file_is_read_without_the_parser():
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    for text in (generate(300, loop_every=7, parallel_every=11, compact=True), generate(50)):
        both = _simply_and_by_events(text)
        assert both is not None
        assert both[0] == both[1]


def test_steps_arrows_and_places_made_in_order_are_what_init_makes():
    import dataclasses

    import pytest

    from skavmap.format.loader import _new_branch, _new_step, load
    from skavmap.format.model import Branch, Pos, Step
    from skavmap.format.yamlsource import _new_pos

    files = [p for p in process_files() if "subprocess" not in p.name]
    steps = [step for p in files for step in load(p).steps.values()]
    assert steps
    things = [*steps, *(b for s in steps for b in s.next), *(s.pos for s in steps)]
    makers = {Step: _new_step, Branch: _new_branch, Pos: _new_pos}
    for thing in things:
        cls = type(thing)
        values = [getattr(thing, field.name) for field in dataclasses.fields(cls)]
        made, by_init = makers[cls](*values), cls(*values)
        assert type(made) is cls
        assert made == by_init and hash(made) == hash(by_init) and repr(made) == repr(by_init)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, dataclasses.fields(cls)[0].name, values[0])
    with pytest.raises(TypeError):
        _new_step(*values[:-1])


#: Values a step's fields may be written with: what StepDoc keeps, and what it changes,
#: turns into text or refuses.
_STEP_VALUE = st.one_of(
    st.sampled_from(
        ["task", "start", "end", "decision", "wait", "subprocess", "Task", " task", "x", "30m",
         "1h30m", "10-20m", "2", "-1h", "20-10m", "200000h", "3 veckor", "a b", " a", "a ",
         "a\xa0", "\u3000a", "a\x1c", "a\ud800", "Ärende", "", " ", "\n"]
    ),
    st.text(max_size=4),
    st.integers(-2, 2),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, max_value=10),
    st.lists(st.sampled_from(["a", "b", " c", "", 1]), max_size=3),
    st.fixed_dictionaries({"to": st.sampled_from(["a", " b"])}),
)  # fmt: skip


_TEXT_KEPT = st.sampled_from(["a", "Ärende", "😀", "s1"])


def _mostly(kept):
    """Values of one field: seven in eight of them the field keeps."""
    return st.integers(0, 7).flatmap(lambda spoilt: _STEP_VALUE if spoilt == 0 else kept)


#: Branches written as large files write them, a few of their values changed or refused.
_BRANCH = st.fixed_dictionaries(
    {"to": _mostly(_TEXT_KEPT)},
    optional={
        "when": _mostly(st.sampled_from(["ja", "nej", "", "Ärende"])),
        "p": _mostly(st.sampled_from([0, 1, 0.15, "15%", "12,5 %", "0.2", 2, "x"])),
    },
)
#: Steps written as large files write them, a few of their values changed or refused.
_NEARLY_PLAIN_STEP = st.fixed_dictionaries(
    {},
    optional={
        "kind": _mostly(st.sampled_from(["task", "start", "decision", "end", "subprocess"])),
        "name": _mostly(_TEXT_KEPT),
        "role": _mostly(_TEXT_KEPT),
        "system": _mostly(_TEXT_KEPT | st.lists(_TEXT_KEPT, max_size=2)),
        "work": _mostly(st.sampled_from(["30m", "1h30m", "10-20m", "2d", "1w"])),
        "wait": _mostly(st.sampled_from(["4h", "2 dagar", "10-20m"])),
        "next": _mostly(_TEXT_KEPT | _BRANCH | st.lists(_TEXT_KEPT | _BRANCH, max_size=3)),
    },
)
_ANY_STEP = st.dictionaries(
    st.sampled_from(["kind", "name", "role", "system", "work", "wait", "next", "at", "note",
                     "nxet", 1]),
    _STEP_VALUE,
    max_size=5,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(step=_NEARLY_PLAIN_STEP | _ANY_STEP)
def test_a_plain_step_is_read_as_pydantic_reads_it(step):
    from pydantic import ValidationError

    from skavmap.format.schema import BranchDoc, PlainBranch, PlainStep, StepDoc, plain_step

    assert PlainStep._fields == tuple(StepDoc.model_fields)
    assert PlainBranch._fields == tuple(BranchDoc.model_fields)
    plain = plain_step(step)
    if plain is None:
        return  # left to pydantic
    by_pydantic = StepDoc.model_validate(step)  # raises if a plain step were not valid
    assert not isinstance(by_pydantic, ValidationError)
    for field, value in zip(PlainStep._fields, plain, strict=True):
        expected = getattr(by_pydantic, field)
        assert _as_read(value) == _as_read(expected), field


def _as_read(value):
    """A field's value with its type, a branch's shown as its fields."""
    from pydantic import BaseModel

    from skavmap.format.schema import PlainBranch

    if isinstance(value, list):
        return [_as_read(item) for item in value]
    if isinstance(value, BaseModel | PlainBranch):
        fields = type(value).model_fields if isinstance(value, BaseModel) else value._fields
        return ("branch", [_as_read(getattr(value, field)) for field in fields])
    return type(value), value


def test_the_steps_large_files_are_made_of_are_plain():
    from skavmap.format.schema import plain_step

    assert plain_step({"role": "r", "system": "s", "work": "1h", "wait": "2d", "next": "b"})
    assert plain_step({"kind": "parallel", "name": "Dela upp", "next": ["a", "b"]})
    assert plain_step({})
    assert plain_step({"kind": "decision", "next": [{"to": "a", "when": "ja"}, {"to": "b"}]})
    assert plain_step({"kind": "decision", "next": [{"to": "a"}, {"to": "b", "p": "x"}]}) is None


def _loaded_both_ways(path):
    """What the loader makes of a file, and what it makes without its plain steps."""
    from unittest import mock

    from skavmap.format import loader

    quick = Loader().load_file(path)
    with mock.patch.object(loader, "plain_step", lambda value: None):
        plain = Loader().load_file(path)
    return quick, plain


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(source=st.sampled_from(SOURCES), steps=st.lists(mutation, max_size=3))
def test_plain_steps_load_as_pydantic_read_steps_do(tmp_path, source, steps):
    # A plain step is read without pydantic and, when nothing is wrong with it, made in the
    # loader's quick loop: the process and every diagnostic must be what the plain path gives.
    path = tmp_path / "snabb.yaml"
    path.write_text(mutate(source, steps), encoding="utf-8")
    quick, plain = _loaded_both_ways(path)
    assert quick == plain


def test_a_large_file_loads_as_pydantic_read_steps_do(tmp_path):
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    path = tmp_path / "stor.yaml"
    path.write_text(generate(400, loop_every=7, parallel_every=11, compact=True))
    quick, plain = _loaded_both_ways(path)
    assert quick[0] is not None and quick == plain
