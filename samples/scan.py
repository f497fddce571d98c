"""Scanned invoices: a native invoice PDF turned into image-only pages, by an RNG.

``scan(pdf, rng)`` renders each page in grey, prints it on paper that may carry a
stamp, a signature or punch holes, lays the sheet skewed or turned on a scanner
(blur, noise, uneven light, dark border) and writes the JPEG pages into a PDF of the
same page size with no text layer. ``scanned_invoice(seed, i)`` scans the i-th
generated invoice and adds the degradations to its truth under ``_scan``.

Stamps and signatures keep off all print; cuts, skew, borders and holes keep off
the text (a full-bleed band may lose a corner), so a scan carries the same truth as
its native invoice. Each plan draws all of its values whether they are used or not:
forcing one degradation leaves the others as they were drawn.
"""

import io
import json
import math
import random
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import reportlab
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from samples import data
from samples.generator import invoice_for, render, truth

MM_PER_INCH = 25.4
POINTS_PER_INCH = 72
INK_LEVEL = 200
"""A rendered grey below this is print, which no stamp or signature may touch."""
INK_PAD_MM = 3
"""The blank gap kept between a mark and the nearest print."""
EDGE_MM = 3
"""Marks stay this far inside the sheet's edges."""
TONER = (28, 28, 30)
HOLE_RADIUS_MM = 3.0
INKS: dict[str, tuple[int, int, int]] = {
    "red": (196, 36, 48),
    "blue": (36, 62, 168),
    "black": (34, 34, 40),
}
STAMPS = ("paye", "recu", "round")
HANDWRITING = ("signature", "scribble")
CORNERS = ("top_right", "bottom_right", "bottom_left", "top_left")
SIDES = ("left", "right", "top", "bottom")
ROUND_STAMP_TEXTS = (
    "MAIRIE DE {city} • SERVICE FINANCES •",
    "COMMUNAUTÉ DE COMMUNES • {city} •",
    "SERVICES TECHNIQUES • {city} •",
    "CENTRE HOSPITALIER DE {city} •",
    "LYCÉE • {city} • INTENDANCE •",
)
ROUND_STAMP_CENTRES = ("COURRIER\nARRIVÉ", "SERVICE\nFAIT", "REÇU", "VU")
FORCE_KEYS = frozenset(
    {
        "rotation",
        "skew",
        "dpi",
        "noise",
        "stamp",
        "signature",
        "holes",
        "border",
        "blur",
        "crop",
        "jpeg_quality",
    }
)
"""What ``force`` may pin: rotation (0, 90, 180, 270), skew (degrees, applied as
given), dpi, jpeg_quality, and the booleans noise, stamp, signature, holes, border,
blur, crop. A forced stamp, signature, hole or cut is still left out where it would
cover or cut the print; the record says what was applied."""


# ---------------------------------------------------------------- plans and records


@dataclass(frozen=True, slots=True)
class MarkPlan:
    """An ink mark to put on a page: a stamp or handwriting, not yet placed."""

    kind: str
    ink: str
    size_mm: tuple[float, float]
    angle: float
    """Tilt of the mark on the sheet, degrees counter-clockwise."""
    corners: tuple[str, ...]
    """The corners to try, preferred first."""
    pick: int
    """Which of the nearest free spots to take."""
    text: str
    seed: int


@dataclass(frozen=True, slots=True)
class Mark:
    """A mark as applied: ``box`` is in PDF points, top-left origin, native page."""

    kind: str
    ink: str
    box: tuple[float, float, float, float]
    text: str


@dataclass(frozen=True, slots=True)
class DocumentPlan:
    """The degradations shared by every page of one scanned document."""

    hard: bool
    """A harder scan: stronger skew, blur and noise, lower JPEG quality."""
    dpi: int
    jpeg_quality: int
    colour: bool
    """Colour JPEG pages; grey ones otherwise."""
    paper: tuple[int, int, int]
    stamp: MarkPlan | None
    """Put on the first page."""
    signature: MarkPlan | None
    """Put on the last page."""
    holes: bool
    border: bool
    """Dark scanner lid: dark strips along some edges and dark skew wedges."""
    border_sides: tuple[str, ...]
    border_mm: float


@dataclass(frozen=True, slots=True)
class PagePlan:
    """The degradations drawn for one page."""

    rotation: int
    """Clockwise quarter turns of the sheet on the glass, in degrees."""
    skew: float
    """Counter-clockwise tilt of the sheet, degrees."""
    blur: float
    """Gaussian blur radius, pixels at 300 dpi (0: sharp)."""
    noise: str | None
    """"gaussian", "salt_pepper" or None."""
    noise_level: float
    """Standard deviation in grey levels, or the fraction of salted pixels."""
    lighting: float
    """Darkening from the bright to the dim side of the page (0: even)."""
    lighting_angle: float
    crop_side: str | None
    """The side of the sheet off the glass, cut by ``crop_mm``."""
    crop_mm: float
    seed: int


