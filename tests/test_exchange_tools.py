"""The exports judged by the real tools, offline: the OMG BPMN 2.0 XML Schema (lxml), bpmnlint
with its recommended rules, bpmn-js in headless Chromium, and Mermaid's own parser.

The npm packages are pinned in package.json and package-lock.json and installed by .ci/run
(``npm ci``); Chromium comes from the distribution. Each tool gets every file in one run
(one Node process, one page), so that the whole check takes seconds. The tests skip only
where Node or Chromium is not installed at all; with Node but without the packages they
fail and say how to install them.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, SHIPPED, run_cli

from skavmap.analysis.engine import analyse
from skavmap.exporters.bpmn import bpmn_text, picture
from skavmap.exporters.mermaid import MAX_EDGES, mermaid_text
from skavmap.format.bpmn import Loader
from skavmap.format.loader import load
from skavmap.render.scene import Options


def _node() -> tuple[str | None, str]:
    """The node command, if it is new enough for the pinned packages (20.12), and why not."""
    found = shutil.which("node")
    if found is None:
        return None, "Node is not installed (needed for bpmnlint and Mermaid; .ci/run sets it up)"
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    if numbers < (20, 12):
        return None, f"Node {version.strip()} is older than 20.12, which Mermaid 11 needs"
    return found, ""


NODE, WHY_NO_NODE = _node()
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
MODULES = ROOT / "node_modules"
JS = ROOT / "tests" / "js"
CORPUS = SHARED / "corpus"
HOSTILE = ROOT / "tests" / "data" / "exchange" / "hostile.yaml"

needs_node = pytest.mark.skipif(NODE is None, reason=WHY_NO_NODE)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None or NODE is None,
    reason=WHY_NO_NODE or "Chromium is not installed (.ci/run installs it)",
)


def modules() -> Path:
    """node_modules, installed from package-lock.json the first time a test needs it (as
    .ci/run does), so that `uv run pytest` on a fresh clone runs these tests too; a clear
    failure when npm cannot install them."""
    if not (MODULES / "bpmnlint").is_dir() or not (MODULES / "mermaid").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed, so the pinned npm packages cannot be")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.fail(f"`npm ci` could not install the pinned npm packages: {done.stderr}")
    return MODULES


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, list[Path]]:
    """Every shipped process as BPMN (lanes by department and by role) and as Mermaid; the
    names that need escaping; and every corpus file read and exported again."""
    folder = tmp_path_factory.mktemp("exports")
    found: dict[str, list[Path]] = {"bpmn": [], "mermaid": [], "corpus": []}
    for name in [*SHIPPED, str(HOSTILE.relative_to(ROOT))]:
        process = load(ROOT / name)
        analysis = analyse(process)
        stem = name.replace("/", "__").removesuffix(".yaml")
        for lanes in ("department", "role"):
            path = folder / f"{stem}.{lanes}.bpmn"
            path.write_text(bpmn_text(process, analysis, Options(lanes=lanes, lang="sv")))
            found["bpmn"].append(path)
        path = folder / f"{stem}.mmd"
        path.write_text(mermaid_text(process, analysis, Options(lang="sv")), encoding="utf-8")
        found["mermaid"].append(path)
    for source in sorted(
        [*CORPUS.glob("bpmn-miwg/*.bpmn"), *CORPUS.glob("camunda-invoice/*.bpmn")]
    ):
        process, _ = Loader().load_file(source)
        assert process is not None, source
        path = folder / f"corpus__{source.stem}.bpmn"
        path.write_text(bpmn_text(process), encoding="utf-8")
        found["corpus"].append(path)
    return found


def node(script: str, *files: Path) -> dict:
    done = subprocess.run(
        [NODE, str(JS / script), *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- the OMG schema -----------------------------------------------------------------------


@needs_node
def test_every_export_is_valid_against_the_omg_bpmn_schema(exports):
    from lxml import etree

    schema_file = modules() / "bpmn-moddle" / "resources" / "bpmn" / "xsd" / "BPMN20.xsd"
    schema = etree.XMLSchema(etree.parse(str(schema_file)))
    problems = {}
    for path in exports["bpmn"] + exports["corpus"]:
        if not schema.validate(etree.parse(str(path))):
            problems[path.name] = [str(e) for e in schema.error_log][:3]
    assert problems == {}
    # The schema is the real one: a task whose documentation comes after its flows is refused.
    text = exports["bpmn"][0].read_text(encoding="utf-8")
    task = text.index("<bpmn:task ")
    documentation = re.search(r"\n\s*<bpmn:documentation>[^<]*</bpmn:documentation>", text[task:])
    text = text[:task] + text[task:].replace(documentation.group(0), "", 1)
    after = text.index("\n", text.index("<bpmn:outgoing>", task))
    broken = text[:after] + documentation.group(0) + text[after:]
    assert not schema.validate(etree.fromstring(broken.encode("utf-8")))


# -- bpmnlint -----------------------------------------------------------------------------


@needs_node
def test_bpmnlint_recommended_finds_nothing_in_any_export(exports):
    modules()
    reports = node("bpmnlint.cjs", *exports["bpmn"], *exports["corpus"])
    assert {Path(k).name: v for k, v in reports.items() if v} == {}
    assert len(reports) == len(exports["bpmn"]) + len(exports["corpus"])


@needs_node
@pytest.mark.skipif(not (CORPUS / "bpmnlint").is_dir(), reason=f"no corpus at {CORPUS}")
def test_the_bpmnlint_run_is_real(exports):
    """bpmnlint's own test files give the reports its own tests expect (EXPECTED.md)."""
    modules()
    expected = {
        "no-disconnected": ("Element", "Element is not connected"),
        "no-implicit-split": ("Element", "Flow splits implicitly"),
        "fake-join": ("Element", "Incoming flows do not join"),
        "superfluous-gateway": (
            "Gateway_1",
            "Gateway is superfluous. It only has one source and target.",
        ),
    }
    files = sorted((CORPUS / "bpmnlint").glob("*/*.bpmn"))
    reports = node("bpmnlint.cjs", *files)
    for path in files:
        rule = path.parent.name
        found = [(r["id"], r["message"]) for r in reports[str(path)] if r["rule"] == rule]
        if path.name.startswith("valid"):
            assert found == [], path
        else:
            assert found == [expected[rule]], path


