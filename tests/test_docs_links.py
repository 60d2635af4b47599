"""The README and the docs stand alone: every link in them leads to a file of the project, and
the README sends readers to the specification's text inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: ``[text](target)`` and ``![alt](target)``; a target may carry a title after a space.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
#: ``[label]: target`` reference definitions.
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
#: ``<img src="...">`` and ``<a href="...">`` in the Markdown's HTML.
HTML = re.compile(r"""<(?:img|a)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""")


def links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    # Code blocks hold examples of commands and files, not links.
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    return LINK.findall(text) + REFERENCE.findall(text) + HTML.findall(text)


def local(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)


def test_every_link_in_the_readme_and_the_docs_resolves_to_a_file_in_the_project():
    checked = 0
    for page in PAGES:
        for target in links(page):
            if not local(target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            assert path.is_relative_to(ROOT), f"{page.name}: {target} leads out of the project"
            assert path.exists(), f"{page.name}: {target} does not exist"
            checked += 1
    assert checked > 30


def test_the_links_find_what_they_should():
    """The check above finds real links, of every form it reads."""
    sample = ROOT / "docs" / "format.md"
    found = links(sample)
    assert "process-format.md" in found
    assert links(ROOT / "README.md").count("examples/gallery/invoice.png") >= 1


def test_the_readme_points_to_the_specification_in_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/process-format.md)" in readme
    assert "../shared" not in readme
    for page in PAGES:
        assert "../shared" not in page.read_text(encoding="utf-8"), page.name


def test_the_readme_says_how_long_the_tests_take():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"uv run pytest\s+# the tests: about \d+ s", readme)
