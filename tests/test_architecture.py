"""The house's shape: layers that import only downwards, no import circle, one rule record,
one vocabulary, and a rule that crashes becoming a report instead of a crash.

docs/architecture.md describes the layers; this file keeps the code to it.
"""

from __future__ import annotations

import ast
import functools
import re
import string
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT, run_cli

PACKAGE = ROOT / "skavmap"
#: Each top-level part of the package and its layer; a module may import its own layer and
#: those below, never one above.
LAYERS = {
    "format": 1,
    "analysis": 2,
    "outputs": 3,
    "reporters": 3,
    "render": 3,
    "exporters": 3,
    "report": 3,
    "commands": 4,
    "cli": 5,
    "__main__": 6,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def import_graph() -> nx.DiGraph:
    """Every import of one skavmap module by another: at the top, inside functions and under
    ``TYPE_CHECKING`` alike (read once for the tests that look at it; none changes it)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            graph.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return graph


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_no_import_circle_anywhere():
    circles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert circles == []


def test_every_import_goes_down_or_stays_in_its_layer():
    upwards = [
        f"{a} (layer {layer(a)}) imports {b} (layer {layer(b)})"
        for a, b in import_graph().edges
        if layer(a) is not None and layer(b) is not None and layer(b) > layer(a)
    ]
    assert upwards == []


def test_every_module_belongs_to_a_layer():
    unplaced = [m for m in import_graph() if m != "skavmap" and layer(m) is None]
    assert unplaced == []


def test_the_command_line_offers_exactly_the_kinds_and_languages_there_are():
    from skavmap import cli
    from skavmap.analysis.rules import KINDS
    from skavmap.outputs.vocabulary import LANGS
    from skavmap.reporters.hotspots import ORDERS

    assert cli.KINDS == KINDS and cli.LANGS == LANGS and cli.ORDERS == ORDERS


def test_a_usage_error_loads_no_analysis():
    # A process of its own: this test is about what a fresh start imports.
    code = (
        "import sys\n"
        "from skavmap.cli import main\n"
        "sys.argv = ['skavmap', 'hotspots', '--format', 'bogus']\n"
        "try:\n    main()\n"
        "except SystemExit as stop:\n"
        "    heavy = [m for m in ('networkx', 'numpy', 'yaml', 'skavmap.analysis.engine')"
        " if m in sys.modules]\n"
        "    print(stop.code, heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "2 []", done.stderr


# --- one rule record ---------------------------------------------------------------------------


def test_every_code_name_and_key_explains_itself():
    from skavmap.analysis.rules import registry

    for rule in registry():
        for asked in (rule.code, rule.name, *(s.key for s in rule.settings)):
            done = run_cli("explain", asked, "--lang", "en")
            assert done.returncode == 0, asked
            assert done.stdout.startswith(f"{rule.code} {rule.name} ({rule.kind})\n"), asked


def test_every_rule_setting_is_a_configuration_key():
    from skavmap.analysis.config import known_keys
    from skavmap.analysis.rules import SETTING_TYPES, registry

    keys = known_keys()
    for rule in registry():
        assert rule.is_analyser or rule.settings, f"{rule.code} has nothing to turn it on"
        for setting in rule.settings:
            assert setting.key in keys and setting.type in SETTING_TYPES
            if not rule.is_analyser:
                assert setting.key == rule.name, "a limit's rule is named by its key"


def test_a_rule_that_crashes_is_reported_and_the_others_still_run(monkeypatch):
    from skavmap.analysis import rules

    wait = next(r for r in rules.registry() if r.code == "SKV303")

    def broken(context):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(
        rules._registered, "SKV303", wait.__class__(**{**vars_of(wait), "check": broken})
    )
    done = run_cli("check", "examples/loop.yaml", "--lang", "en", "--verbose")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert re.search(
        r"examples/loop\.yaml:1:1: error: rule SKV303 long-wait failed on this file "
        r"\(ZeroDivisionError: division by zero\)",
        done.stdout,
    )
    assert "[SKV201]" in done.stdout  # the loop is still found


def vars_of(rule) -> dict:
    return {field: getattr(rule, field) for field in rule.__dataclass_fields__}


# --- one vocabulary ---------------------------------------------------------------------------


def placeholders(text) -> set[str]:
    if not isinstance(text, str):
        return set().union(*(placeholders(t) for t in text)) if text else set()
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_say_the_same_things_with_the_same_placeholders():
    from skavmap.outputs.vocabulary.en import WORDS as EN
    from skavmap.outputs.vocabulary.sv import WORDS as SV

    assert SV.keys() == EN.keys()
    differ = [k for k in SV if placeholders(SV[k]) != placeholders(EN[k])]
    assert differ == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_rule_has_words(lang):
    from skavmap.analysis.rules import KINDS, registry
    from skavmap.outputs.messages import _DESCRIBERS
    from skavmap.outputs.vocabulary import Words

    assert {r.code for r in registry()} == set(_DESCRIBERS)
    assert all(f"kind.{kind}" in Words(lang).catalogue for kind in KINDS)


def test_every_docstring_example_runs(monkeypatch):
    # The docstrings are the documentation (house style): their examples must stay true.
    import doctest
    import importlib
    import pkgutil

    import skavmap

    monkeypatch.chdir(ROOT)
    failed = []
    for module in pkgutil.walk_packages(skavmap.__path__, "skavmap."):
        if module.name.endswith("__main__"):
            continue
        failures, _ = doctest.testmod(importlib.import_module(module.name))
        if failures:
            failed.append(module.name)
    assert failed == []
