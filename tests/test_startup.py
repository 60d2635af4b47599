"""What `check` and `render` import on a fresh start may not grow unnoticed.

Start-up is most of the time of a command on a small file (benchmarks/bench_startup.py
measures it), and it is what imports cost. Each command imports only what it uses; the
lists below are what `check` and `render` of the invoice use today. A module that is not
on its list fails the test with its name: import it lazily where it is needed, or, when
the command truly needs it, add it here (and look at bench_startup.py's figures).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fnmatch import fnmatch
from importlib.metadata import packages_distributions

from conftest import ROOT

#: Installed distributions (not the standard library) each command may load, by their
#: normalised names.
PACKAGES = {
    "check": {"typer", "shellingham", "annotated-doc", "pydantic", "pydantic-core",
              "annotated-types", "typing-inspection", "typing-extensions", "pyyaml"},
    "render": {"typer", "shellingham", "annotated-doc", "pydantic", "pydantic-core",
               "annotated-types", "typing-inspection", "typing-extensions", "pyyaml",
               "pygraphviz"},
}  # fmt: skip

_COMMON = [
    "skavmap", "skavmap.cli", "skavmap.commands", "skavmap.commands.common",
    "skavmap.commands.progress", "skavmap.format", "skavmap.format.changes",
    "skavmap.format.diagnostics", "skavmap.format.files", "skavmap.format.inputs",
    "skavmap.format.loader", "skavmap.format.model", "skavmap.format.phrases",
    "skavmap.format.schema", "skavmap.format.yamlsource", "skavmap.outputs",
    "skavmap.outputs.escape", "skavmap.outputs.formats", "skavmap.outputs.messages",
    "skavmap.outputs.vocabulary", "skavmap.outputs.vocabulary.en", "skavmap.analysis",
    "skavmap.analysis.analysers", "skavmap.analysis.analysers.*", "skavmap.analysis.context",
    "skavmap.analysis.digraph",
    "skavmap.analysis.engine", "skavmap.analysis.graph", "skavmap.analysis.impact",
    "skavmap.analysis.metrics", "skavmap.analysis.ranking", "skavmap.analysis.ratchet",
    "skavmap.analysis.results", "skavmap.analysis.rules", "skavmap.analysis.thresholds",
    "skavmap.analysis.timing",
]  # fmt: skip

#: skavmap's own modules each command may load (``*``: any module of that package).
MODULES = {
    "check": [*_COMMON, "skavmap.commands.check", "skavmap.analysis.checking",
              "skavmap.analysis.config", "skavmap.analysis.selectors", "skavmap.reporters",
              "skavmap.reporters.check_text"],
    "render": [*_COMMON, "skavmap.commands.draw", "skavmap.outputs.writing", "skavmap.render",
               "skavmap.render.dot", "skavmap.render.draw", "skavmap.render.layout",
               "skavmap.render.look", "skavmap.render.paper", "skavmap.render.scene",
               "skavmap.render.style"],
}  # fmt: skip

_RUN = """\
import contextlib, io, json, sys
from skavmap.cli import main
sys.argv = ["skavmap", *sys.argv[1:]]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit as stop:
        status = stop.code
print(json.dumps([status, sorted(sys.modules)]))
"""


def imported(*args: str) -> list[str]:
    """The modules loaded by ``skavmap ARGS`` in a fresh interpreter (after it succeeded)."""
    done = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True,
                          cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    status, modules = json.loads(done.stdout)
    assert status == 0, done.stderr
    return modules


def unexpected(command: str, modules: list[str]) -> list[str]:
    """What ``command`` loaded beyond its lists: distributions and skavmap modules."""
    owners = packages_distributions()
    packages = {
        re.sub(r"[-_.]+", "-", d).lower()
        for m in modules
        if "." not in m
        for d in owners.get(m, ())
    }
    new = [f"package {p}" for p in sorted(packages - PACKAGES[command])]
    new += [
        f"module {m}"
        for m in modules
        if m.split(".")[0] == "skavmap" and not any(fnmatch(m, a) for a in MODULES[command])
    ]
    return new


def test_check_imports_only_what_it_uses():
    new = unexpected("check", imported("check", "processes/invoice.yaml"))
    assert not new, "skavmap check now loads:\n  " + "\n  ".join(new) + "\n" + __doc__


def test_render_imports_only_what_it_uses(tmp_path):
    modules = imported("render", "processes/invoice.yaml", "-o", str(tmp_path / "i.svg"))
    new = unexpected("render", modules)
    assert not new, "skavmap render now loads:\n  " + "\n  ".join(new) + "\n" + __doc__


def test_the_lists_name_a_new_module():
    # The test can fail: rich (a package) and the diff (a module) are not check's.
    assert unexpected("check", ["skavmap.analysis.diff", "rich", "rich.console"]) == [
        "package rich",
        "module skavmap.analysis.diff",
    ]
