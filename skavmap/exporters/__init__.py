"""Other ways out of skavmap: the same process as BPMN 2.0 XML and as a Mermaid flowchart.

Each exporter reads what the diagram shows, :func:`skavmap.render.scene.build_scene`, and
the BPMN exporter also where the diagram puts it, :func:`skavmap.render.layout.layout`, so
that a BPMN tool opens the process in skavmap's own layout, lanes and all. They add no words
of their own beyond the vocabulary, and use Graphviz only to measure (as the layout needs).
"""

from __future__ import annotations

#: What ``skavmap export --to`` writes, and the file suffix of each.
EXPORTS = {"bpmn": ".bpmn", "mermaid": ".mmd"}