@needs_node
def test_a_file_saved_again_by_a_bpmn_tool_comes_back_the_same(exports):
    """bpmn-moddle (what bpmn-js, bpmn.io and Camunda Modeler save with) keeps skavmap's
    extension elements: the process file comes back from the file it saved."""
    from test_exchange_import import meaning

    modules()
    # (A sub-process file is looked for next to the BPMN file, which is elsewhere here; the
    # round trip of those is in test_exchange_import.py.)
    by_stem = {name.replace("/", "__").removesuffix(".yaml"): load(ROOT / name) for name in SHIPPED}
    shipped = {}
    for path in exports["bpmn"]:
        process = by_stem.get(path.name.rsplit(".", 2)[0])
        if process and not any(step.kind == "subprocess" for step in process.steps.values()):
            shipped[path] = process
    assert len(shipped) > 30
    warnings = node("bpmn-resave.cjs", *shipped)
    assert {k: v for k, v in warnings.items() if v} == {}
    for path, original in shipped.items():
        process, diagnostics = Loader().load_file(path.with_suffix(".resaved.bpmn"))
        assert process is not None, (path.name, diagnostics)
        assert meaning(process) == meaning(original), path.name


# -- Mermaid ------------------------------------------------------------------------------


@needs_node
def test_mermaid_accepts_every_export_and_refuses_what_it_should(exports, tmp_path):
    modules()
    diff = run_cli(
        "diff", "tests/data/diff/before.yaml", "tests/data/diff/after.yaml", "--format", "markdown"
    )
    picture_text = diff.stdout.split("```mermaid\n", 1)[1].split("```", 1)[0]
    in_diff = tmp_path / "diff.mmd"
    in_diff.write_text(picture_text, encoding="utf-8")
    broken = tmp_path / "broken.mmd"
    broken.write_text('flowchart LR\n  n1["a "quoted" name"] --> n2\n', encoding="utf-8")
    too_many = tmp_path / "too-many.mmd"
    edges = [f"  n{i} --> n{i + 1}" for i in range(MAX_EDGES + 1)]
    too_many.write_text("flowchart LR\n" + "\n".join(edges) + "\n", encoding="utf-8")
    at_limit = tmp_path / "at-limit.mmd"
    at_limit.write_text("flowchart LR\n" + "\n".join(edges[:MAX_EDGES]) + "\n", encoding="utf-8")
    results = node("mermaid-parse.mjs", *exports["mermaid"], in_diff, broken, too_many, at_limit)
    assert {Path(k).name: v for k, v in results.items() if v and Path(k).parent != tmp_path} == {}
    assert results[str(in_diff)] is None and results[str(at_limit)] is None
    assert results[str(broken)] is not None
    # Mermaid's own edge limit is the one the export refuses at.
    assert "500" in results[str(too_many)] or "limit" in results[str(too_many)].lower()