@dataclass(frozen=True, slots=True)
class PageScan:
    """What was applied to one page (clamped so that no print is lost or covered)."""

    rotation: int
    skew: float
    blur: float
    noise: str | None
    noise_level: float
    lighting: float
    crop_side: str | None
    crop_mm: float
    holes: int
    border: bool
    marks: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class Scan:
    """A scanned PDF and the degradations it went through."""

    pdf: bytes
    dpi: int
    jpeg_quality: int
    colour: bool
    hard: bool
    paper: tuple[int, int, int]
    pages: tuple[PageScan, ...]

    def record(self) -> dict[str, object]:
        """The degradations as the ``_scan`` truth metadata (JSON-ready)."""
        return {
            "dpi": self.dpi,
            "jpeg_quality": self.jpeg_quality,
            "colour": self.colour,
            "hard": self.hard,
            "paper": list(self.paper),
            "pages": [_as_json(asdict(page)) for page in self.pages],
        }


def _as_json(value: object) -> object:
    """``value`` with its tuples turned into lists, as JSON reads it back."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class InkMap:
    """Where a page has print and text, on a grid of ``cell`` pixels (about 1 mm).

    Marks keep off all print (``ink``); cuts, skew, borders and holes keep off the
    text (``text``), so a full-bleed band may lose a corner but no value is lost.
    """

    ink: np.ndarray
    text: np.ndarray
    cell: int
    dpi: int

    @property
    def mm(self) -> float:
        """The side of one cell in millimetres."""
        return self.cell * MM_PER_INCH / self.dpi

    def blank_margin(self, side: str) -> float:
        """The distance from the ``side`` edge to the first text, in mm."""
        rows = np.flatnonzero(self.text.any(axis=1))
        cols = np.flatnonzero(self.text.any(axis=0))
        if rows.size == 0:
            return math.inf
        h, w = self.text.shape
        cells = {
            "left": cols[0],
            "right": w - 1 - cols[-1],
            "top": rows[0],
            "bottom": h - 1 - rows[-1],
        }[side]
        return float(cells) * self.mm


# ---------------------------------------------------------------- drawing the plans


def _mark_plan(rng: random.Random, kind: str) -> MarkPlan:
    """Draw an ink mark of ``kind`` (all of its values, used or not)."""
    ink = rng.choice(("red", "red", "blue"))
    width, height = rng.uniform(42, 56), rng.uniform(15, 20)
    angle = rng.uniform(-14, 14)
    day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 729))
    month = data.MONTHS[day.month - 1].upper()
    city = rng.choice(data.CITIES)[1].upper()
    round_text = rng.choice(ROUND_STAMP_TEXTS).format(city=city)
    centre = rng.choice(ROUND_STAMP_CENTRES)
    diameter = rng.uniform(30, 38)
    hand_ink = rng.choice(("blue", "blue", "black"))
    corners = list(CORNERS)
    rng.shuffle(corners)
    pick = rng.randrange(6)
    seed = rng.getrandbits(32)
    if kind == "paye":
        text = f"PAYÉ\nle {day:%d/%m/%Y}" if rng.random() < 0.5 else "PAYÉ"
    elif kind == "recu":
        text = f"REÇU LE\n{day.day} {month} {day.year}"
    elif kind == "round":
        text = f"{round_text}\n{centre}"
        width = height = diameter
    else:
        ink, angle = hand_ink, angle / 3
        width, height, text = width * 0.9, height * 1.1, ""
        corners = ["bottom_right", "bottom_left", *corners[:2]]
    return MarkPlan(kind, ink, (width, height), angle, tuple(corners), pick, text, seed)


def plan_document(rng: random.Random, force: dict[str, object]) -> DocumentPlan:
    """Draw the document-wide degradations; ``force`` pins some of them."""
    hard = rng.random() < 0.15
    dpi = rng.randint(200, 300)
    quality = rng.randint(40, 60) if hard else rng.randint(60, 85)
    colour = rng.random() < 0.7
    tint = rng.random()
    level = rng.randint(238, 252)
    if tint < 0.5:
        paper = (level, level, level - rng.randint(0, 3))
    elif tint < 0.8:
        paper = (level, level - rng.randint(4, 10), level - rng.randint(22, 40))
    else:
        grey = rng.randint(212, 232)
        paper = (grey, grey, grey)
    stamp = _mark_plan(rng, rng.choice(STAMPS))
    signature = _mark_plan(rng, rng.choice(HANDWRITING))
    has_stamp = rng.random() < 0.25
    has_signature = rng.random() < 0.12
    holes = rng.random() < 0.08
    border = rng.random() < (0.4 if hard else 0.15)
    sides = tuple(rng.sample(SIDES, rng.randint(1, 3)))
    border_mm = rng.uniform(1.5, 5)
    return DocumentPlan(
        hard=hard,
        dpi=int(force.get("dpi", dpi)),  # type: ignore[call-overload]
        jpeg_quality=int(force.get("jpeg_quality", quality)),  # type: ignore[call-overload]
        colour=colour,
        paper=paper,
        stamp=stamp if force.get("stamp", has_stamp) else None,
        signature=signature if force.get("signature", has_signature) else None,
        holes=bool(force.get("holes", holes)),
        border=bool(force.get("border", border)),
        border_sides=sides,
        border_mm=border_mm,
    )


def plan_page(
    rng: random.Random, doc: DocumentPlan, force: dict[str, object]
) -> PagePlan:
    """Draw one page's degradations; ``force`` pins some of them."""
    roll = rng.random()
    rotation = 0 if roll < 0.9 else 180 if roll < 0.94 else 90 if roll < 0.97 else 270
    gentle = max(-3.0, min(3.0, rng.gauss(0, 0.8)))
    skew = rng.uniform(-3, 3) if doc.hard else gentle
    has_blur = rng.random() < (0.7 if doc.hard else 0.3)
    blur = rng.uniform(0.6, 1.8 if doc.hard else 1.1)
    roll = rng.random()
    noise = "gaussian" if roll < 0.45 else "salt_pepper" if roll < 0.55 else None
    if doc.hard:
        noise = "gaussian" if roll < 0.6 else "salt_pepper"
    sigma = rng.uniform(4, 8) if doc.hard else rng.uniform(1.5, 4)
    salt = rng.uniform(0.0005, 0.002)
    has_lighting = rng.random() < (0.7 if doc.hard else 0.4)
    lighting = rng.uniform(0.1, 0.25) if doc.hard else rng.uniform(0.04, 0.14)
    angle = rng.uniform(0, 2 * math.pi)
    has_crop = rng.random() < 0.12
    crop_side = rng.choice(SIDES)
    crop_mm = rng.uniform(2, 8)
    seed = rng.getrandbits(64)

    if "noise" in force:
        noise = (noise or "gaussian") if force["noise"] else None
    return PagePlan(
        rotation=int(force.get("rotation", rotation)),  # type: ignore[call-overload]
        skew=float(force.get("skew", skew)),  # type: ignore[arg-type]
        blur=blur if force.get("blur", has_blur) else 0.0,
        noise=noise,
        noise_level=sigma if noise == "gaussian" else salt if noise else 0.0,
        lighting=lighting if has_lighting else 0.0,
        lighting_angle=angle,
        crop_side=crop_side if force.get("crop", has_crop) else None,
        crop_mm=crop_mm,
        seed=seed,
    )


