"""The report's one script, inlined into the page: zooming and moving the process maps.

Plain JavaScript, no library, nothing fetched. Without it (a mail program that strips
scripts) each map is shown whole, as wide as the page. With it, each map sits in a frame:
the mouse wheel zooms where the pointer is once the map is clicked (or with Ctrl held), so
that the wheel still scrolls the page on the way past; dragging moves the map; a double
click zooms in; the keys ``+`` ``-`` ``0`` and the arrows do the same from the keyboard;
the buttons zoom, show the whole map again and fill the screen. The zoom is kept in the
figure's ``data-zoom`` (1 is the whole map), which the browser test reads.
"""

from __future__ import annotations

SCRIPT = r"""
(function () {
  "use strict";
  var STEP = 1.25, MOST = 32, MOVE = 0.15;
  function viewer(figure) {
    var view = figure.querySelector(".viewport");
    var canvas = figure.querySelector(".canvas");
    var svg = canvas && canvas.querySelector("svg");
    var tools = figure.querySelector(".tools");
    if (!view || !svg || !svg.viewBox || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) {
      return;
    }
    var box = svg.viewBox.baseVal, zoom = 1, x = 0, y = 0, drag = null;
    svg.setAttribute("width", box.width);
    svg.setAttribute("height", box.height);
    figure.classList.add("zoomable");
    view.tabIndex = 0;
    tools.hidden = false;
    function whole() {
      return Math.min(view.clientWidth / box.width, view.clientHeight / box.height);
    }
    function size() {
      var room = window.innerHeight * (document.fullscreenElement === figure ? 1 : 0.8);
      if (document.fullscreenElement === figure) {
        room -= tools.offsetHeight + 40;
      }
      var natural = view.clientWidth * box.height / box.width;
      view.style.height = Math.max(240, Math.min(natural, room)) + "px";
    }
    function show() {
      var k = whole() * zoom, w = box.width * k, h = box.height * k;
      var vw = view.clientWidth, vh = view.clientHeight;
      x = w <= vw ? (vw - w) / 2 : Math.min(0, Math.max(vw - w, x));
      y = h <= vh ? (vh - h) / 2 : Math.min(0, Math.max(vh - h, y));
      canvas.style.transform = "translate(" + x + "px," + y + "px) scale(" + k + ")";
      figure.setAttribute("data-zoom", zoom.toFixed(3));
      tools.querySelector("[data-act=out]").disabled = zoom <= 1;
      tools.querySelector("[data-act=in]").disabled = zoom >= MOST;
    }
    function zoomAt(factor, px, py) {
      var before = whole() * zoom;
      zoom = Math.min(MOST, Math.max(1, zoom * factor));
      var after = whole() * zoom;
      x = px - (px - x) * after / before;
      y = py - (py - y) * after / before;
      show();
    }
    function centre(factor) {
      zoomAt(factor, view.clientWidth / 2, view.clientHeight / 2);
    }
    function reset() {
      zoom = 1;
      show();
    }
    function point(event) {
      var rect = view.getBoundingClientRect();
      return [event.clientX - rect.left, event.clientY - rect.top];
    }
    view.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && document.activeElement !== view) {
        return;
      }
      event.preventDefault();
      var at = point(event), unit = event.deltaMode === 1 ? 40 : 1;
      zoomAt(Math.exp(-event.deltaY * unit * 0.0015), at[0], at[1]);
    }, { passive: false });
    view.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) {
        return;
      }
      view.focus();
      drag = { id: event.pointerId, x: event.clientX - x, y: event.clientY - y };
      try {
        view.setPointerCapture(event.pointerId);
      } catch (ignored) {
        // A pointer the browser no longer knows: the drag works without the capture.
      }
      view.classList.add("dragging");
    });
    view.addEventListener("pointermove", function (event) {
      if (drag && drag.id === event.pointerId) {
        x = event.clientX - drag.x;
        y = event.clientY - drag.y;
        show();
      }
    });
    function release() {
      drag = null;
      view.classList.remove("dragging");
    }
    view.addEventListener("pointerup", release);
    view.addEventListener("pointercancel", release);
    view.addEventListener("dblclick", function (event) {
      var at = point(event);
      zoomAt(event.shiftKey ? 1 / 2 : 2, at[0], at[1]);
    });
    view.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      var dx = view.clientWidth * MOVE, dy = view.clientHeight * MOVE;
      var keys = {
        "+": function () { centre(STEP); },
        "=": function () { centre(STEP); },
        "-": function () { centre(1 / STEP); },
        "_": function () { centre(1 / STEP); },
        "0": reset,
        "Home": reset,
        "ArrowLeft": function () { x += dx; show(); },
        "ArrowRight": function () { x -= dx; show(); },
        "ArrowUp": function () { y += dy; show(); },
        "ArrowDown": function () { y -= dy; show(); }
      };
      if (Object.prototype.hasOwnProperty.call(keys, event.key)) {
        event.preventDefault();
        keys[event.key]();
      }
    });
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      var act = button && button.getAttribute("data-act");
      if (act === "in") {
        centre(STEP);
      } else if (act === "out") {
        centre(1 / STEP);
      } else if (act === "reset") {
        reset();
      } else if (act === "full") {
        if (document.fullscreenElement === figure) {
          document.exitFullscreen();
        } else if (figure.requestFullscreen) {
          figure.requestFullscreen();
        }
      }
    });
    var full = tools.querySelector("[data-act=full]");
    if (!document.fullscreenEnabled) {
      full.hidden = true;
    }
    function again() {
      size();
      show();
    }
    document.addEventListener("fullscreenchange", again);
    window.addEventListener("resize", again);
    again();
  }
  var figures = document.querySelectorAll("figure.diagram");
  for (var i = 0; i < figures.length; i += 1) {
    viewer(figures[i]);
  }
})();
"""


def script() -> str:
    """The page's script."""
    return SCRIPT.strip() + "\n"
