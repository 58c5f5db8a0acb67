"""``--plot FILE``: a Picture (``picture.py``) drawn with matplotlib as .png, .svg or .pdf, the same bytes
for the same command (no dates, a fixed SVG id salt, matplotlib's own DejaVu fonts)."""

from __future__ import annotations

import io

from ..errors import BadInput

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
"""What a picture file's extension says of its format."""
METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
            "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}}
"""Metadata left out: a date or a version would make two runs of one command differ."""


def picture_format(path: str) -> str:
    """png, svg or pdf, from the file's extension; anything else, or no matplotlib, is BadInput (before any proof
    work: the picture's numbers need numpy, which comes with matplotlib)."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None or importlib.util.find_spec("numpy") is None:
        raise BadInput("{plot} needs matplotlib: pip install 'ceproof[plot]'")
    for suffix, kind in FORMATS.items():
        if str(path).lower().endswith(suffix):
            return kind
    raise BadInput(f"{{plot}} must end in .png, .svg or .pdf, got {path!r}")


def draw(picture, kind: str) -> bytes:
    """The picture as the bytes of a ``kind`` file."""
    try:
        import matplotlib
    except ImportError:
        raise BadInput("{plot} needs matplotlib: pip install 'ceproof[plot]'") from None
    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.hashsalt": "ceproof", "font.family": "DejaVu Sans", "font.size": 10,
                                "axes.spines.top": False, "axes.spines.right": False}):
        wide = picture.eigen is not None or picture.bend is not None
        figure = Figure(figsize=(9.0 if wide else 6.0, 3.2), dpi=150, layout="constrained")
        axes = figure.subplots(1, 2 if wide else 1, squeeze=False)[0]
        _loss_panel(axes[0], picture)
        if picture.eigen is not None:
            _eigen_panel(axes[1], picture)
        elif picture.bend is not None:
            _bend_panel(axes[1], picture)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=kind, metadata=METADATA[kind])
        pyplot.close("all")
    return buffer.getvalue()


def _loss_panel(ax, picture) -> None:
    ax.plot(picture.s, picture.loss, color="#1f4e9c", linewidth=2, label=f"{picture.name} along the line")
    if picture.chord is not None:
        (a, fa), (b, fb) = picture.chord
        ax.plot([a, b], [fa, fb], color="#c0392b", linewidth=1.5, linestyle="--", label="chord")
        ax.plot([a, b], [fa, fb], "o", color="#c0392b", markersize=4)
    if picture.parabola is not None:
        ax.plot(picture.s, picture.parabola, color="#c0392b", linewidth=1.5, linestyle="--",
                label="parabola with the certified curvature")
    for n, (s, low, high, label) in enumerate(picture.marks):
        middle = (low + high) / 2
        ax.errorbar([s], [middle], yerr=[[middle - low], [high - middle]], fmt="D", color="black" if n == 0 else "#c0392b",
                    markersize=5, capsize=4, label=label)
    ax.set_xlabel("s (position along the line)")
    ax.set_ylabel(picture.name)
    ax.set_title({"convex": "convex: the chord lies above", "chord": "not convex: the chord lies below",
                  "curvature": "not convex: negative curvature"}[picture.kind])
    ax.legend(loc="best", fontsize=8, frameon=False)


def _eigen_panel(ax, picture) -> None:
    for n in range(len(picture.spectrum[0]) if picture.spectrum else 0):
        ax.plot(picture.s, [values[n] for values in picture.spectrum], color="#b0b0b0", linewidth=1)
    ax.plot(picture.s, picture.eigen, color="#1e8449", linewidth=2.5, label="smallest")
    ax.axhline(0.0, color="black", linewidth=0.6)
    top = max(max(values[-1] for values in picture.spectrum), 0.0) if picture.spectrum else max(picture.eigen)
    ax.set_ylim(-0.05 * (top + 1e-3), top * 1.1 + 1e-3)
    ax.set_xlabel("s (position along the line)")
    ax.set_ylabel("eigenvalues of the Hessian")
    ax.set_title("smallest eigenvalue " + ("exactly 0" if picture.exact_zero else "never below 0"))
    ax.legend(loc="best", fontsize=8, frameon=False)


def _bend_panel(ax, picture) -> None:
    ax.plot(picture.s, picture.bend, color="#1f4e9c", linewidth=2, label=f"{picture.name} minus its tangent at s = 0")
    ax.plot(picture.s, picture.bend_parabola, color="#c0392b", linewidth=1.5, linestyle="--",
            label="s²·f''(0)/2, certified f''(0)")
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.plot([0.0], [0.0], "D", color="black", markersize=5)
    ax.set_xlabel("s (position along the line)")
    ax.set_ylabel("below the tangent")
    ax.set_title("it bends below its tangent")
    ax.legend(loc="best", fontsize=8, frameon=False)