# ---------------------------------------------------------------- where the print is


def render_page(page: pdfium.PdfPage, dpi: int) -> np.ndarray:
    """The page in grey at ``dpi``, as a (height, width) uint8 array."""
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
    return np.array(bitmap.to_numpy(), dtype=np.uint8).reshape(
        bitmap.height, bitmap.width
    )


def ink_map(page: pdfium.PdfPage, grey: np.ndarray, dpi: int) -> InkMap:
    """Mark each ~1 mm cell of the page that holds print, and those holding text."""
    cell = max(1, round(dpi / MM_PER_INCH))
    h, w = grey.shape
    rows, cols = -(-h // cell), -(-w // cell)
    padded = np.zeros((rows * cell, cols * cell), dtype=bool)
    padded[:h, :w] = grey < INK_LEVEL
    ink = padded.reshape(rows, cell, cols, cell).any(axis=(1, 3))
    text = np.zeros_like(ink)
    height = page.get_size()[1]
    per_cell = cell * POINTS_PER_INCH / dpi
    textpage = page.get_textpage()
    try:
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            r0, r1 = (
                int((height - top) / per_cell),
                math.ceil((height - bottom) / per_cell),
            )
            c0, c1 = int(left / per_cell), math.ceil(right / per_cell)
            text[max(r0, 0) : max(r1, 0), max(c0, 0) : max(c1, 0)] = True
    finally:
        textpage.close()
    return InkMap(ink, _grown(text), cell, dpi)


def _grown(cells: np.ndarray) -> np.ndarray:
    """``cells`` grown by one cell each way (glyphs overhang their boxes a little)."""
    grown = cells.copy()
    grown[1:] |= cells[:-1]
    grown[:-1] |= cells[1:]
    wide = grown.copy()
    wide[:, 1:] |= grown[:, :-1]
    wide[:, :-1] |= grown[:, 1:]
    return wide


def _free_spots(ink: InkMap, size: tuple[int, int]) -> np.ndarray:
    """Top-left cells (row, col) where a ``size`` box lies on blank paper."""
    h, w = size
    pad = math.ceil(INK_PAD_MM / ink.mm)
    edge = math.ceil(EDGE_MM / ink.mm)
    rows, cols = ink.ink.shape
    table = np.zeros((rows + 1, cols + 1), dtype=np.int64)
    table[1:, 1:] = ink.ink.cumsum(0).cumsum(1)
    r = np.arange(edge, rows - edge - h + 1)
    c = np.arange(edge, cols - edge - w + 1)
    if r.size == 0 or c.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    r0 = np.clip(r - pad, 0, rows)[:, None]
    r1 = np.clip(r + h + pad, 0, rows)[:, None]
    c0 = np.clip(c - pad, 0, cols)[None, :]
    c1 = np.clip(c + w + pad, 0, cols)[None, :]
    total = table[r1, c1] - table[r0, c1] - table[r1, c0] + table[r0, c0]
    free = np.argwhere(total == 0)
    return np.column_stack((r[free[:, 0]], c[free[:, 1]]))


def _tilted_size(plan: MarkPlan) -> tuple[float, float]:
    """The mark's bounding size once tilted, in mm (a round stamp keeps its own)."""
    w, h = plan.size_mm
    if plan.kind == "round":
        return w, h
    t = math.radians(abs(plan.angle))
    return w * math.cos(t) + h * math.sin(t), w * math.sin(t) + h * math.cos(t)


def place_mark(plan: MarkPlan, ink: InkMap) -> tuple[int, int, int, int] | None:
    """A blank spot near one of the plan's corners, in cells (x0, y0, x1, y1)."""
    rows, cols = ink.ink.shape
    width, height = _tilted_size(plan)
    for scale in (1.0, 0.75):
        w = math.ceil(width * scale / ink.mm)
        h = math.ceil(height * scale / ink.mm)
        spots = _free_spots(ink, (h, w))
        if spots.size == 0:
            continue
        centre_r = spots[:, 0] + h / 2
        centre_c = spots[:, 1] + w / 2
        for corner in plan.corners:
            target_r = 0 if corner.startswith("top") else rows
            target_c = 0 if corner.endswith("left") else cols
            # A corner spot: the mark's centre within the outer third of each axis.
            near = (abs(centre_r - target_r) < rows / 3) & (
                abs(centre_c - target_c) < cols / 3
            )
            if not near.any():
                continue
            distance = np.hypot(centre_r - target_r, centre_c - target_c)
            order = np.flatnonzero(near)[np.argsort(distance[near], kind="stable")]
            r, c = spots[order[min(plan.pick, order.size - 1)]]
            return int(c), int(r), int(c + w), int(r + h)
    return None


def hole_centres(
    ink: InkMap, page_mm: tuple[float, float]
) -> list[tuple[float, float]]:
    """Two filing holes (mm, top-left origin) in the left margin, if it has no text."""
    radius = HOLE_RADIUS_MM
    x = min(12.0, ink.blank_margin("left") - radius - 1.5)
    if x < radius + 2:
        return []
    middle = page_mm[1] / 2
    centres = [(x, middle - 40), (x, middle + 40)]
    for cx, cy in centres:
        size = math.ceil(2 * (radius + 1) / ink.mm)
        r0 = max(0, int((cy - radius - 1) / ink.mm))
        c0 = max(0, int((cx - radius - 1) / ink.mm))
        if ink.text[r0 : r0 + size, c0 : c0 + size].any():
            return []
    return centres


def fit_skew(ink: InkMap, skew: float, shift: tuple[float, float]) -> float:
    """Shrink ``skew`` until the text, turned and shifted, stays on the glass."""
    points = np.argwhere(ink.text).astype(np.float64)
    if points.size == 0:
        return skew
    rows, cols = ink.text.shape
    ys = (points[:, 0] + 0.5 - rows / 2) * ink.mm
    xs = (points[:, 1] + 0.5 - cols / 2) * ink.mm
    half_w, half_h = cols * ink.mm / 2 - 1, rows * ink.mm / 2 - 1
    for _ in range(12):
        t = math.radians(skew)
        x = xs * math.cos(t) + ys * math.sin(t) + shift[0]
        y = -xs * math.sin(t) + ys * math.cos(t) + shift[1]
        if np.abs(x).max() <= half_w and np.abs(y).max() <= half_h:
            return skew
        skew *= 0.7
    return 0.0


def fit_page(
    plan: PagePlan,
    doc: DocumentPlan,
    ink: InkMap,
    first: bool,
    last: bool,
    force: dict[str, object],
) -> tuple[PageScan, list[tuple[MarkPlan, tuple[int, int, int, int]]]]:
    """Clamp a page's plan to its print: place marks, shorten cuts, limit skew."""
    crop_side, crop_mm = plan.crop_side, 0.0
    if crop_side is not None:
        crop_mm = min(plan.crop_mm, ink.blank_margin(crop_side) - 2)
        if crop_mm < 1:
            crop_side, crop_mm = None, 0.0
    skew = plan.skew
    if "skew" not in force:
        skew = fit_skew(ink, skew, _shift_mm(crop_side, crop_mm))
    placed = []
    free = ink
    for mark, wanted in ((doc.stamp, first), (doc.signature, last)):
        if mark is not None and wanted:
            box = place_mark(mark, free)
            if box is not None:
                placed.append((mark, box))
                # The next mark keeps off this one as it keeps off print.
                taken = free.ink.copy()
                taken[box[1] : box[3], box[0] : box[2]] = True
                free = replace(free, ink=taken)
    points = ink.mm * POINTS_PER_INCH / MM_PER_INCH
    marks = tuple(
        Mark(m.kind, m.ink, tuple(round(v * points, 1) for v in box), m.text)  # type: ignore[arg-type]
        for m, box in placed
    )
    page = PageScan(
        rotation=plan.rotation,
        skew=round(skew, 2),
        blur=round(plan.blur, 2),
        noise=plan.noise,
        noise_level=round(plan.noise_level, 4),
        lighting=round(plan.lighting, 3),
        crop_side=crop_side,
        crop_mm=round(crop_mm, 1),
        holes=0,
        border=doc.border,
        marks=marks,
    )
    return page, placed


def _shift_mm(side: str | None, mm: float) -> tuple[float, float]:
    """How far the sheet moves (x right, y down) to lose ``mm`` on ``side``."""
    return {
        "left": (-mm, 0.0),
        "right": (mm, 0.0),
        "top": (0.0, -mm),
        "bottom": (0.0, mm),
    }.get(side or "", (0.0, 0.0))


# ---------------------------------------------------------------- drawing marks


@cache
def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    """Bitstream Vera from reportlab: a pinned font, so the pixels are too."""
    name = "VeraBd.ttf" if bold else "Vera.ttf"
    return ImageFont.truetype(
        str(Path(reportlab.__file__).parent / "fonts" / name), size
    )


def _stamp_alpha(mark: MarkPlan, size: tuple[int, int]) -> Image.Image:
    """The stamp's ink coverage (L image) at ``size`` pixels, before tilting."""
    w, h = size
    alpha = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(alpha)
    line = max(2, round(min(w, h) * 0.035))
    if mark.kind == "round":
        ring, centre = mark.text.split("\n", 1)
        draw.ellipse((0, 0, w - 1, h - 1), outline=255, width=line)
        inner = round(w * 0.2)
        draw.ellipse(
            (inner, inner, w - 1 - inner, h - 1 - inner), outline=255, width=line
        )
        _ring_text(alpha, ring, radius=w * 0.4, size=max(8, round(w * 0.1)))
        font = _font(max(8, round(w * 0.09)))
        draw.multiline_text(
            (w / 2, h / 2), centre, font=font, fill=255, anchor="mm", align="center"
        )
        return alpha
    draw.rectangle((0, 0, w - 1, h - 1), outline=255, width=line)
    if mark.kind == "recu":
        gap = line * 2
        draw.rectangle(
            (gap, gap, w - 1 - gap, h - 1 - gap), outline=255, width=line // 2 + 1
        )
    lines = mark.text.split("\n")
    size_px = round(h * (0.55 if len(lines) == 1 else 0.3))
    font = _font(size_px)
    while font.getlength(max(lines, key=len)) > w * 0.86 and size_px > 8:
        size_px -= 2
        font = _font(size_px)
    draw.multiline_text(
        (w / 2, h / 2), mark.text, font=font, fill=255, anchor="mm", align="center"
    )
    return alpha


def _ring_text(alpha: Image.Image, text: str, radius: float, size: int) -> None:
    """Write ``text`` clockwise round the centre of ``alpha``, starting at the top."""
    font = _font(size)
    cx, cy = alpha.width / 2, alpha.height / 2
    step = 2 * math.pi / max(len(text) + 1, 24)
    start = -math.pi / 2 - step * (len(text) - 1) / 2
    for k, char in enumerate(text):
        theta = start + k * step
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), char, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(
            -math.degrees(theta) - 90, resample=Image.Resampling.BICUBIC
        )
        x = cx + radius * math.cos(theta) - size
        y = cy + radius * math.sin(theta) - size
        alpha.paste(255, (round(x), round(y)), glyph)


def _hand_alpha(mark: MarkPlan, size: tuple[int, int]) -> Image.Image:
    """A pen signature or scribble (L image) at ``size`` pixels."""
    w, h = size
    rng = random.Random(mark.seed)
    alpha = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(alpha)
    pen = max(2, round(h * 0.03))
    t = np.linspace(0, 1, 400)
    if mark.kind == "signature":
        loops = rng.uniform(3, 6)
        x = 0.08 + 0.84 * t + 0.05 * np.sin(2 * math.pi * loops * t + rng.uniform(0, 6))
        y = 0.5 + 0.28 * np.sin(2 * math.pi * (loops + 0.5) * t) * np.sin(math.pi * t)
        y += 0.1 * np.sin(2 * math.pi * rng.uniform(0.5, 1.5) * t)
        underline = [(0.1 * w, 0.85 * h), (0.55 * w, 0.8 * h), (0.92 * w, 0.86 * h)]
        draw.line(underline, fill=255, width=pen, joint="curve")
    else:
        turns = rng.randint(4, 8)
        x = 0.1 + 0.8 * t
        y = 0.5 + 0.35 * np.sign(np.sin(2 * math.pi * turns * t)) * np.abs(
            np.sin(2 * math.pi * turns * t)
        ) ** 0.5 * (0.6 + 0.4 * t)
    points = list(
        zip((x * w).tolist(), (np.clip(y, 0.05, 0.95) * h).tolist(), strict=True)
    )
    draw.line(points, fill=255, width=pen, joint="curve")
    return alpha


def draw_mark(
    sheet: Image.Image,
    mark: MarkPlan,
    box: tuple[int, int, int, int],
    cell: int,
    noise: np.random.Generator,
) -> None:
    """Print ``mark`` in ink into ``box`` (cells) of the RGB ``sheet``."""
    x0, y0, x1, y1 = (v * cell for v in box)
    w, h = x1 - x0, y1 - y0
    size = (w, h)
    if mark.kind != "round":
        # The untilted size whose tilted bounding box is the placed box.
        t = math.radians(abs(mark.angle))
        inner_w = (w * math.cos(t) - h * math.sin(t)) / math.cos(2 * t)
        inner_h = (h * math.cos(t) - w * math.sin(t)) / math.cos(2 * t)
        size = (max(8, int(inner_w)), max(8, int(inner_h)))
    draw = _hand_alpha if mark.kind in HANDWRITING else _stamp_alpha
    alpha = draw(mark, size).rotate(
        mark.angle, resample=Image.Resampling.BICUBIC, expand=True
    )
    left, top = max(0, (alpha.width - w) // 2), max(0, (alpha.height - h) // 2)
    alpha = alpha.crop(
        (left, top, left + min(w, alpha.width), top + min(h, alpha.height))
    )
    coverage = np.asarray(alpha, dtype=np.float32) / 255
    if mark.kind in STAMPS:
        # Stamp ink is patchy: thin where the pad was dry, grainy everywhere.
        patches = noise.uniform(
            0.35, 1.0, size=(alpha.height // 40 + 2, alpha.width // 40 + 2)
        )
        dryness = Image.fromarray((patches * 255).astype(np.uint8), "L").resize(
            alpha.size, Image.Resampling.BILINEAR
        )
        coverage *= np.asarray(dryness, dtype=np.float32) / 255
        coverage *= noise.uniform(0.75, 1.0, size=coverage.shape).astype(np.float32)
    ox, oy = x0 + (w - alpha.width) // 2, y0 + (h - alpha.height) // 2
    area = (ox, oy, ox + alpha.width, oy + alpha.height)
    region = np.asarray(sheet.crop(area), dtype=np.float32)
    ink = np.array(INKS[mark.ink], dtype=np.float32) / 255
    region *= 1 - coverage[:, :, None] * (1 - ink) * 0.9
    sheet.paste(Image.fromarray(region.astype(np.uint8), "RGB"), area[:2])


# ---------------------------------------------------------------- the scanner


def print_sheet(grey: np.ndarray, paper: tuple[int, int, int]) -> Image.Image:
    """The page printed in toner on paper of colour ``paper`` (RGB)."""
    page = Image.fromarray(grey, "L")
    channels = []
    for tone, toner in zip(paper, TONER, strict=True):
        lut = [round(tone - (1 - v / 255) * (tone - toner)) for v in range(256)]
        channels.append(page.point(lut))
    return Image.merge("RGB", channels)


def punch_holes(
    sheet: Image.Image, centres: list[tuple[float, float]], dpi: int
) -> None:
    """Dark discs where filing holes let the dark scanner lid show through."""
    draw = ImageDraw.Draw(sheet)
    px = dpi / MM_PER_INCH
    for cx, cy in centres:
        x, y, r = cx * px, cy * px, HOLE_RADIUS_MM * px
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(26, 26, 28))


def lay_on_glass(
    sheet: Image.Image, skew: float, shift_mm: tuple[float, float], dpi: int, lid: int
) -> Image.Image:
    """The sheet turned by ``skew`` and moved by ``shift_mm`` in a same-size frame."""
    if skew == 0 and shift_mm == (0.0, 0.0):
        return sheet
    px = dpi / MM_PER_INCH
    return sheet.rotate(
        skew,
        resample=Image.Resampling.BILINEAR,
        translate=(round(shift_mm[0] * px), round(shift_mm[1] * px)),
        fillcolor=(lid, lid, lid),
    )


def dark_border(
    frame: Image.Image,
    sides: tuple[str, ...],
    mm: float,
    margins: dict[str, float],
    dpi: int,
    noise: np.random.Generator,
) -> None:
    """Ragged dark strips along ``sides``, never wider than the blank margin there."""
    w, h = frame.size
    px = dpi / MM_PER_INCH
    draw = ImageDraw.Draw(frame)
    for side in sides:
        width = min(mm, margins[side] - 1) * px
        if width < px / 2:
            continue
        length = h if side in ("left", "right") else w
        steps = np.linspace(0, length, 60)
        walk = np.cumsum(noise.normal(0, width * 0.08, steps.size))
        depth = np.clip(width * 0.75 + walk - walk.mean(), 1, width).tolist()
        edge = list(zip(steps.tolist(), depth, strict=True))
        if side == "left":
            points = [(0, 0), *((d, s) for s, d in edge), (0, h)]
        elif side == "right":
            points = [(w, 0), *((w - d, s) for s, d in edge), (w, h)]
        elif side == "top":
            points = [(0, 0), *edge, (w, 0)]
        else:
            points = [(0, h), *((s, h - d) for s, d in edge), (w, h)]
        draw.polygon(points, fill=(22, 22, 24))


def uneven_light(frame: Image.Image, strength: float, angle: float) -> Image.Image:
    """Darken the frame towards one side, with a little vignette."""
    if strength == 0:
        return frame
    w, h = frame.size
    ys = np.linspace(-1, 1, max(2, h // 16), dtype=np.float32)[:, None]
    xs = np.linspace(-1, 1, max(2, w // 16), dtype=np.float32)[None, :]
    ramp = (xs * math.cos(angle) + ys * math.sin(angle) + 1.5) / 3
    field = 1 - strength * ramp - strength * 0.3 * (xs**2 + ys**2) / 2
    light = Image.fromarray((field * 255).astype(np.uint8), "L").resize(
        frame.size, Image.Resampling.BILINEAR
    )
    if frame.mode == "RGB":
        light = Image.merge("RGB", (light, light, light))
    return ImageChops.multiply(frame, light)


def add_noise(
    frame: Image.Image, kind: str | None, level: float, noise: np.random.Generator
) -> Image.Image:
    """Sensor grain (same on every channel, about 2 px wide) or dust specks."""
    w, h = frame.size
    if kind == "gaussian":
        grain = noise.normal(128, level, ((h + 1) // 2, (w + 1) // 2))
        small = Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8), "L")
        layer = small.resize(frame.size, Image.Resampling.BILINEAR)
        if frame.mode == "RGB":
            layer = Image.merge("RGB", (layer, layer, layer))
        return ImageChops.add(frame, layer, offset=-128)
    if kind == "salt_pepper":
        pixels = np.asarray(frame).copy()
        count = int(level * h * w)
        ys, xs = noise.integers(0, h, count), noise.integers(0, w, count)
        specks = np.where(noise.random(count) < 0.6, 30, 250).astype(np.uint8)
        pixels[ys, xs] = specks[:, None] if pixels.ndim == 3 else specks
        return Image.fromarray(pixels, frame.mode)
    return frame


def to_jpeg(frame: Image.Image, quality: int) -> bytes:
    """Encode the frame as a baseline JPEG."""
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=quality, subsampling=2)
    return out.getvalue()


# ---------------------------------------------------------------- one page, one file


@dataclass(frozen=True, slots=True)
class ScannedPage:
    """One page's JPEG and the size it fills, in points."""

    jpeg: bytes
    pixels: tuple[int, int]
    size: tuple[float, float]
    colour: bool


def scan_page(
    page: pdfium.PdfPage,
    doc: DocumentPlan,
    plan: PagePlan,
    first: bool,
    last: bool,
    force: dict[str, object],
) -> tuple[ScannedPage, PageScan]:
    """Render, mark and degrade one page; return its JPEG and what was applied."""
    width, height = page.get_size()
    grey = render_page(page, doc.dpi)
    ink = ink_map(page, grey, doc.dpi)
    applied, placed = fit_page(plan, doc, ink, first, last, force)
    noise = np.random.default_rng(plan.seed)

    sheet = print_sheet(grey, doc.paper)
    for mark, box in placed:
        draw_mark(sheet, mark, box, ink.cell, noise)
    page_mm = (
        width * MM_PER_INCH / POINTS_PER_INCH,
        height * MM_PER_INCH / POINTS_PER_INCH,
    )
    holes = hole_centres(ink, page_mm) if doc.holes else []
    punch_holes(sheet, holes, doc.dpi)

    shift = _shift_mm(applied.crop_side, applied.crop_mm)
    frame = lay_on_glass(sheet, applied.skew, shift, doc.dpi, 30 if doc.border else 236)
    if doc.border:
        margins = _glass_margins(ink, applied.skew, shift)
        dark_border(frame, doc.border_sides, doc.border_mm, margins, doc.dpi, noise)
    frame = _turn(frame, applied.rotation)
    if not doc.colour:
        frame = frame.convert("L")
    frame = uneven_light(frame, applied.lighting, plan.lighting_angle)
    if applied.blur:
        frame = frame.filter(ImageFilter.GaussianBlur(applied.blur * doc.dpi / 300))
    frame = add_noise(frame, applied.noise, applied.noise_level, noise)

    if applied.rotation in (90, 270):
        width, height = height, width
    jpeg = to_jpeg(frame, doc.jpeg_quality)
    scanned = ScannedPage(jpeg, frame.size, (width, height), doc.colour)
    return scanned, replace(applied, holes=len(holes))


def _glass_margins(
    ink: InkMap, skew: float, shift: tuple[float, float]
) -> dict[str, float]:
    """The blank margins (mm) once the sheet is turned by ``skew`` and shifted."""
    margins = {side: ink.blank_margin(side) for side in SIDES}
    rows, cols = ink.text.shape
    drift = abs(math.sin(math.radians(skew))) * max(rows, cols) * ink.mm / 2
    return {
        "left": margins["left"] + shift[0] - drift,
        "right": margins["right"] - shift[0] - drift,
        "top": margins["top"] + shift[1] - drift,
        "bottom": margins["bottom"] - shift[1] - drift,
    }


def _turn(frame: Image.Image, rotation: int) -> Image.Image:
    """Turn the frame clockwise by ``rotation`` degrees (0, 90, 180 or 270)."""
    turns = {
        0: None,
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    if rotation not in turns:
        raise ValueError(f"rotation must be 0, 90, 180 or 270, not {rotation}")
    turn = turns[rotation]
    return frame if turn is None else frame.transpose(turn)


def assemble(pages: list[ScannedPage]) -> bytes:
    """A PDF with one full-page JPEG per page and no text."""
    pdf = pikepdf.new()
    for page in pages:
        width, height = page.size
        image = pikepdf.Stream(pdf, page.jpeg)
        image.Type = pikepdf.Name.XObject
        image.Subtype = pikepdf.Name.Image
        image.Width, image.Height = page.pixels
        image.ColorSpace = (
            pikepdf.Name.DeviceRGB if page.colour else pikepdf.Name.DeviceGray
        )
        image.BitsPerComponent = 8
        image.Filter = pikepdf.Name.DCTDecode
        blank = pdf.add_blank_page(page_size=(width, height))
        blank.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        content = f"q {width:.4f} 0 0 {height:.4f} 0 0 cm /Im0 Do Q".encode()
        blank.Contents = pikepdf.Stream(pdf, content)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


# ---------------------------------------------------------------- public API


def scan_document(pdf: bytes, rng: random.Random, **force: object) -> Scan:
    """Scan ``pdf`` with degradations drawn from ``rng``; ``force`` pins some."""
    unknown = set(force) - FORCE_KEYS
    if unknown:
        raise TypeError(f"unknown degradations: {sorted(unknown)}")
    doc = plan_document(rng, force)
    native = pdfium.PdfDocument(pdf)
    try:
        count = len(native)
        pages, applied = [], []
        for index in range(count):
            plan = plan_page(rng, doc, force)
            scanned, page = scan_page(
                native[index], doc, plan, index == 0, index == count - 1, force
            )
            pages.append(scanned)
            applied.append(page)
    finally:
        native.close()
    return Scan(
        pdf=assemble(pages),
        dpi=doc.dpi,
        jpeg_quality=doc.jpeg_quality,
        colour=doc.colour,
        hard=doc.hard,
        paper=doc.paper,
        pages=tuple(applied),
    )


def scan(pdf: bytes, rng: random.Random, **force: object) -> bytes:
    """``pdf`` as an image-only scan (same pages, same sizes), drawn from ``rng``."""
    return scan_document(pdf, rng, **force).pdf


def scanned_invoice(
    seed: int, i: int, **force: object
) -> tuple[bytes, dict[str, object]]:
    """The ``i``-th invoice of ``seed`` scanned, and its truth with ``_scan`` added."""
    spec = invoice_for(seed, i)
    result = scan_document(render(spec), random.Random(f"scan-{seed}-{i}"), **force)
    return result.pdf, {**truth(spec), "_scan": result.record()}


def generate_scans(out: Path, count: int, seed: int, **force: object) -> list[Path]:
    """Write ``count`` scanned invoices and their truth into ``out``; return the
    PDFs. ``force`` pins degradations (`FORCE_KEYS`: ``dpi=150``…)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        pdf, facts = scanned_invoice(seed, i, **force)
        path = out / f"scan-{seed}-{i:04d}.pdf"
        path.write_bytes(pdf)
        text = json.dumps(facts, ensure_ascii=False, indent=2) + "\n"
        path.with_suffix(".truth.json").write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def scan_folder(src: Path, out: Path, **force: object) -> list[Path]:
    """Scan every PDF of ``src`` that has its truth beside it (another generator's
    invoices: ``python -m holdout``) into ``out``, the truth carried over with the
    scan's record; return the scans. Each file's degradations are drawn from its
    name, so the same folder scans the same way."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for pdf in sorted(src.glob("*.pdf")):
        truth = pdf.with_suffix(".truth.json")
        if not truth.exists():
            continue
        result = scan_document(
            pdf.read_bytes(), random.Random(f"scan-{pdf.stem}"), **force
        )
        path = out / pdf.name
        path.write_bytes(result.pdf)
        facts = {**json.loads(truth.read_text("utf-8")), "_scan": result.record()}
        text = json.dumps(facts, ensure_ascii=False, indent=2) + "\n"
        path.with_suffix(".truth.json").write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