# -- bpmn-js in Chromium -------------------------------------------------------------------


def viewer_page(folder: Path, files: list[Path], view: str = "") -> str:
    """The address of a page that imports ``files`` with bpmn-js (see tests/js)."""
    page = (JS / "bpmn-viewer.html").read_text(encoding="utf-8")
    script = modules() / "bpmn-js" / "dist" / "bpmn-viewer.production.min.js"
    diagrams = {path.name: path.read_text(encoding="utf-8") for path in files}
    page = page.replace("VIEWER_SCRIPT", script.as_uri())
    page = page.replace("DIAGRAMS_JSON", json.dumps(diagrams).replace("</", "<\\/"))
    path = folder / "viewer.html"
    path.write_text(page, encoding="utf-8")
    return path.as_uri() + (f"#{view}" if view else "")


def chromium(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            "--allow-file-access-from-files",
            "--virtual-time-budget=60000",
            f"--user-data-dir={folder / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.browser
@needs_chromium
def test_bpmn_js_imports_every_export_without_a_warning(exports, tmp_path):
    files = exports["bpmn"] + exports["corpus"]
    done = chromium(tmp_path, "--dump-dom", viewer_page(tmp_path, files))
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, done.stderr[-2000:]
    results = json.loads(html.unescape(found.group(1)))
    assert set(results) == {path.name for path in files}
    for path in exports["bpmn"]:
        result = results[path.name]
        assert result.get("warnings") == [], (path.name, result)
        assert result["participants"] == 1
        stem = path.name.rsplit(".", 2)[0]
        names = [*SHIPPED, "tests/data/exchange/hostile.yaml"]
        name = next(n for n in names if n.replace("/", "__").removesuffix(".yaml") == stem)
        lanes = "role" if path.name.endswith(".role.bpmn") else "department"
        scene, _ = picture(load(ROOT / name), Options(lanes=lanes, lang="sv", plain=True, wrap=0))
        assert result["lanes"] == [" ".join(lane.name) for lane in scene.lanes]
        assert result["flows"] >= sum(len(s.next) for s in load(ROOT / name).steps.values())
    for path in exports["corpus"]:
        assert results[path.name].get("warnings") == [], (path.name, results[path.name])


@pytest.mark.browser
@needs_chromium
def test_a_screenshot_of_an_export_shows_its_lanes(tmp_path):
    bpmn = tmp_path / "parallel.bpmn"
    process = load(ROOT / "examples/parallel.yaml")
    bpmn.write_text(bpmn_text(process, analyse(process), Options(lang="sv")), encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = chromium(
        tmp_path, f"--screenshot={shot}", "--window-size=900,500", viewer_page(tmp_path, [bpmn])
    )
    assert shot.exists(), done.stderr[-2000:]
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (900, 500)
    # Lanes are bands across the whole pool: their edges are long dark horizontal lines.
    lines = []
    for y in range(height):
        row = pixels[y]
        dark = sum(
            1 for x in range(width) if sum(row[x][:3]) < 520
        )  # a 1 px line drawn over two rows is grey
        if dark > width * 0.6 and (not lines or y > lines[-1] + 2):
            lines.append(y)
    assert len(lines) == len(picture(process, Options(plain=True, wrap=0))[0].lanes) + 1, lines
    colours = {tuple(row[x][:3]) for row in pixels[::3] for x in range(0, width, 3)}
    # The hottest step is filled as in the diagram (#fe9929; bpmn-js lets 5 % white through).
    assert any(abs(r - 254) <= 3 and abs(g - 156) <= 6 and abs(b - 47) <= 10 for r, g, b in colours)


def read_png(data: bytes) -> tuple[int, int, list[list[tuple[int, ...]]]]:
    """Width, height and rows of pixels of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 255
        rows.append([tuple(line[x : x + channels]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows
