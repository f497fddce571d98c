"""Stage 4, for pages without usable text: rasterise, clean up with OpenCV, read with Tesseract.

`needs_ocr` decides; the rest does. A page is rendered grey with pypdfium2
(`rasterise`), cleaned by small steps that each take and return a grey ``uint8``
image (`invert_dark_areas`, `remove_borders`, `denoise`, `normalise_contrast`,
`orient`, `deskew`, `remove_lines`, `binarise`, chained by `preprocess` behind the booleans of
`CleanUp`), then read
by Tesseract (`ocr_image`), the words it read poorly read again set apart
(`second_look`), and the look-alikes its language model chose where a reference's
capitals meet its digits told apart by their glyphs (`_lookalikes_by_glyph`).
`read_scanned_page` runs them for one page and
maps every word box back to the page as it is displayed, so an OCR'd `Page` looks
like a text-layer one. Only this module knows pypdfium2's, OpenCV's and
pytesseract's errors; they leave it as `IngestError` subclasses.

Box frames: `orient` turns the image by quarter turns and `deskew` by a small
angle, so the cleaned image is not the rendered page. `prepare` (`clean_up`, the
steps that change pixels in place, then `straighten`) records both in a
`Geometry`, and `read_scanned_page` maps each box's four corners back through it
and keeps their bounding box: boxes are in PDF points, origin top-left, in the
frame of the page as displayed (after its /Rotate, like pdfplumber's). The words
keep Tesseract's reading order.
"""

import html
import itertools
import logging
import math
import os
import re
import subprocess
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import cv2
import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytesseract
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image as PILImage
from pytesseract import Output
from stdnum import luhn
from stdnum.fr import tva

from ingest.contract import Method
from ingest.errors import Damaged, ImageTooLarge, OcrUnavailable, ProcessingTimeout
from ingest.limits import Limits
from ingest.text import Box, Page, Word
from ingest.values import S_READ_AS_DOLLAR

log = logging.getLogger(__name__)

# Pages are read in parallel, one Tesseract process each; Tesseract's own OpenMP
# threads would then only fight over the same cores (OCRmyPDF sets the same).
# pytesseract passes os.environ to every process it starts.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

Image = npt.NDArray[np.uint8]
"""A grey image: 2-D, uint8, 0 black to 255 white."""

T = TypeVar("T")

LANGUAGES = "fra+eng"
DEFAULT_DPI = 300
MIN_DPI = 72
"""Lowest resolution a page may be reduced to to fit the pixel budget; below, refuse."""
WHITE = 255

# needs_ocr
MIN_ALNUM_PER_SQUARE_INCH = 0.5
"""Fewer letters and digits than this per square inch means no usable text layer.

About 48 on an A4 page: a platform stamp or a "Page 1/2" over a scan stays under
it, while a real invoice's text layer carries 1,000 or more.
"""
MAX_GARBAGE_SHARE = 0.3
"""More than this share of tokens being garbage (see `is_garbage`) means a bad layer.

A clean text layer has well under 5 %; a failed invisible OCR layer or a font
without a Unicode map is mostly garbage.
"""
USUAL_SYMBOLS = frozenset("+=°×±©®™№")
"""Math and other symbols that invoices print; other such symbols count as odd."""

# orient
OSD_MAX_SIDE = 3508
"""Longest side the image is shrunk to for orientation detection: A4 at 300 dpi.

Do not go lower to save time: on a sample invoice turned sideways, Tesseract's
orientation confidence fell from 16.7 at 300 dpi to 13 at 200 dpi and 2.6 at
150 dpi, for about 0.4 s saved.
"""
OSD_TIMEOUT_S = 30.0
"""Longest orientation detection; it takes under a second on a shrunk page."""
MIN_ORIENTATION_CONFIDENCE = 2.0
"""Below this Tesseract orientation confidence, the page is left as it is.

Sample invoices score 10 to 20 for their right orientation at 300 dpi.
OCRmyPDF's default is far more conservative (its docs call 2.0 the aggressive
choice) because it turns pages that may already read well; ours are pages
without usable text, where a missed turn costs the whole page.
"""

SIDEWAYS_CONTRAST = 0.9
"""Ratio of the ink's row to column contrast under which a page lies on its side.

Measured on 63 generated scans (the dev set and seed 9004): upright or upside
down 1.35 to 11, lying sideways 0.07 to 0.61.
"""

# deskew
SKEW_MAX_DEGREES = 5.0
"""Widest skew searched for, each way."""
SKEW_SIDE = 1200
"""Longest side of the copy the skew is measured on."""
SKEW_MIN_DEGREES = 0.1
"""Smaller angles are left alone: resampling would blur more than it straightens."""
SKEW_MIN_INK = 500
"""Fewer ink pixels (on the small copy) than this: no lines to measure, angle 0."""

# remove_lines
RULE_SHARE = 1 / 40
"""Shortest horizontal rule erased, as a share of the long side: 7.4 mm on A4.

No letter is that wide, and dashes and leaders are broken lines."""
UPRIGHT_RULE_SHARE = 1 / 25
"""Shortest vertical rule erased: 12 mm on A4, taller than the stem of a 48 pt capital."""
RULE_THIN_SHARE = 0.6
"""A rule thicker than this share of `RULE_MAX_THICKNESS` (0.7 mm on A4) must be
`RULE_LONG_SHARE` times `RULE_SHARE` long: a blurred word of small letters
("engagement", 13 mm) made a bar 1.2 mm thick, clear above and below, and was
erased; so was a bold one ("départemental", 16 mm, seed 9061 #23) at twice."""
RULE_LONG_SHARE = 3.0
RULE_CONTRAST = 30
"""Grey levels under the paper's that a rule's pixels are: table rules are often a
light grey (190 on 252 paper, once cleaned), which Otsu's level for the text misses."""
RULE_MAX_THICKNESS = 1 / 250
"""Thickest rule, as a share of the long side: 1.2 mm on A4 (rules are 0.2 to 0.7 mm)."""
DOT_GAP_SHARE = 1 / 200
"""Widest gap between the dots of a dotted line, as a share of the long side: 1.5 mm
on A4 (form leaders are dotted at 1 mm)."""
DOTTED_MIN_DOTS = 5
"""Fewest specks that make a dotted line."""
DOTTED_MIN_SHARE = 0.8
"""Least share of a dotted line's specks that are no taller than the line."""
RULE_MAX_NEIGHBOURS = 0.2
"""Most ink in the strips along each side of a rule, a little way off it.

A rule stands clear of the text; the serifs of a bold monospaced word, merged
into one long run at its foot, carry the letters' stems right above (0.4 or more).
"""

# binarise
BINARISE_OFFSET = 15
"""Grey levels a pixel must be under its neighbourhood's mean to be ink."""

# invert_dark_areas
MID_GREY = 128
"""Grey level under which a pixel counts as dark when looking for dark areas."""
DARK_AREA_SHARE = 0.004
"""Smallest dark area worth inverting, as a share of the page: a 2 cm × 4 cm fill."""
DARK_AREA_FILL = 0.6
"""Least share of dark pixels in a dark area; a paragraph of black text is under 0.3."""
DARK_AREA_BLOCK = 0.5
"""Least share of its bounding box a dark area fills: a band does, a border frame not."""
MID_BAND_CONTRAST = 70
"""Grey levels under the paper's from which a block is a mid-grey band (an orange
fill comes out about 140 on white paper), inverted only when its text is light."""
BAND_TEXT_CONTRAST = 50
"""Grey levels between a mid-grey band and the text it carries (`_light_lettered`)."""
BAND_RIM = 16
"""Pixels around a dark area's quarter-size mask searched for its true edge: the
mask is out by a quarter-size pixel or more, most at its ends, which the median
that drops lumps rounds off."""

# remove_borders
DARK = 100
"""Grey level under which a pixel may belong to a scanner border or a punch hole."""
MARGIN_SHARE = 0.1
"""Outer share of each side treated as margin, where borders and holes are removed."""
BORDER_RIM_SPAN = 50
"""Rows (or columns) each way over which a border's inner rim is the innermost one."""
HOLE_DIAMETER_SHARE = (0.015, 0.05)
"""Range of a punch hole's diameter, as a share of the image's short side.

3 to 10 mm on an A4 page; office punches make 5 to 6.5 mm holes.
"""
HOLE_MIN_CIRCULARITY = 0.8
"""Least 4πA/P² of a hole's outline: 1 for a disc (0.89 drawn), 0.2 to 0.3 for E, F, H.

A ring such as an O also has a round outline; the fill test rejects it.
"""


@dataclass(frozen=True, slots=True)
class CleanUp:
    """Which clean-up steps `preprocess` runs; each is on by default."""

    invert_dark_areas: bool = True
    """Turn light text on dark bands and fills (letterheads, table heads) dark on light."""
    remove_borders: bool = True
    """Give a dark scanner border and punch holes in the margins the paper's colour."""
    denoise: bool = True
    """Remove salt-and-pepper noise with a 3×3 median."""
    normalise_contrast: bool = True
    """Flatten grey or yellow paper and uneven light to white by background division."""
    orient: bool = True
    """Turn a page scanned sideways or upside down upright (Tesseract OSD)."""
    deskew: bool = True
    """Level text lines skewed by up to `SKEW_MAX_DEGREES`."""
    remove_lines: bool = True
    """Erase table rules and box frames, which Tesseract's layout analysis reads as
    text or uses to join the lines of two columns into one."""
    reread: bool = True
    """Read again, set apart, the words Tesseract read poorly as part of the page
    (`second_look`): one more Tesseract run on a page that has any."""
    binarise: bool = False
    """Black text on white, by an adaptive threshold. Off by default: measured on 20
    scans, Tesseract's own thresholding of the cleaned grey page reads better (90.6 %
    of values right against 85.8 % with this step)."""


@dataclass(frozen=True, slots=True)
class Geometry:
    """How `prepare` moved pixels: a rendered image's point -> cleaned image's point."""

    turns: int = 0
    """Clockwise quarter turns applied by `orient` (0 to 3)."""
    angle: float = 0.0
    """Degrees applied by `deskew`, counter-clockwise positive (OpenCV's sense)."""
    forward: tuple[float, ...] = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    """The 2×3 affine map in pixels, row by row."""

    def backward(self, x: float, y: float) -> tuple[float, float]:
        """The rendered image's point that the cleaned image's point (x, y) came from."""
        a, b, c, d, e, f = self.forward
        det = a * e - b * d
        x, y = x - c, y - f
        return ((e * x - b * y) / det, (a * y - d * x) / det)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A cleaned image and how its pixels relate to the rendered page's."""

    image: Image
    geometry: Geometry


# -- deciding -----------------------------------------------------------------------


def needs_ocr(page: Page) -> bool:
    """Check if the page's text layer is unusable, so that it must be OCR'd."""
    if not page.words:
        return True
    area_sq_in = (page.width / 72) * (page.height / 72)
    alnum = sum(ch.isalnum() for word in page.words for ch in word.text)
    if alnum < MIN_ALNUM_PER_SQUARE_INCH * area_sq_in:
        return True
    garbage = sum(is_garbage(word.text) for word in page.words)
    return garbage > MAX_GARBAGE_SHARE * len(page.words)


def is_garbage(token: str) -> bool:
    """True for a token no printed invoice carries: control or unmapped glyphs, noise.

    A token is garbage when it holds pdfminer's ``(cid:N)`` placeholder, a control,
    private-use or replacement character, or more odd symbols (``~ | ^ ¦ < >`` and
    other math or drawing symbols, see `USUAL_SYMBOLS`) than letters and digits.
    A token with no letter or digit passes when it is one character or one repeated
    character (``€``, ``:``, ``.....``) or holds no odd symbol (``(€)``).
    """
    if "(cid:" in token:
        return True
    if any(unicodedata.category(ch)[0] == "C" or ch == "\ufffd" for ch in token):
        return True
    odd = sum(_is_odd(ch) for ch in token)
    alnum = sum(ch.isalnum() for ch in token)
    if alnum == 0:
        return len(set(token)) > 1 and odd > 0
    return odd > alnum


def _is_odd(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Sm", "Sk", "So") and ch not in USUAL_SYMBOLS


def detect_turns(img: Image) -> int:
    """Clockwise quarter turns that make the page upright; 0 when Tesseract is unsure."""
    small = _shrink(img, OSD_MAX_SIDE)
    try:
        osd = _tesseract(
            pytesseract.image_to_osd,
            _uncompressed(small),
            output_type=Output.DICT,
            timeout=OSD_TIMEOUT_S,
            lenient=True,
        )
    except _OsdFailed:
        # Tesseract refuses pages with too few characters ("Too few characters.
        # Skipping this page"): a nearly blank page stays as it is.
        log.debug("orientation not detected; page left as it is")
        return 0
    rotate = int(osd.get("rotate", 0)) % 360
    confidence = float(osd.get("orientation_conf", 0.0))
    if rotate == 0 or confidence < MIN_ORIENTATION_CONFIDENCE:
        return 0
    log.debug("page turned %d° (confidence %.1f)", rotate, confidence)
    return rotate // 90


def small_ink(img: Image) -> Image:
    """The ink (1) of a copy of the image shrunk to `SKEW_SIDE`, by Otsu's threshold:
    what `lies_sideways` and `estimate_skew` measure, made once for both (the
    shrinking takes 15 ms of a 300 dpi page)."""
    small = _shrink(img, SKEW_SIDE)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def lies_sideways(img: Image, ink: Image | None = None) -> bool:
    """True when the page's text lines run down it, not across: it lies on its side.

    Lines of text make the ink's profile along the page's height alternate between
    lines and gaps; on a page lying sideways, the profile along its width does. A
    profile's contrast is its mean square over its squared mean (1 for ink spread
    evenly), so the page's shape does not weigh in. Measured on a small copy, it
    takes about 15 ms: far less than a reading of the page as it lies. ``ink`` is
    the image's `small_ink`, when made already.
    """
    ink = small_ink(img) if ink is None else ink
    total = int(np.count_nonzero(ink))
    if total < SKEW_MIN_INK or total > 0.5 * ink.size:
        return False
    ink = ink.astype(np.float64)
    across, down = ink.sum(axis=1), ink.sum(axis=0)
    row_contrast = len(across) * float(np.dot(across, across))
    column_contrast = len(down) * float(np.dot(down, down))
    return row_contrast < SIDEWAYS_CONTRAST * column_contrast


def estimate_skew(img: Image, ink: Image | None = None) -> float:
    """Degrees to rotate the image (counter-clockwise positive) to level its lines.

    A projection-profile search: the ink pixels of a small copy are projected
    onto the vertical axis at each candidate angle, and the angle whose profile
    is sharpest (largest sum of squared row counts) wins; 0.5° steps over
    ±`SKEW_MAX_DEGREES`, then 0.05° steps around the best. ``ink`` is the image's
    `small_ink`, when made already.
    """
    ink = small_ink(img) if ink is None else ink
    ys, xs = np.nonzero(ink)
    if len(xs) < SKEW_MIN_INK or len(xs) > 0.5 * ink.size:
        return 0.0
    # Whole-pixel centres: at 0° a half-pixel one puts every row at .5, and
    # rounding half to even then folds rows in pairs, doubling the sharpness
    # (a landscape page, 849 rows once shrunk, was never deskewed).
    x = xs.astype(np.float64) - ink.shape[1] // 2
    y = ys.astype(np.float64) - ink.shape[0] // 2

    def sharpness(angle: float) -> float:
        theta = math.radians(angle)
        rows = np.round(y * math.cos(theta) - x * math.sin(theta)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    coarse = np.arange(-SKEW_MAX_DEGREES, SKEW_MAX_DEGREES + 0.01, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.51, 0.05)
    best = float(max(fine, key=sharpness))
    if abs(best) < SKEW_MIN_DEGREES or sharpness(best) <= sharpness(0.0):
        return 0.0
    return round(best, 2)


# -- doing: rendering ---------------------------------------------------------------

# PDFium is not thread-safe, even across documents: one page renders at a time.
_PDFIUM = threading.Lock()


def rasterise(
    data: bytes, number: int, dpi: int, limits: Limits
) -> tuple[Image, float]:
    """Page ``number`` (1-based) as a grey image, and its scale in pixels per point.

    The whole MediaBox is rendered, turned by the page's /Rotate, as pdfplumber
    frames the text layer. A page that would exceed ``limits.max_raster_pixels`` at
    ``dpi`` is rendered at the highest dpi that fits; when even `MIN_DPI` would not
    fit, `ImageTooLarge` is raised before anything is allocated.
    """
    with _PDFIUM, _pdfium_errors():
        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= number <= len(pdf):
                raise ValueError(f"no page {number} in a PDF of {len(pdf)}")
            page = pdf[number - 1]
            page.set_cropbox(*page.get_mediabox())
            width, height = page.get_size()
            scale = fit_scale(width, height, dpi / 72, limits.max_raster_pixels)
            if scale * 72 < min(dpi, MIN_DPI):
                raise ImageTooLarge(
                    page=number,
                    size_pt=(width, height),
                    limit=limits.max_raster_pixels,
                )
            if scale < dpi / 72:
                log.warning(
                    "page %d rendered at %.0f dpi to fit the pixel budget",
                    number,
                    scale * 72,
                )
            if _pictures_only(page):
                # A scan: rendered in colour and made grey by OpenCV. pdfium's own
                # grey rendering of a scanned A4 page takes 70 to 95 ms, colour and
                # the conversion 27 to 45 ms, for the same pixels (a grey scan's
                # exactly, a colour one's within 2 levels). The colour bitmap is
                # transient: 3 bytes a pixel, 180 MB at the default pixel budget.
                image = _grey(page.render(scale=scale, grayscale=False).to_numpy())
            else:
                # Text and drawings are anti-aliased differently in colour.
                # The array views a buffer Python allocated (new_native), which it
                # keeps alive: no copy, and closing the document does not free it.
                image = page.render(scale=scale, grayscale=True).to_numpy()
        finally:
            pdf.close()
    return image, scale


def _pictures_only(page: pdfium.PdfPage) -> bool:
    """Whether the page draws images and nothing else (Form XObjects looked into)."""
    kinds = {obj.type for obj in page.get_objects()}
    return kinds <= {pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM}


def _grey(bitmap: npt.NDArray[np.uint8]) -> Image:
    if bitmap.ndim == 2:
        return bitmap
    code = cv2.COLOR_BGRA2GRAY if bitmap.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(bitmap, code)


def fit_scale(width: float, height: float, scale: float, max_pixels: int) -> float:
    """The largest scale up to ``scale`` whose rendering of the page fits ``max_pixels``."""

    def pixels(s: float) -> int:
        return math.ceil(width * s) * math.ceil(height * s)

    if pixels(scale) <= max_pixels:
        return scale
    scale = math.sqrt(max_pixels / (width * height))
    while scale > 0 and pixels(scale) > max_pixels:
        scale *= 0.999
    return scale


@contextmanager
def _pdfium_errors() -> Iterator[None]:
    try:
        yield
    except pdfium.PdfiumError as e:
        raise Damaged(f"The page could not be rendered ({e}).") from e


# -- doing: clean-up steps (each Image -> Image) ------------------------------------


def remove_borders(img: Image) -> Image:
    """Give a dark scanner border and punch holes in the margins the paper's colour.

    Only the margin (the outer `MARGIN_SHARE` of each side) is looked at and
    changed. There, dark pixels (under `DARK`) connected to the image's edge are
    the border, and dark round blobs of a punch hole's size are holes; both take
    the paper's colour (the page's median grey) with a rim of 2 pixels, the grey
    halo a scanner leaves around them. Paper colour, not white: on grey paper a
    white border would stay a bright frame after `normalise_contrast`, which then
    leaves the paper beside it grey, and Tesseract's global threshold turns that
    strip black with the first letters of each line in it.
    """
    h, w = img.shape
    margin = np.ones((h, w), dtype=bool)
    my, mx = int(h * MARGIN_SHARE), int(w * MARGIN_SHARE)
    margin[my : h - my, mx : w - mx] = False
    dark = ((img < DARK) & margin).astype(np.uint8)
    count, labels, stats = _components(dark, connectivity=8)
    if count <= 1:
        return img
    edge = np.unique(
        np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    )
    remove = _holes(labels, stats, min(w, h))
    remove[edge] = True
    remove[0] = False
    if not remove.any():
        return img
    border = np.zeros(count, dtype=bool)
    border[edge] = True
    border[0] = False
    mask = cv2.dilate(_pixels_of(labels, stats, remove), np.ones((5, 5), np.uint8))
    outside = _outside(_pixels_of(labels, stats, border).astype(bool), (my, mx))
    out = img.copy()
    out[((mask > 0) | outside) & margin] = np.median(img[::8, ::8])
    return out


def _pixels_of(
    labels: npt.NDArray[np.integer[Any]],
    stats: npt.NDArray[np.int32],
    chosen: npt.NDArray[np.bool_],
) -> npt.NDArray[np.uint8]:
    """1 on the pixels of the ``chosen`` components, 0 elsewhere: each looked for in
    its own box, not over the whole page (a 300 dpi page's label image looked up
    whole took 10 ms, its few border components' boxes a fraction of it)."""
    out = np.zeros(labels.shape, dtype=np.uint8)
    for i in np.flatnonzero(chosen):
        x, y, width, height = stats[i, :4]
        box = (slice(y, y + height), slice(x, x + width))
        out[box] |= labels[box] == i
    return out


def _outside(
    border: npt.NDArray[np.bool_], margins: tuple[int, int]
) -> npt.NDArray[np.bool_]:
    """Everything between the image's edge and a border's inner rim, side by side.

    A border's shading is not dark everywhere: what is left of it between the
    edge and the rim (specks, a broken line) would read as a column rule that
    clips the first letter of each line. The rim is taken as the innermost
    border pixel of each row (or column) within `BORDER_RIM_SPAN` rows around it.
    """
    my, mx = margins
    out = np.zeros_like(border)
    for flip_x, flip_y, transpose in (
        (False, False, False),  # left
        (True, False, False),  # right
        (False, False, True),  # top
        (False, True, True),  # bottom
    ):
        view = border.T if transpose else border
        view = view[::-1] if flip_y else view
        view = view[:, ::-1] if flip_x else view
        band = view[:, : (my if transpose else mx)]
        hit = band.any(axis=1)
        if not hit.any():
            continue
        rim = np.where(hit, band.shape[1] - 1 - np.argmax(band[:, ::-1], axis=1), -1)
        span = BORDER_RIM_SPAN
        rim = sliding_window_view(np.pad(rim, span, mode="edge"), 2 * span + 1).max(1)
        # The rim is inside the band: mark through views of ``out`` that see it
        # as ``view`` sees ``border``, over the band alone, not the whole page.
        reach = min(view.shape[1], band.shape[1] + 2)
        target = out.T if transpose else out
        target = target[::-1] if flip_y else target
        target = target[:, ::-1] if flip_x else target
        target[:, :reach] |= np.arange(reach)[None, :] <= rim[:, None] + 2
    return out


def invert_dark_areas(img: Image) -> Image:
    """Light text on a dark band or fill, turned dark text on a light one.

    Letterheads printed white on a dark band and table heads on a dark fill
    would otherwise be lost: background division flattens them to grey, and
    Tesseract reads dark on light. An area is dark when, on a quarter-size copy
    closed over letter gaps, it is at least `DARK_AREA_FILL` dark pixels, fills
    `DARK_AREA_BLOCK` of its box and covers `DARK_AREA_SHARE` of the page; lines of
    black text never fill that much, and a scanner border is a frame, not a block.
    A band that touches a border is cut from it by a wider opening. A mid-grey
    band (`MID_BAND_CONTRAST` under the paper) is one too when the text it carries
    is lighter than it, not darker (`_light_lettered`).
    """
    h, w = img.shape
    small = cv2.resize(
        img, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA
    )
    solid = _dark_areas(small, MID_GREY)
    level = int(np.median(small)) - MID_BAND_CONTRAST
    if level > MID_GREY:
        mid = _dark_areas(small, level)
        count, labels, _ = _components(mid.astype(np.uint8), connectivity=8)
        for n in range(1, count):
            # A dark scanner border the band runs into is solid already: the
            # band is what lies outside it ("Garnier & Associés" white on a
            # grey band reaching the page's dark edge, seed 9106 #20).
            fresh = (labels == n) & ~solid
            if fresh.any() and _light_lettered(img, fresh):
                solid |= fresh
    if not solid.any():
        return img
    mask = _band_outline(img, solid.astype(np.uint8))
    out = cv2.bitwise_not(img, dst=img.copy(), mask=mask)
    # The band's own grey, once inverted, is stretched to white.
    inside = mask.astype(bool)
    if inside.any():
        paper = max(int(np.median(out[inside])), 1)
        out[inside] = cv2.divide(out[inside], paper, scale=WHITE).ravel()
    return out


def _dark_areas(small: Image, level: int) -> npt.NDArray[np.bool_]:
    """The dark areas (`invert_dark_areas`) of a quarter-size page, from pixels
    under ``level``."""
    dark = (small < level).astype(np.uint8)
    k = _odd(max(small.shape) / 150)
    closed = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, _square(k))
    solid, framed = _dark_blocks(closed, dark, k)
    if framed.any():  # a band and a border in one piece: cut the border away
        more, _ = _dark_blocks(framed.astype(np.uint8), dark, 3 * k)
        solid |= more
    if not solid.any():
        return solid
    # Closing joined the letters printed just under a band to it; inverting them
    # would print black blocks. A wide median keeps the band's straight edges and
    # drops those lumps, where the paper is the majority; closing it again fills
    # what it took out of big light letters inside the band.
    background = (cv2.medianBlur(small, 2 * k + 1) < level).astype(np.uint8)
    return solid & (
        cv2.morphologyEx(background, cv2.MORPH_CLOSE, _square(2 * k + 1)) > 0
    )


def _light_lettered(img: Image, area: npt.NDArray[np.bool_]) -> bool:
    """True when ``area`` (on the quarter-size copy of ``img``) is a mid-grey band
    whose text is lighter than it: its grey, at full size, is `MID_GREY` or more,
    and more of its pixels stand `BAND_TEXT_CONTRAST` over it than under it. A
    grey fill behind dark text (a table's head) is left as it is, and so is a
    dark scanner border the paper's edge makes look lettered."""
    ys, xs = np.nonzero(area)
    inside = img[4 * ys, 4 * xs].astype(np.int16)
    band = int(np.median(inside))
    light = np.count_nonzero(inside > band + BAND_TEXT_CONTRAST)
    return band >= MID_GREY and light > np.count_nonzero(
        inside < band - BAND_TEXT_CONTRAST
    )


def _band_outline(img: Image, small: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """The dark areas' exact outline, at full size, from their quarter-size mask.

    That mask is out by a few pixels either way: inverted as it is, it leaves a
    dark rim around the area, which Tesseract's layout takes for a picture and
    leaves unread (a title "FACTURE N° ..." on a grey band was lost so). The dark
    pixels near it that are joined to it are the area; the light letters they
    enclose are part of it too. Worked out area by area, in each one's box.
    """
    height, width = img.shape
    mask = cv2.resize(small, (width, height), interpolation=cv2.INTER_NEAREST)
    out = np.zeros_like(mask)
    count, _, stats = _components(small, connectivity=8)
    pad = 2 * BAND_RIM
    for x, y, w, h, _ in stats[1:count] * 4:
        rows = slice(max(0, y - pad), y + h + pad)
        cols = slice(max(0, x - pad), x + w + pad)
        area = mask[rows, cols]
        near = cv2.dilate(area, _square(2 * BAND_RIM + 1))
        crop = img[rows, cols]
        dark = ((crop < _band_threshold(crop, area, near)) & (near > 0)).astype(
            np.uint8
        )
        n, labels, blobs = _components(dark, connectivity=8)
        overlap = np.bincount(labels.ravel(), weights=area.ravel(), minlength=n)
        keep = overlap >= 0.5 * blobs[:, cv2.CC_STAT_AREA]
        keep[0] = False
        band = keep[labels].astype(np.uint8)
        # What the band encloses is band: flood the paper from outside its box.
        flooded = np.pad(band, 1)
        cv2.floodFill(flooded, None, (0, 0), 1)
        out[rows, cols] |= band | (flooded[1:-1, 1:-1] == 0)
    return out


def _band_threshold(
    crop: Image, area: npt.NDArray[np.uint8], near: npt.NDArray[np.uint8]
) -> float:
    """Halfway between a dark area's own grey and the paper's around it.

    A mid-grey band on a blotchy scan has whole patches over `MID_GREY`: cut
    there, it came out in pieces, and their inverted specks covered the
    letterhead it carried.
    """
    paper = crop[near == 0]
    paper_level = float(np.median(paper)) if paper.size else float(WHITE)
    return (float(np.median(crop[area > 0])) + paper_level) / 2


def _square(k: int) -> npt.NDArray[np.uint8]:
    return _bar(k, k)


def _dark_blocks(
    closed: npt.NDArray[np.uint8], dark: npt.NDArray[np.uint8], k: int
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """The dark blocks of a closed mask once opened by ``k``, and what is big and dark
    but not a block (a frame, or a block joined to one)."""
    # Outside the image counts as light: a strip along the edge is as thin as it
    # looks (OpenCV's default border would let it survive erosion whole).
    opened = cv2.morphologyEx(
        closed,
        cv2.MORPH_OPEN,
        _square(k),
        borderType=cv2.BORDER_CONSTANT,
        borderValue=0,
    )
    count, labels, stats = _components(opened, connectivity=4)
    area = stats[:, cv2.CC_STAT_AREA]
    box = stats[:, cv2.CC_STAT_WIDTH] * stats[:, cv2.CC_STAT_HEIGHT]
    inked = np.bincount(labels.ravel(), weights=dark.ravel(), minlength=count)
    big = (area >= DARK_AREA_SHARE * dark.size) & (inked >= DARK_AREA_FILL * area)
    big[0] = False
    block = area >= DARK_AREA_BLOCK * box
    return (big & block)[labels], (big & ~block)[labels]


def _holes(
    labels: npt.NDArray[np.integer[Any]], stats: npt.NDArray[np.int32], short_side: int
) -> npt.NDArray[np.bool_]:
    """Components shaped like a punch hole: a filled disc of a hole's diameter."""
    x, y, width, height, area = (stats[:, i] for i in range(5))
    low, high = (share * short_side for share in HOLE_DIAMETER_SHARE)
    size = np.maximum(width, height)
    fill = area / np.maximum(width * height, 1)
    # A disc fills pi/4 (0.79) of its square box; bold letters and squares do not.
    holes = (
        (size >= low)
        & (size <= high)
        & (np.minimum(width, height) >= 0.85 * size)
        & (fill > 0.7)
        & (fill < 0.88)
    )
    holes[0] = False
    for i in np.flatnonzero(holes):
        crop = (labels[y[i] : y[i] + height[i], x[i] : x[i] + width[i]] == i).astype(
            np.uint8
        )
        contours, _ = cv2.findContours(crop, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        outline = max(contours, key=cv2.contourArea)
        perimeter = cv2.arcLength(outline, closed=True)
        circularity = 4 * math.pi * cv2.contourArea(outline) / max(perimeter**2, 1.0)
        holes[i] = circularity > HOLE_MIN_CIRCULARITY
    return holes


def denoise(img: Image) -> Image:
    """Remove salt-and-pepper noise (dust, scanner speckle) with a 3×3 median."""
    return cv2.medianBlur(img, 3)


SHADOW_STEP = 25
"""Grey levels by which a page's local maximum must outdo its closing for the
closing to be the background (`normalise_contrast`)."""


def normalise_contrast(img: Image) -> Image:
    """Flatten the paper to white: divide by the background (a local maximum).

    The background is the largest grey level in a window a fortieth of the long
    side wide (8 mm on A4, wider than any stroke), taken on a quarter-size copy
    and smoothed, so grey or yellow paper, shadows and uneven light all become
    white while text keeps its contrast against them. Dark areas wider than the
    window (a solid logo) fade to white too; OCR loses nothing there.

    Beside white past the page's edge, a shadow took that white for its paper
    and stayed, and Tesseract's layout read nothing under it (seed 9061 #23, a
    till receipt's values). Where the largest grey level is `SHADOW_STEP` or more
    above the smallest of the largest ones round it (the page closed: the edge
    of an area darker than the window is wide), the latter is the background.
    Only there: closed everywhere, the page's paper came out a few levels
    lighter, Tesseract read every page a little otherwise, and five seeds read
    again lost 12 values net of 5068.
    """
    h, w = img.shape
    small = cv2.resize(
        img, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA
    )
    k = _odd(max(small.shape) / 40)
    window = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    background = cv2.dilate(small, window)
    closed = cv2.erode(background, window)
    shadow = background.astype(np.int16) - closed > SHADOW_STEP
    background[shadow] = closed[shadow]
    background = cv2.GaussianBlur(background, (k, k), 0)
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(img, np.maximum(background, 1), scale=WHITE)


def orient(img: Image) -> Image:
    """Turn a page scanned sideways or upside down upright."""
    return turn(img, detect_turns(img))


def turn(img: Image, turns: int) -> Image:
    """The image turned by ``turns`` clockwise quarter turns."""
    codes = {
        1: cv2.ROTATE_90_CLOCKWISE,
        2: cv2.ROTATE_180,
        3: cv2.ROTATE_90_COUNTERCLOCKWISE,
    }
    return cv2.rotate(img, codes[turns % 4]) if turns % 4 else img


def deskew(img: Image) -> Image:
    """Level text lines skewed by up to `SKEW_MAX_DEGREES`."""
    return rotate(img, estimate_skew(img))


def rotate(img: Image, angle: float) -> Image:
    """The image rotated by ``angle`` degrees (counter-clockwise), on a white canvas
    grown so that no corner is cut."""
    if angle == 0:
        return img
    matrix, size = _rotation(img.shape, angle)
    return cv2.warpAffine(
        img,
        matrix,
        size,
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=WHITE,
    )


def remove_lines(img: Image) -> Image:
    """Erase the long straight rules of tables and boxes, leaving the text.

    Ink (`RULE_CONTRAST` under the paper) that stays after an opening by a long thin
    bar may be a rule: at least `RULE_SHARE` of the long side across, or
    `UPRIGHT_RULE_SHARE` down. It is one when it is thin (`RULE_MAX_THICKNESS`; a
    dark fill is not) and clear on both sides (`RULE_MAX_NEIGHBOURS`; the merged
    serifs under a word of bold Courier are not), and then it takes white, with a
    rim of two pixels for its anti-aliasing. Tesseract otherwise reads a rule as a
    row of dashes or ``|``, and a box's frame beside a column makes it join that
    column's lines with the other column's, whose baselines differ. Dotted leaders
    under a form's values go too (`_dotted_rules`): Tesseract reads them as letters
    run into the value. Runs after `deskew`, on level lines.
    """
    # Rules are looked for on a half-size copy that keeps the darkest of each
    # 2 × 2 pixels (a one-pixel rule stays as dark): a quarter of the work.
    half = cv2.erode(img, np.ones((2, 2), np.uint8))[::2, ::2]
    long_side = max(half.shape)
    paper = int(np.median(half[::4, ::4]))
    ink = (half < paper - RULE_CONTRAST).astype(np.uint8)
    thickness = long_side * RULE_MAX_THICKNESS
    length = round(long_side * RULE_SHARE)
    across = _rules(ink, length, thickness)
    down = _rules(ink.T, round(long_side * UPRIGHT_RULE_SHARE), thickness).T
    dotted = _dotted_rules(ink, length, thickness, round(long_side * DOT_GAP_SHARE))
    rules = (across | down | dotted).astype(np.uint8)
    if not rules.any():
        return img
    h, w = img.shape
    rules = cv2.resize(rules, (w, h), interpolation=cv2.INTER_NEAREST)
    rules = cv2.dilate(rules, _square(5))  # the anti-aliased rim, at full size
    out = img.copy()
    out[rules > 0] = WHITE
    return out


def _rules(
    ink: npt.NDArray[np.uint8], length: int, thickness: float
) -> npt.NDArray[np.bool_]:
    """The horizontal rules of an ink mask (1 ink, 0 paper): long, thin, clear."""
    labels, stats, thin = _thin_runs(ink, length, thickness)
    keep = np.zeros(len(stats), dtype=bool)
    near, far = max(2, round(thickness / 4)), max(4, round(thickness / 2))
    for i in thin:
        x, y, w, h, area = stats[i]
        if area > RULE_THIN_SHARE * thickness * w and w < RULE_LONG_SHARE * length:
            continue  # a blurred word's letters run into a bar as thick: too short
        above = ink[max(0, y - far) : max(0, y - near), x : x + w]
        below = ink[y + h + near : y + h + far, x : x + w]
        crowded = max((strip.mean() if strip.size else 0.0) for strip in (above, below))
        keep[i] = crowded <= RULE_MAX_NEIGHBOURS
    return keep[labels]


def _thin_runs(
    mask: npt.NDArray[np.uint8], length: int, thickness: float
) -> tuple[npt.NDArray[np.integer[Any]], npt.NDArray[np.int32], list[int]]:
    """What of a mask stays after an opening by a bar ``length`` across, labelled, and
    the labels of its thin parts: no thicker than ``thickness`` on average (a dark
    fill, or text on one, is thicker)."""
    runs = cv2.morphologyEx(mask, cv2.MORPH_OPEN, _bar(max(3, length), 1))
    count, labels, stats = _components(runs, connectivity=8)
    area, width = stats[:, cv2.CC_STAT_AREA], stats[:, cv2.CC_STAT_WIDTH]
    thin = [i for i in range(1, count) if area[i] <= thickness * width[i]]
    return labels, stats, thin


def _dotted_rules(
    ink: npt.NDArray[np.uint8], length: int, thickness: float, gap: int
) -> npt.NDArray[np.bool_]:
    """The dots of dotted (or dashed) horizontal lines: the leaders of a form.

    Ink closed over gaps of ``gap`` that makes a long thin run, and that is made of
    at least `DOTTED_MIN_DOTS` separate specks no taller than the run and half a
    rule's thickness (0.6 mm on A4), rounded up to whole pixels (rounded to the
    nearest, an A5 carbon pad's 0.42 mm came to 2 pixels of the half-size copy,
    and its blurred dots, 3 high, stayed: seed 9092 #16): a line of small letters
    also closes into a thin run, but its specks are letters, taller than that.
    Only the specks go: a value written on the leader and touching it stays whole.
    """
    dot = max(2, math.ceil(thickness / 2))
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, _bar(max(3, gap), 1))
    labels, stats, thin = _thin_runs(joined, length, thickness)
    if not thin:  # the ink's own labelling is the dear part: only when needed
        return np.zeros(ink.shape, dtype=bool)
    _, specks, speck_stats = _components(ink, connectivity=8)
    dots = np.zeros(len(speck_stats), dtype=bool)
    for i in thin:
        x, y, w, h, _ = stats[i]
        window = specks[y : y + h, x : x + w][labels[y : y + h, x : x + w] == i]
        ids = np.unique(window[window > 0])
        small = speck_stats[ids, cv2.CC_STAT_HEIGHT] <= min(h + 2, dot)
        if len(ids) >= DOTTED_MIN_DOTS and small.mean() >= DOTTED_MIN_SHARE:
            dots[
                [i for i in ids[small] if not _hyphen(specks, speck_stats, i, dot)]
            ] = True
    dots[0] = False
    return dots[specks]


def _hyphen(
    specks: npt.NDArray[np.integer[Any]],
    stats: npt.NDArray[np.int32],
    i: int,
    dot: int,
) -> bool:
    """True when speck ``i`` lies between two glyphs taller than a dot, within its
    own width before and after it and at their middle height: a hyphen inside a
    reference that a leader runs into ("Bon de commande ..... BC-2026-5550" read
    "BC 2026-5550", seed 9039 #17), not a dot or dash of a leader, nor a dot of a
    dotted line under a word (below its letters, not between them)."""
    x, y, w, h, _ = stats[i]
    middle = y + h / 2
    rows = slice(max(0, y - 2 * h), y + 3 * h)

    def glyph_at(side: npt.NDArray[np.integer[Any]]) -> bool:
        for j in np.unique(side[side > 0]):
            top, height = stats[j, cv2.CC_STAT_TOP], stats[j, cv2.CC_STAT_HEIGHT]
            if height > dot and top + height / 4 <= middle <= top + 3 * height / 4:
                return True
        return False

    return glyph_at(specks[rows, max(0, x - w) : x]) and glyph_at(
        specks[rows, x + w : x + 2 * w]
    )


def _components(
    mask: npt.NDArray[np.uint8], connectivity: int
) -> tuple[int, npt.NDArray[np.integer[Any]], npt.NDArray[np.int32]]:
    """The count, label image and stats of a mask's connected components.

    Labels are 16-bit when they fit: OpenCV then takes 17 ms on a 300 dpi page
    where 32-bit labels take 58 ms. It raises when a 65,536th component appears.
    """
    try:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_16U
        )
    except cv2.error:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity
        )
    return count, labels, stats


def _bar(width: int, height: int) -> npt.NDArray[np.uint8]:
    return cv2.getStructuringElement(cv2.MORPH_RECT, (width, height))


def binarise(img: Image) -> Image:
    """Black text on white: ink is what is darker than its neighbourhood and the page.

    A pixel is ink when it is `BINARISE_OFFSET` grey levels darker than the mean of
    a window about 1/50 of the short side (the adaptive part, for uneven light)
    and also darker than Otsu's global level (which keeps the background's noise,
    that the local mean lets through, white). Speckle matters: Tesseract slows down
    by an order of magnitude on a page of noise.
    """
    block = _odd(min(img.shape) / 50)
    local = cv2.adaptiveThreshold(
        img,
        WHITE,
        cv2.ADAPTIVE_THRESH_MEAN_C,
        cv2.THRESH_BINARY,
        block,
        BINARISE_OFFSET,
    )
    _, overall = cv2.threshold(img, 0, WHITE, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return np.maximum(local, overall)


def preprocess(img: Image, steps: CleanUp = CleanUp()) -> Image:
    """Chain the clean-up steps that ``steps`` turns on."""
    return prepare(img, steps).image


def prepare(img: Image, steps: CleanUp = CleanUp()) -> Prepared:
    """Chain the clean-up steps, recording how the geometric ones moved pixels.

    Borders go first, while they are still plainly dark (background division
    would leave their rims grey); the paper is flattened before the geometric
    steps, which measure ink and fill with white; rules are erased once level;
    binarisation comes last, after any resampling.
    """
    img = clean_up(img, steps)
    turns = detect_turns(img) if steps.orient else 0
    return straighten(img, turns, steps)


def clean_up(img: Image, steps: CleanUp = CleanUp()) -> Image:
    """Chain the steps that change pixels in place, before the geometric ones."""
    if steps.invert_dark_areas:
        img = invert_dark_areas(img)
    if steps.remove_borders:
        img = remove_borders(img)
    if steps.denoise:
        img = denoise(img)
    if steps.normalise_contrast:
        img = normalise_contrast(img)
    return img


def straighten(
    img: Image, turns: int, steps: CleanUp = CleanUp(), ink: Image | None = None
) -> Prepared:
    """Turn a cleaned image by ``turns``, then chain the steps after the turn.
    ``ink`` is the cleaned image's `small_ink`, when made already (used unturned)."""
    rendered_shape = img.shape
    img = turn(img, turns)
    ink = ink if turns % 4 == 0 else None
    angle = estimate_skew(img, ink) if steps.deskew else 0.0
    geometry = geometry_of(rendered_shape, turns, angle)
    img = rotate(img, angle)
    if steps.remove_lines:
        img = remove_lines(img)
    if steps.binarise:
        img = binarise(img)
    return Prepared(img, geometry)


def geometry_of(shape: tuple[int, ...], turns: int, angle: float) -> Geometry:
    """The map `turn` then `rotate` apply to an image of ``shape`` (height, width)."""
    h, w = shape[:2]
    quarter = {
        0: ((1, 0, 0), (0, 1, 0)),
        1: ((0, -1, h), (1, 0, 0)),
        2: ((-1, 0, w), (0, -1, h)),
        3: ((0, 1, 0), (-1, 0, w)),
    }[turns % 4]
    t = np.array([*quarter, (0, 0, 1)], dtype=np.float64)
    turned = (w, h) if turns % 2 else (h, w)
    r = np.eye(3)
    if angle:
        r[:2] = _rotation(turned, angle)[0]
    m = r @ t
    return Geometry(turns % 4, angle, tuple(float(v) for v in m[:2].ravel()))


def _rotation(
    shape: tuple[int, ...], angle: float
) -> tuple[npt.NDArray[np.float64], tuple[int, int]]:
    h, w = shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = math.ceil(h * sin + w * cos), math.ceil(h * cos + w * sin)
    matrix[0, 2] += (new_w - w) / 2
    matrix[1, 2] += (new_h - h) / 2
    return matrix, (new_w, new_h)


def _shrink(img: Image, max_side: int) -> Image:
    factor = max_side / max(img.shape)
    if factor >= 1:
        return img
    return cv2.resize(img, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def _odd(value: float) -> int:
    n = max(3, round(value))
    return n if n % 2 else n + 1


# -- doing: reading -----------------------------------------------------------------


class _OsdFailed(Exception):
    """Tesseract ran but found no orientation."""


def ocr_image(
    img: Image,
    scale: float,
    page_number: int,
    page_size: tuple[float, float],
    *,
    timeout_s: float = 0.0,
) -> Page:
    """Read an image with Tesseract (fra+eng); boxes in points of the image's frame.

    Words Tesseract gives no confidence (-1) or no text are left out. A positive
    ``timeout_s`` kills Tesseract after that long and raises `ProcessingTimeout`:
    the pipeline's own deadline cannot stop a child process.
    """
    lines = read_lines(img, scale, timeout_s=timeout_s)
    return Page(page_number, *page_size, _flat(lines), Method.OCR)


Line = tuple[Word, ...]
"""The words of one line, as Tesseract's layout analysis grouped them."""


def read_lines(
    img: Image,
    scale: float,
    *,
    psm: int = 3,
    languages: str = LANGUAGES,
    timeout_s: float = 0.0,
) -> list[Line]:
    """Tesseract's words, line by line in its reading order; boxes in points."""
    data = _tesseract(
        pytesseract.image_to_data,
        _uncompressed(img),
        lang=languages,
        # --dpi: an image from memory carries no resolution, and Tesseract would
        # otherwise assume 70 dpi for its size heuristics.
        config=f"--psm {psm} --dpi {round(scale * 72)}",
        output_type=Output.DICT,
        timeout=timeout_s,
    )
    return _lines_of(data, scale)


def _lines_of(data: dict[str, list[Any]], scale: float) -> list[Line]:
    """Tesseract's word-level data (pytesseract's dict of columns) as lines of Words."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        text = str(text).strip()
        # In whole percent, as pytesseract gives it (the TSV has decimals).
        conf = int(float(data["conf"][i]))
        if not text or conf < 0:
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        right, bottom = left + int(data["width"][i]), top + int(data["height"][i])
        key = (
            int(data["block_num"][i]),
            int(data["par_num"][i]),
            int(data["line_num"][i]),
        )
        lines.setdefault(key, []).append(
            Word(
                text,
                left / scale,
                top / scale,
                right / scale,
                bottom / scale,
                confidence=min(1.0, conf / 100),
            )
        )
    return [_unstretched(words) for words in lines.values()]


def _unstretched(words: list[Word]) -> Line:
    """A line's words, none reaching over the next one.

    Tesseract sometimes gives a word the box of the run it cut into several: an
    IBAN printed without spaces came out "FR763000443" boxed over all 27
    characters, then "184" and "1307605839835" inside that box (seed 9067 #22),
    which read as its ghosts. Such a box ends where the next word starts.
    """
    for k, (word, after) in enumerate(itertools.pairwise(words)):
        if word.x0 < after.x0 and word.x1 >= after.x1:
            words[k] = replace(word, x1=after.x0)
    return tuple(words)


HEAD_GAP = 0.4
"""Widest gap, in word heights, between a line of one glyph or two and the start
of another line on its row that the glyphs are the head of (`_heads_joined`)."""
_ONE_SHAPES = "lI"
"""Letters Tesseract reads a 1 as (a bar "|" is a table's rule as often)."""


def _heads_joined(lines: list[Line]) -> list[Line]:
    """The lines, a line of one word of one or two glyphs put back at the head of
    the word that starts another line right after it on its row: Tesseract's
    layout cut the first glyph off a value at the end of a dotted leader into a
    block of its own ("2" | "5S0922", "l" | "6/03/25", seed 9116 #27). Within a
    line, its words are as Tesseract spaced them: a gap this narrow between two
    lines is no space. A 1 read as a letter before a digit is the digit, at
    `S_REPAIR_CONFIDENCE` at most (nothing proves it)."""
    out = list(lines)
    for i, line in enumerate(lines):
        if len(line) != 1 or not 1 <= len(line[0].text) <= 2:
            continue
        head = line[0]
        if not head.text.isalnum():
            continue
        for k, other in enumerate(out):
            if k == i or not other or not _starts_after(head, other[0]):
                continue
            word = other[0]
            text, confidence = head.text, min(head.confidence, word.confidence)
            if text in _ONE_SHAPES and word.text[:1].isdigit():
                text, confidence = "1", min(confidence, S_REPAIR_CONFIDENCE)
            joined = Word(
                text + word.text,
                head.x0,
                min(head.top, word.top),
                word.x1,
                max(head.bottom, word.bottom),
                confidence,
            )
            out[k], out[i] = (joined, *other[1:]), ()
            break
    return [line for line in out if line]


def _starts_after(head: Word, word: Word) -> bool:
    """True when ``word``, of letters or digits from its first character, starts
    right after ``head`` (within `HEAD_GAP` of the taller's height, or touching)
    on the same row, the two of about one height."""
    tall = max(head.height, word.height)
    return (
        word.text[:1].isalnum()
        and -0.1 * tall <= word.x0 - head.x1 <= HEAD_GAP * tall
        and _same_row(head, word)
        and min(head.height, word.height) >= 0.6 * tall
    )


def _flat(lines: list[Line]) -> tuple[Word, ...]:
    return tuple(w for line in lines for w in line)


REREAD_BELOW = 0.6
"""A word read under this confidence is read again, with its neighbours."""
REREAD_MAX_LINES = 40
"""At most this many pieces a page are read again (the least sure first)."""
REREAD_MIN_CHARS = 3
"""Letters or digits a doubtful word needs to be worth reading again."""
REREAD_MIN_WIDTH = 3.0
"""Or the width of its box, in the page's median word heights: a value read as
two letters across its whole width is worth it too."""
REREAD_LANGUAGES = "fra"
"""French alone: loading English as well costs more than reading the lines."""
RUN_GAP = 1.5
"""Words further apart than this many word heights are in two cells."""
RUN_GAP_DOUBTFUL = 3.0
"""The same, between two words read under `REREAD_BELOW`."""
REREAD_GAP = 1.0
"""White between two lines set one under the other, in line heights."""
S_LOOKALIKES = "35689"
"""Digits Tesseract reads in place of an S among digits ("26S6963" read "2686963")."""
S_REPAIR_CONFIDENCE = 0.75
"""Highest confidence of a word whose digit the second look read as an S: its own
reading set apart, or the recogniser's best character before the word's decoding
chose a digit. Nothing else proves it. The glyph checks' repairs (an O made a 0,
a 1 an I: `_lookalikes_by_glyph`) are held to it too."""
STRETCH_PAPER_PERCENTILE = 90
"""The grey level of a crop's paper, as a percentile: most of a crop is paper."""
STRETCH_MIN_RANGE = 40
"""A crop whose ink is not this much darker than its paper holds no print."""
S_CHECK_MAX_WORDS = 12
"""At most this many words a page are read again for an S."""
_IDENTIFIER = re.compile(r"[A-Z0-9/-]{6,14}")
_DIGIT_RUN = re.compile(r"\d{5,}")
"""Five digits or more in a row: the run among which an S is read as a digit (a
date's runs are shorter)."""
Step = tuple[tuple[float, str], ...]
"""The characters the recogniser rated at one step of a word, best first, with
their scores (0 to 100)."""
S_LIKE = "Ss$"
"""What the recogniser reads an S as."""
S_CHOICE_MIN = 5.0
"""Score (0-100) the recogniser must give an S among its choices at a character
for that character's glyph, read alone as an S, to be one. On 45 dev scans, each
true S had 13 or more; of 283 digits, one had 30 (an "s"), the others none."""
S_CHECK_MAX_GLYPHS = 30
"""At most this many characters a page are read alone for an S."""
GLYPH_MIN_SHARE = 0.05
"""Ink blots smaller than this share of a word's largest are specks, no glyph."""
GLYPH_OVERLAP = 0.5
"""Blots sharing this much of the narrower one's columns are one glyph (an é's
accent, a broken stroke)."""
GLYPH_FRAGMENT = 0.4
"""A blot under this share of the word's median blot is a fragment of a glyph (a
bold 3's tail the threshold broke off): one with any column in common with its
neighbour is part of it."""
GLYPH_JOINED_PITCH = 1.25
"""Widest two blots joined into one glyph, in the word's pitch (a blurred serif 0
broken in two arcs spanned 1.02 of it; two digits side by side span two)."""
GLYPH_ARC = 0.6
"""Widest blot taken for an arc of a glyph, in the word's pitch (the 0's arcs: 0.42
and 0.48 of it)."""
GLYPH_ARC_HEIGHT = 0.7
"""Shortest blot taken for an arc of a glyph, in the word's tallest blot's height (a
ring's arcs are as tall as the ring; a comma or a speck is not)."""
REREAD_MAX_HEIGHT = 8.0
"""Tallest crop on the sheet, in the page's median word heights; a taller one (a
stamp's big letters) is shrunk to this. A text line's crop is about twice its
words' height (half a height of margin above and below), a title's up to five
times the body's: shrunk to four, titles read worse (3 values lost on 40 scans)."""
REREAD_MAX_LETTERS = 2.0
"""Tallest words on the second look's sheet, in the page's body heights
(`_tallest_crops`). Shrinking every crop to four body heights lost titles; shrinking
only those whose words are taller than two, to two, read seeds 9029-9033 again with
+1 value and none lost (session 11)."""
CHECK_MAX_LETTERS = 1.0
"""Tallest words of the S's checks on the second look's sheet (a suspect word, a
glyph), in the page's body heights: they need no more to be read."""


def second_look(
    img: Image,
    scale: float,
    lines: list[Line],
    *,
    timeout_s: float = 0.0,
    reader: "Callable[[Image], SheetReading] | None" = None,
) -> list[Line]:
    """Words read poorly, read again set apart; the surer reading of each kept.

    Tesseract's page layout sometimes joins cells that do not share a baseline,
    or sizes a line by its neighbours, and then reads clean print as garbage
    ("BIC : CCOPFRPP" came out "PAC ARERR,"). Set apart, the same pixels read
    right. Each line is cut into cells (`_runs`) and each cell around its
    doubtful words (`_pieces`); the doubtful pieces are cut out, stacked one
    under the other with white between them, each stretched to black ink on
    white paper (`_stretched`), and read in one more Tesseract run
    as a single block of text (one run: starting Tesseract costs more than
    reading a few lines). A piece's new words replace its old ones when they are
    read with more confidence, but for its words of context read surely, which
    keep their first reading where the new one is less sure (`_kept_sure`).
    Words of other lines in a doubtful piece's row (Tesseract read the row
    twice, as two lines of fragments) go into its crop, and are dropped where
    its new reading covers them. Text-like ink outside every word's box (`_unread`:
    a block Tesseract's layout took for a picture) goes on the sheet too (in the
    crop of a doubtful piece it meets on its row, `_unread_joined`), with
    the words of its row at its very edge (a word read in pieces round it), and
    what is read there joins the page when it is sure enough, in place of those
    words where it covers them; so does a row of print Tesseract's layout read
    as two lines of fragments whose words alternate across it (`_read_twice`).
    References that
    may hold an S Tesseract read as a digit among digits (`_identifiers`) go on
    the sheet too, one word each: when the word read set apart, or the
    recogniser's own best character at each step, is the same but for an S in
    place of a 3, 5, 6, 8 or 9, the S is kept, at `S_REPAIR_CONFIDENCE` at most.
    Their 3s, 5s, 6s, 8s and 9s also go on the sheet one glyph each
    (`_suspect_glyphs`): the recogniser reads an S among digits as the digit
    they make likely, even set apart, and alone reads it an S; a glyph read an S
    alone is one when the recogniser also rated an S there in its word
    (`_s_rated`).
    Returns the pieces, in the lines' order, then the words found in unread ink.
    ``reader`` reads the sheet (a `Standby` started ahead); by default a new
    Tesseract run does.
    """
    body = _body_height(lines)
    twice = _read_twice(lines, scale, img.shape)
    lines = [
        piece for line in lines for run in _runs(line) for piece in _pieces(run, body)
    ]
    doubtful = sorted(
        (i for i, line in enumerate(lines) if _doubtful(line, body)),
        key=lambda i: _sureness(lines[i]),
    )[:REREAD_MAX_LINES]
    unread = _unread(img, lines, scale) + twice
    suspects = _identifiers(lines)
    if not doubtful and not unread and not suspects:
        return lines
    doubtful.sort()
    glyphs = _suspect_glyphs(img, scale, lines, suspects)
    pieces, unread = _unread_joined(
        [_line_box(lines[i], scale, img.shape) for i in doubtful], unread
    )
    boxes = (
        pieces
        + unread
        + [_line_box((lines[i][j],), scale, img.shape) for i, j in suspects]
        + [box for _, _, box in glyphs]
    )
    # Words of other lines in a doubtful line's own row, reaching into its box:
    # the row read twice, in two lines of fragments; read again with it, not
    # painted out, and the crop widened to take them in whole.
    shared = [
        _in_row(lines, i, boxes[k], scale, set(doubtful), body)
        for k, i in enumerate(doubtful)
    ]
    for k, i in enumerate(doubtful):
        if shared[k]:  # the crop takes them in whole
            boxes[k] = _line_box(
                lines[i] + tuple(w for _, w in shared[k]), scale, img.shape
            )
    # Words of the row at the very edge of unread ink: Tesseract read a word in
    # pieces and left its middle ("Cc", "té" of "Communauté", seed 9037 #49);
    # painted out, the ink alone read "-2mmunau". Read again with it, and
    # dropped where the new reading covers them.
    beside = [_beside(lines, box, scale, set(doubtful)) for box in unread]
    for k, words in enumerate(beside, start=len(doubtful)):
        if words:
            x0, y0, x1, y1 = _line_box(tuple(w for _, w in words), scale, img.shape)
            bx0, by0, bx1, by1 = boxes[k]
            boxes[k] = (min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1))
    owners = (
        [lines[i] + tuple(w for _, w in shared[k]) for k, i in enumerate(doubtful)]
        + [tuple(w for _, w in words) for words in beside]
        + [(lines[i][j],) for i, j in suspects]
        + [(lines[i][j],) for (i, j), _, _ in glyphs]
    )
    # The S's checks read each word and glyph at the body's size at most: left
    # as tall as a number printed big, beside a small one, they made Tesseract
    # read the small one's crops as marks ("25S3422" read "_" under
    # "2025-09082" at 1.9 body heights, seed 9098 #50).
    checks = len(boxes) - len(suspects) - len(glyphs)
    letters = [REREAD_MAX_LETTERS] * checks + [CHECK_MAX_LETTERS] * (
        len(boxes) - checks
    )
    crops = _crops(img, lines, boxes, owners, scale, _stretched, letters)
    for k in range(len(doubtful), len(doubtful) + len(unread)):
        crops[k] = _slivers_blanked(crops[k])
    reading, offsets, by_crop = _read_sheet(crops, boxes, scale, reader, timeout_s)
    # Words read again over ink another line's word was read from are left out:
    # that word's painted-out box left its edges, read as junk ("LE:" over
    # "n° :", seed 9034 #42, whose label then read "Commande LE: n° :").
    every = _flat(lines)
    out = list(lines)
    # Words of pieces read again themselves are not outdone by another's reading:
    # their own may be as sure, and the ink would be read twice. A piece whose
    # crop read nothing is junk: a flat "wwe" at 0.37 over the top of
    # "Ministère", kept so, left it out of the line read under it ("DAS MENU"
    # read again "Ministère de la Culture", seed 9120 #24).
    rereading = {
        id(w) for k, i in enumerate(doubtful) if by_crop.get(k) for w in lines[i]
    }
    for k, i in enumerate(doubtful):
        mine = {id(w) for w in owners[k]}
        x0, y0, x1, y1 = (v / scale for v in boxes[k])
        read = by_crop.get(k, ())
        others = [
            w
            for w in every
            if w.x1 > x0
            and w.x0 < x1
            and w.bottom > y0
            and w.top < y1
            and id(w) not in mine
        ]
        outdone = {
            id(w) for w in others if id(w) not in rereading and _displaced(w, read)
        }
        again = _new_ink(read, [w for w in others if id(w) not in outdone])
        if again and _reads_surer(again, lines[i]):
            out[i] = again = _kept_sure(lines[i], again)
            # Read again over it: a fragment of the row, or junk outdone.
            gone = {id(w) for _, w in shared[k]} | outdone
            out = _covered_dropped(out, gone, again, keep=i)
    first = len(doubtful) + len(unread)
    every = _flat(out)
    for k, words in enumerate(beside, start=len(doubtful)):
        read = by_crop.get(k, ())
        mine = {id(w) for _, w in words} | {id(w) for w in every if _displaced(w, read)}
        found = _new_ink(read, [w for w in every if id(w) not in mine])
        # A word of the row read surely keeps its reading where the crop's is less
        # sure: "14 septembre" read again "145" at 0.68 (seed 9074 #38).
        found = _kept_sure(tuple(w for _, w in words), found)
        if found and _sureness(found) >= _unread_bar(found):
            out = _covered_dropped(out, mine, found)
            out.append(found)
    # Boxes of unread ink overlap by their margins, and a glyph at the edge of
    # one is read in both ("c«" over "communes", "C" over "02285").
    out[len(lines) :] = _overlaps_dropped(out[len(lines) :])
    rated: dict[int, list[tuple[int, tuple[Step, ...]]]] = {}
    for (x0, y0, _, y1), word_steps in reading.steps.items():
        k = _crop_at(offsets, (y0 + y1) / 2)
        if k is not None and k >= first:
            rated.setdefault(k, []).append((x0, word_steps))
    alone = {
        (i, j, n)
        for k, ((i, j), n, _) in enumerate(glyphs, start=first + len(suspects))
        if _reads_s(by_crop.get(k, ()))
    }
    for k, (i, j) in enumerate(suspects, start=first):
        read = lines[i][j].text
        again = "".join(w.text for w in sorted(by_crop.get(k, ()), key=lambda w: w.x0))
        steps = _trimmed(
            [step for _, ws in sorted(rated.get(k, ())) for step in ws], read
        )
        chosen = _digits_read_twice_kept(
            read, again, "".join(step[0][1] for step in steps)
        )
        glyph = "".join(
            "S" if (i, j, n) in alone and _s_rated(steps, n, read) else c
            for n, c in enumerate(read)
        )
        text = next(
            (t for t in (again, chosen, glyph) if _s_read_as_digit(read, t)), None
        )
        if text is None:
            continue
        # The word where it stands now: its piece may have been read again, the
        # S read as another of its look-alikes ("2580943" then "2550943"), or
        # read again with the unread ink beside it, into a line of its own
        # ("|" | "2555961", a box's edge: seed 9094 #18).
        for k in (i, *range(len(lines), len(out))):
            n = next(
                (
                    n
                    for n, word in enumerate(out[k])
                    if (word.text == read or _s_read_as_digit(word.text, text))
                    and _same_ink(word, lines[i][j])
                ),
                None,
            )
            if n is not None:
                word = out[k][n]
                confidence = min(word.confidence, S_REPAIR_CONFIDENCE)
                fixed = replace(word, text=text, confidence=confidence)
                out[k] = (*out[k][:n], fixed, *out[k][n + 1 :])
                break
    return [line for line in out if line]


PixelBox = tuple[int, int, int, int]


def _unread_joined(
    pieces: list[PixelBox], unread: list[PixelBox]
) -> tuple[list[PixelBox], list[PixelBox]]:
    """The doubtful pieces' boxes grown over the unread ink that meets them on
    their row, and the unread ink left. Cut apart, a glyph at their meeting is
    read in both ("FAC-0011" | "143" for FAC-001143: the piece's box, from a
    poor first reading, ended inside the number, seed 9079 #8)."""
    grown = list(pieces)
    left = []
    for box in unread:
        x0, y0, x1, y1 = box
        k = next(
            (
                k
                for k, (px0, py0, px1, py1) in enumerate(grown)
                if x0 <= px1
                and px0 <= x1
                and min(y1, py1) - max(y0, py0) >= 0.5 * min(y1 - y0, py1 - py0)
            ),
            None,
        )
        if k is None:
            left.append(box)
            continue
        px0, py0, px1, py1 = grown[k]
        grown[k] = (min(x0, px0), min(y0, py0), max(x1, px1), max(y1, py1))
    return grown, left


def _crops(
    img: Image,
    lines: list[Line],
    boxes: list[tuple[int, int, int, int]],
    owners: list[Line],
    scale: float,
    ink: Callable[[Image], Image],
    letters: Sequence[float] | None = None,
) -> list[Image]:
    """Each box cut out with its owner's words (`_cut_out`), made ``ink`` on white
    (`_stretched`, `_thresholded`), and shrunk to fit the sheet (`_tallest_crops`,
    with each crop's ``letters``)."""
    body = _body_height(lines)
    tallest = _tallest_crops(boxes, owners, body, scale, letters)
    return [
        _shrunk(ink(_cut_out(img, lines, box, own, scale, body)), most)
        for box, own, most in zip(boxes, owners, tallest, strict=True)
    ]


def _read_sheet(
    crops: list[Image],
    boxes: list[tuple[int, int, int, int]],
    scale: float,
    reader: "Callable[[Image], SheetReading] | None",
    timeout_s: float,
) -> tuple[
    "SheetReading", list[tuple[int, int, int, int, float]], dict[int, list[Word]]
]:
    """The crops read on one sheet: the reading, where each crop lies on the sheet
    (`_stack`), and each crop's words moved back onto the page."""
    sheet, offsets = _stack(crops, boxes)
    if reader is None:
        with Standby(scale) as standby:
            reading = standby.read(sheet, timeout_s or STANDBY_TIMEOUT_S)
    else:
        reading = reader(sheet)
    by_crop: dict[int, list[Word]] = {}
    for word in _flat(reading.lines):
        k = _crop_at(offsets, (word.top + word.bottom) / 2 * scale)
        if k is not None:
            sx, sy, factor = offsets[k][2:]
            by_crop.setdefault(k, []).append(
                _moved(word, (sx, sy), boxes[k][:2], factor, scale)
            )
    return reading, offsets, by_crop


THRESHOLD_BELOW = 0.3
"""Sureness under which a piece read again is still garbage (`thresholded_look`)."""
THRESHOLD_MAX_PIECES = 8
"""At most this many pieces a page are read a third time."""
LABEL_SURE = 0.9
"""Confidence of a word of letters that makes a row's label (`_labelled`)."""


def thresholded_look(
    img: Image,
    scale: float,
    lines: list[Line],
    *,
    timeout_s: float = 0.0,
    reader: "Callable[[Image], SheetReading] | None" = None,
) -> list[Line]:
    """Values still read as garbage after the second look, read once more with
    each crop thresholded to black and white (Otsu's level on the stretched crop).

    Tesseract's recogniser reads the grey of the crop: a light, thin italic
    figure on a textured cell ("11 307,15 €" in a light monospace italic) read
    "HLPSOTELSREE" on the page and set apart, and right once thresholded. Read
    so, other crops read worse (a "-1" ran into a "4"), and put on the second
    look's sheet the thresholded crops changed how Tesseract read the others: so
    only what is still garbage (`THRESHOLD_BELOW`), with a label read surely to
    its left in its row (a value, not a stamp's or a pen's marks), goes on a
    sheet of its own, and its new reading is kept only when surer.
    """
    body = _body_height(lines)
    every = _flat(lines)
    poor = [
        i
        for i, line in enumerate(lines)
        if _sureness(line) < THRESHOLD_BELOW
        and _doubtful(line, body)
        and _labelled(line, every)
    ][:THRESHOLD_MAX_PIECES]
    if not poor:
        return lines
    boxes = [_line_box(lines[i], scale, img.shape) for i in poor]
    owners = [lines[i] for i in poor]
    crops = _crops(img, lines, boxes, owners, scale, _thresholded)
    _, _, by_crop = _read_sheet(crops, boxes, scale, reader, timeout_s)
    out = list(lines)
    for k, i in enumerate(poor):
        mine = {id(w) for w in owners[k]}
        again = _new_ink(by_crop.get(k, ()), [w for w in every if id(w) not in mine])
        if again and _reads_surer(again, lines[i]):
            # The second look's S stays ("26S0182" thresholded read "2650182",
            # seed 9092 #37), as do words it read surely.
            out[i] = _kept_sure(lines[i], again)
    return out


def _labelled(line: Line, every: Sequence[Word]) -> bool:
    """True when a word of two letters or more read surely lies left of the line
    in its row."""
    first = line[0]
    middle, height = (first.top + first.bottom) / 2, max(w.height for w in line)
    return any(
        w.x1 <= first.x0
        and abs((w.top + w.bottom) / 2 - middle) < height / 2
        and w.confidence >= LABEL_SURE
        and sum(c.isalpha() for c in w.text) >= 2
        for w in every
    )


def _thresholded(crop: Image) -> Image:
    """The crop stretched (`_stretched`), then black or white at Otsu's level."""
    stretched = _stretched(crop)
    if stretched is crop:  # no print in it
        return crop
    _, out = cv2.threshold(stretched, 0, WHITE, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def _in_row(
    lines: list[Line],
    i: int,
    box: tuple[int, int, int, int],
    scale: float,
    skipped: set[int],
    body: float,
) -> list[tuple[int, Word]]:
    """Words of lines other than ``i`` and those ``skipped`` (with their line's
    index) that reach into ``box`` and whose middle is in line ``i``'s height, or
    a body line's height round its middle: the same row of print. A line of
    fragments can be the tops of a row's letters ("mL ne Doe" over "Service
    exécutant n°", seed 9058 #20), lower than the row's words."""
    top = min(w.top for w in lines[i])
    bottom = max(w.bottom for w in lines[i])
    middle, half = (top + bottom) / 2, max(bottom - top, body) / 2
    band = ((middle - half) * scale, (middle + half) * scale)
    return _beside(lines, (box[0], band[0], box[2], band[1]), scale, skipped | {i})


def _overlaps_dropped(found: list[Line]) -> list[Line]:
    """Each line less its words over the ink of a longer word of another line."""
    return [
        tuple(
            w
            for w in line
            if not any(
                _same_ink(w, o) and len(o.text) > len(w.text)
                for m, other in enumerate(found)
                if m != k
                for o in other
            )
        )
        for k, line in enumerate(found)
    ]


TWICE_BAND = 0.6
"""Share of the lower line's height two lines of one row read twice overlap by."""
TWICE_SWITCHES = 3
"""Times, at least, the words of two lines read over one row alternate across it."""


def _read_twice(
    lines: list[Line], scale: float, shape: tuple[int, ...]
) -> list[PixelBox]:
    """Where Tesseract's layout read one row of print as two lines of fragments,
    their words alternating across it, each boxed on part of the ink ("Commune
    de Grenobl" and "e de Grenoble" over "Commune de Grenoble", seed 9112 #40;
    "IRET 260 031 2" and "S 60 031 299" over "SIRET 260 031 299", seed 9113
    #2): the box of their words there, read again whole as unread ink is, its
    reading in place of theirs."""
    boxes = []
    for i, line in enumerate(lines):
        for other in lines[i + 1 :]:
            words = _alternating(line, other)
            if words:
                boxes.append(_line_box(words, scale, shape))
    return boxes


def _alternating(line: Line, other: Line) -> Line:
    """The words of two lines over one band of print across the span both cover
    (and a word height beyond), when they alternate `TWICE_SWITCHES` times or
    more; none otherwise. Only the words of each whose middles lie in the other's
    height count: Tesseract ran "Siret 595708470 01049" of the row below into
    one of the two lines (seed 9113 #2). Marks count for nothing: specks read "."
    beside "Marché" stretched its line over the row below's words (seed 9105
    #59)."""
    if max(w.bottom for w in line) < min(w.top for w in other) or max(
        w.bottom for w in other
    ) < min(w.top for w in line):
        return ()  # one above the other: nothing of one in the other's height
    line = tuple(w for w in line if any(c.isalnum() for c in w.text))
    other = tuple(w for w in other if any(c.isalnum() for c in w.text))
    if not (line and other):
        return ()
    mine, theirs = _in_band(line, other), _in_band(other, line)
    if not (mine and theirs):
        return ()
    top = max(min(w.top for w in mine), min(w.top for w in theirs))
    bottom = min(max(w.bottom for w in mine), max(w.bottom for w in theirs))
    height = min(
        max(w.bottom for w in ws) - min(w.top for w in ws) for ws in (mine, theirs)
    )
    x0 = max(min(w.x0 for w in mine), min(w.x0 for w in theirs))
    x1 = min(max(w.x1 for w in mine), max(w.x1 for w in theirs))
    if bottom - top < TWICE_BAND * height or x1 <= x0:
        return ()
    x0, x1 = x0 - height, x1 + height
    both = sorted(
        (
            (w, k)
            for k, ws in enumerate((mine, theirs))
            for w in ws
            if x0 < w.x1 and w.x0 < x1
        ),
        key=lambda wk: wk[0].x0,
    )
    switches = sum(a[1] != b[1] for a, b in itertools.pairwise(both))
    return tuple(w for w, _ in both) if switches >= TWICE_SWITCHES else ()


def _in_band(line: Line, other: Line) -> Line:
    """The words of ``line`` whose middles lie within ``other``'s height."""
    top, bottom = min(w.top for w in other), max(w.bottom for w in other)
    return tuple(w for w in line if top <= (w.top + w.bottom) / 2 <= bottom)


def _beside(
    lines: list[Line],
    box: tuple[float, float, float, float],
    scale: float,
    skipped: set[int],
) -> list[tuple[int, Word]]:
    """Words of lines not ``skipped`` (with their line's index) that reach into
    ``box`` (in pixels), their middle within its height: the same row."""
    x0, y0, x1, y1 = (v / scale for v in box)
    return [
        (j, w)
        for j, line in enumerate(lines)
        if j not in skipped
        for w in line
        if x0 < w.x1 and w.x0 < x1 and y0 <= (w.top + w.bottom) / 2 <= y1
    ]


def _kept_sure(first: Line, again: Line) -> Line:
    """The piece as read again, but for the words the first reading read surely
    (the context around the doubtful ones) where their new reading, over the
    same ink, is less sure: "MARCHÉ:" read poorly beside "25S5575" read well,
    and read again "MARCHÉ : 2555575", less surely. An S (or a dollar sign)
    among a reference's digits in the first reading is kept where the new one
    reads a 3, 5, 6, 8 or 9 in its place, however sure (`_first_s`). A new word
    that also covers another word of the first reading is no new reading of the
    sure one but both read as one: "FR7610907839374499812933975" at 0.90 over
    "FR76109078393744998" at 0.91 and "12933975" at 0.0 (seed 9076 #14, the
    IBAN's tail lost)."""
    out = list(again)
    for word in first:
        same = [
            k
            for k, w in enumerate(out)
            if _over(word, w)
            and _over(w, word)
            and _same_ink(word, w)
            and not any(o is not word and _same_ink(o, w) for o in first)
        ]
        if len(same) != 1:
            continue
        new = out[same[0]]
        if word.confidence >= REREAD_BELOW and new.confidence < word.confidence:
            out[same[0]] = word
        elif (s_kept := _first_s(word.text, new.text)) is not None:
            confidence = min(new.confidence, S_REPAIR_CONFIDENCE)
            out[same[0]] = replace(new, text=s_kept, confidence=confidence)
    return tuple(out)


def _first_s(first: str, again: str) -> str | None:
    """``again`` with the S the first reading had in place of its look-alike
    digit, when ``again`` may hide one (`_may_hide_s`) and is otherwise the same
    ("25$1633" read poorly, then "2581633": alone among digits the recogniser
    reads the S as the digit they make likely); None otherwise."""
    first = S_READ_AS_DOLLAR.sub("S", first)
    if _may_hide_s(again) and _s_read_as_digit(again, first):
        return first
    return None


def _shared(word: Word, other: Word) -> tuple[float, float]:
    """How far two boxes overlap across and down the page (negative: apart)."""
    return (
        min(word.x1, other.x1) - max(word.x0, other.x0),
        min(word.bottom, other.bottom) - max(word.top, other.top),
    )


def _over(word: Word, other: Word) -> bool:
    """True when ``other`` covers at least half of ``word``'s width."""
    return _shared(word, other)[0] >= 0.5 * max(word.x1 - word.x0, 0.1)


ECHO_INSIDE = 0.8
"""Share of a single character's box inside a longer word's box that makes it the
same ink read twice."""


def _echoes_dropped(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The words less the single characters whose box lies inside a word of three
    characters or more: the same ink read twice, as the word and as a fragment
    in another line ("Région Occitanie O", seed 9021 #30: the "O" is the first
    letter of "Occitanie" read again). Measured on the 30 dev caches: +3 values,
    none lost; two characters lost a value, half the box lost four."""
    longer = np.array(
        [(w.x0, w.top, w.x1, w.bottom) for w in words if len(w.text) >= 3]
    ).reshape(-1, 4)
    x0, top, x1, bottom = longer.T

    def echo(word: Word) -> bool:
        area = max((word.x1 - word.x0) * (word.bottom - word.top), 1e-6)
        across = np.minimum(word.x1, x1) - np.maximum(word.x0, x0)
        down = np.minimum(word.bottom, bottom) - np.maximum(word.top, top)
        inside = np.maximum(across, 0.0) * np.maximum(down, 0.0)
        return bool((inside >= ECHO_INSIDE * area).any())

    return tuple(w for w in words if len(w.text) != 1 or not echo(w))


DISPLACE_SURE = 0.9
"""Confidence of a word read again that outdoes a poor one under it (`_displaced`)."""


def _displaced(word: Word, read: Iterable[Word]) -> bool:
    """True when a word read again lies over ``word``'s ink and outdoes it: ``word``
    a lone character and it three or more (the "3" ending "MAR-25-583", read at
    the edge of another crop, seed 9058 #40), or ``word`` read poorly and it
    surely (a tall box of junk, "eg", over the foot of "Service", seed 9058 #20)."""
    return any(
        _same_ink(word, w)
        and (
            (len(word.text) == 1 and len(w.text) >= 3)
            or (word.confidence < REREAD_BELOW and w.confidence >= DISPLACE_SURE)
        )
        for w in read
    )


def _covered_dropped(
    lines: list[Line], ids: set[int], new: Line, keep: int = -1
) -> list[Line]:
    """The lines less their words among ``ids`` that a word of ``new`` covers
    (`_over`); line ``keep`` (``new`` itself) as it is."""
    return [
        line
        if j == keep
        else tuple(
            w for w in line if id(w) not in ids or not any(_over(w, n) for n in new)
        )
        for j, line in enumerate(lines)
    ]


def _new_ink(words: Iterable[Word], known: Sequence[Word]) -> Line:
    """The ``words`` that lie over none of the ``known`` words' ink (`_same_ink`)."""
    return tuple(w for w in words if not any(_same_ink(w, o) for o in known))


def _same_ink(word: Word, other: Word) -> bool:
    """True when the two boxes share half the narrower's width and half the
    lower's height."""
    across, down = _shared(word, other)
    return across >= 0.5 * min(word.x1 - word.x0, other.x1 - other.x0) and (
        down >= 0.5 * min(word.bottom - word.top, other.bottom - other.top)
    )


def _crop_at(offsets: list[tuple[int, int, int, int, float]], y: float) -> int | None:
    """The crop of the sheet whose rows hold the sheet's row ``y``."""
    for k, (top, bottom, *_) in enumerate(offsets):
        if top <= y < bottom:
            return k
    return None


def _identifiers(lines: list[Line]) -> list[tuple[int, int]]:
    """Where the words are that may hold an S read as a digit (`_may_hide_s`)."""
    every = _flat(lines)
    found = [
        (i, j)
        for i, line in enumerate(lines)
        for j, word in enumerate(line)
        if _may_hide_s(word.text) and not _keyed_with_neighbours(word, every)
    ]
    return found[:S_CHECK_MAX_WORDS]


KEYED_GROUPS = 4
"""Most words a keyed number is printed in ("FR56 653 373 035")."""


def _keyed_with_neighbours(word: Word, every: Sequence[Word]) -> bool:
    """True when ``word`` is a group of a number a key proves, printed in groups
    that its row's words next to it make: "FR56" | "653" | "373035" (seed 9095
    #23, whose last group's 5 was read alone as an "s"; the groups in pieces of
    their own), "653" | "373" | "035" | "00951"."""
    line = sorted(
        (w for w in every if w is word or _same_row(w, word)), key=lambda w: w.x0
    )
    j = next(k for k, w in enumerate(line) if w is word)
    return any(
        _key_checks("".join(w.text for w in line[start:end]))
        for start in range(max(0, j - KEYED_GROUPS + 1), j + 1)
        for end in range(j + 1, min(len(line), start + KEYED_GROUPS) + 1)
        if end - start > 1
    )


def _may_hide_s(text: str) -> bool:
    """True for a reference of six characters or more with a run of five digits or
    more, a 3, 5, 6, 8 or 9 in it after its first (a SIREN or SIRET whose key
    checks and a VAT number are proven otherwise, and left out)."""
    return (
        _IDENTIFIER.fullmatch(text) is not None
        and any(c in S_LOOKALIKES for run in _DIGIT_RUN.findall(text) for c in run[1:])
        and not _keyed(text)
    )


def _same_row(word: Word, other: Word) -> bool:
    """True when the two share at least half the shorter one's height."""
    return _shared(word, other)[1] >= 0.5 * min(word.height, other.height)


def _key_checks(text: str) -> bool:
    """True for a French VAT number, a SIREN or a SIRET whose key checks."""
    if text.startswith("FR"):
        return tva.is_valid(text)
    return text.isdigit() and len(text) in (9, 14) and luhn.is_valid(text)


_DIGIT_SHAPES = str.maketrans("OoIl", "0011")


def _digits_read(text: str) -> str:
    """``text`` with the letters OCR reads for 0 and 1 read as digits, but for a
    VAT number's "FR"."""
    head = 2 if text.startswith("FR") else 0
    return text[:head] + text[head:].translate(_DIGIT_SHAPES)


def _keyed(text: str) -> bool:
    """True for what a check key proves downstream, and OCR repairs must leave: a
    VAT number ("FR…", its key checking or not), a SIREN or SIRET whose Luhn key
    checks."""
    return text.startswith("FR") or _key_checks(text)


def _trimmed(steps: list[Step], read: str) -> list[Step]:
    """A word's steps read set apart, less the marks at either end that its first
    reading has not: the crop's edge or a rule beside the word read "|" (seeds
    9017 #23 and 9019 #4: eight steps for "2684704", the first a bar, and its S,
    rated at the third digit, was never looked at)."""

    def extra(step: Step, kept: str) -> bool:
        best = step[0][1]
        return not best.isalnum() and best not in kept

    while len(steps) > len(read) and extra(steps[0], read[:1]):
        steps = steps[1:]
    while len(steps) > len(read) and extra(steps[-1], read[-1:]):
        steps = steps[:-1]
    return steps


def _reads_s(words: Sequence[Word]) -> bool:
    """True when a glyph read alone reads an S, a mark beside it or not (the
    crop's edge or a speck read ")": "S)" for the S of "26S9638", seed 9115
    #30), or read twice ("Ss" for the S of "25S8342", seed 9114 #12)."""
    letters = "".join(c for w in words for c in w.text if c.isalnum())
    return 1 <= len(letters) <= 2 and set(letters) <= set("Ss")


def _s_rated(steps: list[Step], n: int, read: str) -> bool:
    """True when the recogniser, reading the word set apart, rated an S (or what
    it reads an S as) at its ``n``-th character at all (`_steps_at`): a 5 read
    alone as an S that the recogniser gave no S score in its word is a 5."""
    return any(
        c in S_LIKE and score >= S_CHOICE_MIN
        for k in _steps_at(steps, n, read)
        for score, c in steps[k]
    )


def _steps_at(steps: list[Step], n: int, read: str) -> set[int]:
    """The steps that read the ``n``-th character of ``read``: its own, one step
    per character; where the recogniser read one character fewer, the steps that
    read the others are matched to them, and a character with no step of its
    own was read in with a neighbour ("2680705" set apart read "260705", its S
    rated at the "6"): both neighbours' steps. Where it read one more, a glyph
    read twice (`_read_twice_at`): both its steps. None in any other case."""
    if len(steps) == len(read):
        return {n}
    if len(steps) == len(read) + 1:
        twice = _read_twice_at(steps, read)
        if twice is None:
            return set()
        return {n} if n < twice else {n, n + 1} if n == twice else {n + 1}
    if len(steps) != len(read) - 1:
        return set()
    best = "".join(step[0][1] for step in steps)
    at: set[int] = set()
    for dropped in range(len(read)):
        if read[:dropped] + read[dropped + 1 :] != best:
            continue
        if n != dropped:
            at.add(n if n < dropped else n - 1)
        else:
            at.update(k for k in (n - 1, n) if 0 <= k < len(steps))
    return at


def _read_twice_at(steps: list[Step], read: str) -> int | None:
    """The character of ``read`` the recogniser read twice in a row, in steps one
    more than its characters ("2686478" set apart read "26SS6478", seed 9095
    #23, the S's glyph in two steps): the first of two steps with the same best
    character, the steps but the second then matching the word, where the word
    has an S's look-alike the step may read an S. None when no one such pair."""
    best = "".join(step[0][1] for step in steps)
    found = [
        k
        for k in range(len(best) - 1)
        if best[k] == best[k + 1]
        and all(
            a == b or (a in S_LOOKALIKES and b in S_LIKE)
            for a, b in zip(read, best[: k + 1] + best[k + 2 :], strict=True)
        )
    ]
    return found[0] if len(found) == 1 else None


def _suspect_glyphs(
    img: Image, scale: float, lines: list[Line], suspects: list[tuple[int, int]]
) -> list[tuple[tuple[int, int], int, tuple[int, int, int, int]]]:
    """The characters of the suspect words that may be an S read as a digit, each
    to be read alone: (the word's place, the character's index, its box on the
    page in pixels). In its word, the recogniser reads an S among digits as the
    digit the digits around it make likely ("26S9839" read "2659839"); alone,
    it reads the S. Words whose ink does not part into one blot per character
    (touching letters that cannot be told apart) are left out."""
    out = []
    for i, j in suspects:
        word = lines[i][j]
        columns = _glyph_columns(img, scale, word)
        if columns is None:
            continue
        x0, y0, x1, y1 = _line_box((word,), scale, img.shape)
        for run in _DIGIT_RUN.finditer(word.text):
            for n in range(run.start() + 1, run.end()):
                if word.text[n] in S_LOOKALIKES:
                    left, right = columns[n]
                    box = (max(x0, left - 1), y0, min(x1, right + 2), y1)
                    out.append(((i, j), n, box))
    return out[:S_CHECK_MAX_GLYPHS]


def _glyph_columns(
    img: Image, scale: float, word: Word
) -> list[tuple[int, int]] | None:
    """The page columns (first, past the last) of each of the word's characters,
    when its ink parts into as many glyphs (`_glyph_blots`, `_columns`); None
    otherwise."""
    glyphs = _glyph_blots(img, scale, word)
    return None if glyphs is None else _columns(glyphs, len(word.text))


def _columns(glyphs: "Glyphs", wanted: int) -> list[tuple[int, int]] | None:
    """The page columns of ``wanted`` characters drawn as ``glyphs``, or None. Where
    blur joined neighbours, a blot as wide as k glyphs of the word's usual width
    (the median blot's; with most glyphs joined, the word's width shared out) is
    cut in k equal parts."""
    blots = glyphs.blots
    if len(blots) == wanted and _joined_as_well(blots, wanted):
        blots = _rings_joined(blots, wanted - 1, wide=True)
    if len(blots) < wanted:
        widths = sorted(b - a for a, b, *_ in blots)
        usual = (
            widths[len(widths) // 2]
            if 2 * len(blots) >= wanted
            else glyphs.ink.shape[1] / wanted
        )
        parts = [max(1, round((b - a) / usual)) for a, b, *_ in blots]
        if sum(parts) == wanted:
            blots = [
                [a + (b - a) * q // k, a + (b - a) * (q + 1) // k]
                for (a, b, *_), k in zip(blots, parts, strict=True)
                for q in range(k)
            ]
    if len(blots) != wanted:
        return None
    return [(glyphs.origin + a, glyphs.origin + b) for a, b, *_ in blots]


class Glyphs(NamedTuple):
    """A word's glyphs (`_glyph_blots`)."""

    blots: list[list[int]]
    """Each glyph's first column, past its last, area, top and bottom in ``ink``."""
    origin: int
    """The page column of ``ink``'s first."""
    ink: npt.NDArray[np.uint8]
    """The word's box, 1 for ink."""


def _glyph_blots(img: Image, scale: float, word: Word) -> Glyphs | None:
    """The word's glyphs as its ink draws them, left to right; None when its box
    holds no ink.

    Blots are the crop's connected pieces of ink (Otsu's cut between ink and
    paper), specks left out; pieces over the same columns are one glyph, and so
    are a ring's two arcs where there are more blots than characters.
    """
    rows, cols = _pixels(word, scale, margin=1)
    crop = img[rows, cols]
    if crop.size == 0:
        return None
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, _, stats = _components(ink, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    if not len(areas):
        return None
    kept = [
        s for s in sorted(stats[1:].tolist()) if s[4] >= GLYPH_MIN_SHARE * areas.max()
    ]
    fragment = GLYPH_FRAGMENT * float(np.median([s[4] for s in kept]))
    blots: list[list[int]] = []  # first column, past the last, area, top, bottom
    for x, y, w, h, area in kept:
        if blots:
            last = blots[-1]
            shared = min(last[1], x + w) - max(last[0], x)
            if shared >= GLYPH_OVERLAP * min(last[1] - last[0], w) or (
                shared > 0 and min(area, last[2]) < fragment
            ):
                last[1], last[2] = max(last[1], x + w), last[2] + area
                last[3], last[4] = min(last[3], y), max(last[4], y + h)
                continue
        blots.append([x, x + w, area, y, y + h])
    if len(blots) > len(word.text):
        blots = _rings_joined(blots, len(word.text))
    return Glyphs(blots, cols.start, ink)


ZERO_AS_O_WIDTH = 1.12
"""Widest glyph of an O among a reference's digits taken for a 0, in the digits'
median width (1s left out). Tesseract reads a 0 after letters as an O ("AVO08008"
for AV008008, seeds 9029, 9033, 9038): there the O's glyph was as wide as the
digits (18 px for 18), where a capital O is 1.39 to 1.6 times the digits in
Times and Helvetica, 1.25 to 1.33 in Courier (regular and bold, 8 and 11 pt, at
300 dpi)."""
LETTER_O_WIDTH = 1.2
"""Narrowest glyph of an O among a reference's digits taken for a letter O, in the
digits' median width: "ECO7" in the holdout's sans-serif, 1.37 and 1.53 of its 7;
a capital O is 1.25 to 1.6 times the digits (`ZERO_AS_O_WIDTH`)."""
_LETTERS_THEN_DIGITS = re.compile(r"[A-Z]+[A-NP-Z]([O0-9]*)")
"""Two capitals or more, then digits: after one, an O may be the degree sign of a
"N°" ("NO12345")."""


def _lookalikes_by_glyph(img: Image, scale: float, words: tuple[Word, ...]) -> Line:
    """The words, with the look-alikes Tesseract's language model chose where a
    reference's capitals meet its digits told apart by their glyphs' shapes: a 0
    read as an O (`_zeros_in`), an I read as a 1 (`_i_in`). At
    `S_REPAIR_CONFIDENCE` at most: the glyph's shape is all that proves them."""
    return tuple(
        word
        if _keyed(word.text)
        else _i_in(
            img, scale, _zeros_in(img, scale, _zero_read_twice(img, scale, word))
        )
        for word in words
    )


_ZERO_AS_O_AND_ZERO = re.compile(r"(?<=[0O])O|O(?=[0O])")
"""An O beside a 0 or an O, in a reference's digits: one glyph may have been read twice."""


def _zero_read_twice(img: Image, scale: float, word: Word) -> Word:
    """The word without the O Tesseract read beside a 0 it read from the same
    glyph: "SF001" in Courier read "SFO001" (seeds 9096 #5, 9097 #0), its ink in
    five glyphs at an even pitch. One glyph fewer than characters, none wide
    enough to hold two (`GLYPH_JOINED_PITCH` of the pitch), and a single O beside
    a 0 among the digits: that O is the glyph's second reading."""
    m = _LETTERS_THEN_DIGITS.fullmatch(word.text)
    if m is None or m.group(1).count("O") != 1:
        return word
    o = _ZERO_AS_O_AND_ZERO.search(word.text, m.start(1))
    glyphs = _glyph_blots(img, scale, word) if o else None
    wanted = len(word.text) - 1
    if o is None or glyphs is None or len(glyphs.blots) != wanted:
        return word
    pitch = (glyphs.blots[-1][1] - glyphs.blots[0][0]) / wanted
    if any(x1 - x0 > GLYPH_JOINED_PITCH * pitch for x0, x1, *_ in glyphs.blots):
        return word  # two glyphs in one blot: the count proves nothing
    n = o.start()
    return _repaired(word, word.text[:n] + word.text[n + 1 :])


def _zeros_in(img: Image, scale: float, word: Word) -> Word:
    """The word with each O among a reference's digits whose glyph is no wider than
    the digits' (`ZERO_AS_O_WIDTH`) read 0; where every O is as wide as a capital
    O (`LETTER_O_WIDTH`), it says so (`Word.letter_o`): "ECO7", a service code,
    read right and mended "EC07" downstream (holdout 9164, 9165)."""
    m = _LETTERS_THEN_DIGITS.fullmatch(word.text)
    if m is None or "O" not in m.group(1):
        return word
    tail = range(m.start(1), m.end(1))
    digits = [n for n in tail if word.text[n] in "023456789"]
    glyphs = _glyph_blots(img, scale, word) if digits else None
    if glyphs is None or len(glyphs.blots) != len(word.text):
        return word  # no glyph of its own for each character: widths prove nothing
    widths = [b - a for a, b, *_ in glyphs.blots]
    usual = float(np.median([widths[n] for n in digits]))
    o_at = [n for n in tail if word.text[n] == "O"]
    if all(widths[n] >= LETTER_O_WIDTH * usual for n in o_at):
        return replace(word, letter_o=True)
    if len(digits) < 2:
        return word  # one digit is too little to read a 0 by
    text = "".join(
        "0" if n in o_at and widths[n] <= ZERO_AS_O_WIDTH * usual else c
        for n, c in enumerate(word.text)
    )
    return _repaired(word, text)


def _repaired(word: Word, text: str) -> Word:
    if text == word.text:
        return word
    return replace(
        word, text=text, confidence=min(word.confidence, S_REPAIR_CONFIDENCE)
    )


_ONE_AFTER_CAPITALS = re.compile(r"[A-Z]{2,}(1)[0-9O]+")
I_SERIFS = 0.8
"""A glyph read 1 after a reference's capitals is an I when the top fifth of its
ink is at least this share of its bottom fifth's width, and that is serifs (1.8
stems or more): an I's serifs are as wide at its top as at its foot, a 1's flag
and stem narrower than its foot ("DSI01" read "DS101" in Courier, seeds 9034 and
9037: the I 14 and 15 columns wide at its top for 15, the 1 9 for 14; in Times,
Courier and their bold and italic drawn at 8 and 11 pt, I 0.86 to 1, 1 0.5 to
0.75, Times Italic's I 0.67). A sans-serif I, a bare stem, is a 1's stem whose
flag blur took away: left as read."""
I_SERIF_STEMS = 1.8


def _i_in(img: Image, scale: float, word: Word) -> Word:
    m = _ONE_AFTER_CAPITALS.fullmatch(word.text)
    glyphs = _glyph_blots(img, scale, word) if m else None
    columns = _columns(glyphs, len(word.text)) if glyphs else None
    if m is None or glyphs is None or columns is None:
        return word
    a, b = (x - glyphs.origin for x in columns[m.start(1)])
    if not any(blot[:2] == [a, b] for blot in glyphs.blots):
        return word  # cut out of a blot it shares with a neighbour: no shape of its own
    glyph = glyphs.ink[:, a:b]
    inked = np.flatnonzero(glyph.any(axis=1))
    top, height = inked[0], inked[-1] + 1 - inked[0]
    fifth = max(1, round(0.2 * height))

    def width(rows: npt.NDArray[np.uint8]) -> int:
        inked = np.flatnonzero(rows.any(axis=0))
        return int(inked[-1] - inked[0] + 1) if len(inked) else 0

    # The stem: the columns inked in most rows of the glyph's middle fifth.
    middle = glyph[top + int(0.4 * height) : top + int(0.6 * height) + 1]
    stem = int(np.count_nonzero(middle.mean(axis=0) >= 0.5))
    head = width(glyph[top : top + fifth])
    foot = width(glyph[top + height - fifth : top + height])
    if not stem or foot < I_SERIF_STEMS * stem or head < I_SERIFS * foot:
        return word
    n = m.start(1)
    return _repaired(word, word.text[:n] + "I" + word.text[n + 1 :])


def _joined_as_well(blots: list[list[int]], wanted: int) -> bool:
    """True when a word's blots, as many as its characters, hold two glyphs in one
    (wider than `GLYPH_JOINED_PITCH` of the pitch): the count matches only because
    a ring broke in two arcs elsewhere ("25" in one blot and a 0's two arcs in
    "2584809", seed 9094 #58, whose S then stood at the 5's column)."""
    pitch = (blots[-1][1] - blots[0][0]) / wanted
    return any(x1 - x0 > GLYPH_JOINED_PITCH * pitch for x0, x1, *_ in blots)


def _rings_joined(
    blots: list[list[int]], wanted: int, *, wide: bool = False
) -> list[list[int]]:
    """Blots side by side that make one glyph, joined while there are more blots
    than characters: a blurred 0 whose ring Otsu's cut broke at its top and
    bottom comes out as two arcs, each half a glyph wide and as tall as a glyph.
    The two neighbours whose span is narrowest are joined first, when both are
    such arcs (no wider than `GLYPH_ARC` of the word's pitch, its blots' span
    shared out among its characters, and `GLYPH_ARC_HEIGHT` of its tallest blot's
    height) and they span no more than `GLYPH_JOINED_PITCH` of the pitch. A blot
    left wider than that undoes the joins, the count then proving nothing, unless
    ``wide``: the caller cuts it (`_columns`)."""
    pitch = (blots[-1][1] - blots[0][0]) / wanted
    tallest = max(bottom - top for *_, top, bottom in blots)

    def arc(blot: list[int]) -> bool:
        x0, x1, _, top, bottom = blot
        return (
            x1 - x0 <= GLYPH_ARC * pitch and bottom - top >= GLYPH_ARC_HEIGHT * tallest
        )

    joined = [list(b) for b in blots]
    while len(joined) > wanted:
        k = min(range(len(joined) - 1), key=lambda k: joined[k + 1][1] - joined[k][0])
        first, second = joined[k], joined[k + 1]
        if second[1] - first[0] > GLYPH_JOINED_PITCH * pitch or not (
            arc(first) and arc(second)
        ):
            break
        joined.pop(k + 1)
        first[1], first[2] = max(first[1], second[1]), first[2] + second[2]
        first[3], first[4] = min(first[3], second[3]), max(first[4], second[4])
    if not wide and any(x1 - x0 > GLYPH_JOINED_PITCH * pitch for x0, x1, *_ in joined):
        return blots  # two glyphs in one blot too: the count would prove nothing
    return joined


def _digits_read_twice_kept(read: str, again: str, chosen: str) -> str:
    """The recogniser's choices, but the digits that the word read set apart read
    as the page did where it read the word otherwise: two readings agree there,
    one of them unlike the page's elsewhere. "2589681" read again "2559681",
    its recogniser choosing "25SS681": the 8 may be an S, the 9 is a 9 (seed
    9098 #24, "25S9681"). Read again as it was, the word tells nothing of its
    characters and the choices stand ("2657197", choices "26S7197")."""
    if again == read or not len(read) == len(again) == len(chosen):
        return chosen
    return "".join(
        r if c == "S" and a == r else c
        for r, a, c in zip(read, again, chosen, strict=True)
    )


def _s_read_as_digit(read: str, again: str) -> bool:
    """True when ``again`` is ``read`` with one or more of its 3, 5, 6, 8 or 9 an S."""
    if len(read) != len(again) or read == again:
        return False
    return all(
        a == b or (a in S_LOOKALIKES and b == "S")
        for a, b in zip(read, again, strict=True)
    )


def _runs(line: Line) -> list[Line]:
    """The line cut where its words lie far apart: each cell of a row on its own.

    Tesseract's line can join cells that do not share a baseline (a shaded box's
    "BIC : CCOPFRPP" set a little higher than the total beside it); read as one
    line, the cell out of step comes out as garbage. Between two words read
    poorly the gap must be wider (`RUN_GAP_DOUBTFUL`): garbage's boxes do not
    show where the ink is, and "Ministère de l'Intérieur", read "PR A" | "Po A
    EU", was cut inside "l'Intérieur".
    """
    runs = [[line[0]]]
    for before, word in itertools.pairwise(line):
        height = max(before.height, word.height)
        poor = max(before.confidence, word.confidence) < REREAD_BELOW
        gap = (RUN_GAP_DOUBTFUL if poor else RUN_GAP) * height
        if word.x0 - before.x1 > gap or word.x0 < before.x0:
            runs.append([])
        runs[-1].append(word)
    return [tuple(run) for run in runs]


def _pieces(run: Line, body: float) -> list[Line]:
    """The run cut around its doubtful words, each with a word of context on either
    side: what is read well is not read again (Tesseract's time grows with the
    characters it reads)."""
    near = set()
    for i, word in enumerate(run):
        if _doubtful((word,), body):
            near.update(range(max(0, i - 1), min(len(run), i + 2)))
    if not near:
        return [run]
    # Words read poorly next to a piece go with it, however short: "Po A EU"
    # after a doubtful "PR A" was the rest of "Ministère de l'Intérieur".
    for i in itertools.chain(range(len(run)), reversed(range(len(run)))):
        poor = i not in near and run[i].confidence < REREAD_BELOW
        if poor and (i - 1 in near or i + 1 in near):
            near.add(i)
    pieces: list[list[Word]] = []
    for i, word in enumerate(run):
        if not pieces or (i in near) != (i - 1 in near):
            pieces.append([])
        pieces[-1].append(word)
    return [tuple(piece) for piece in pieces]


def _cut_out(
    img: Image,
    lines: list[Line],
    box: tuple[int, int, int, int],
    own: Line,
    scale: float,
    body: float | None = None,
) -> Image:
    """The pixels in ``box``, with every word but ``own``'s painted the colour of
    the crop's paper (its median).

    A line's box can take in other lines' words (its own words can lie far apart,
    or a tall stamp's mark widens it); read again with it, they would come back
    twice. Painted white on a grey paper, they left a white block the stretch
    then took for the paper, and the paper stayed grey. Where boxes overlap, the
    line keeps its own ink: all of it across the height of its words of a body
    line's size or less (``body``, the page's by default), where a box of junk
    from the row below reached in ("eg" over the foot of "Service", seed 9058
    #20); a word boxed taller than that is junk itself, and its box takes in
    the next row ("or" over "La Poste", seed 9039 #39).
    """
    x0, y0, x1, y1 = box
    crop = img[y0:y1, x0:x1].copy()
    paper = int(np.median(crop)) if crop.size else WHITE
    mine = {id(w) for w in own}
    for line in lines:
        for w in line:
            if id(w) not in mine:
                crop[_pixels(w, scale, (x0, y0))] = paper
    limit = BAND_MAX_HEIGHT * (_body_height(lines) if body is None else body)
    kept = [w for w in own if w.height <= limit]
    for w in own:
        if w.height > limit:  # the others lie in the band
            where = _pixels(w, scale, (x0, y0))
            crop[where] = img[y0:y1, x0:x1][where]
    if kept:
        band = replace(
            kept[0],
            x0=min(w.x0 for w in kept),
            top=min(w.top for w in kept),
            x1=max(w.x1 for w in kept),
            bottom=max(w.bottom for w in kept),
        )
        where = _pixels(band, scale, (x0, y0))
        crop[where] = img[y0:y1, x0:x1][where]
    return crop


BAND_MAX_HEIGHT = 1.5
"""Tallest word, in body heights, whose height a cut-out line keeps its ink across."""


def _pixels(
    w: Word, scale: float, origin: tuple[int, int] = (0, 0), margin: int = 0
) -> tuple[slice, slice]:
    """The rows and columns of a word's box in an image at ``scale`` pixels a point
    whose top-left is ``origin``, grown by ``margin`` pixels."""
    ox, oy = origin
    return (
        slice(
            max(0, int(w.top * scale) - margin - oy),
            max(0, math.ceil(w.bottom * scale) + margin - oy),
        ),
        slice(
            max(0, int(w.x0 * scale) - margin - ox),
            max(0, math.ceil(w.x1 * scale) + margin - ox),
        ),
    )


InkBox = tuple[int, int, int, int, int]
"""A box of ink on the half-size page (`_ink_boxes`): area, x, y, width, height."""
UNREAD_CONTRAST = 80
"""Grey levels under the paper from which a pixel is ink, for `_unread`."""
UNREAD_LIGHT_CONTRAST = 35
"""Grey levels under the paper from which a pixel is light ink, for `_unread`: where
no ink was found at `UNREAD_CONTRAST`."""
UNREAD_LIGHT_MAX_WIDTH = 0.5
"""Widest box of light ink taken for print, as a share of the page's width."""
UNREAD_LIGHT_STROKES = 0.6
"""Strokes across the middle of a box of light ink wider than
`UNREAD_LIGHT_MAX_WIDTH`, per box height of its width, that make it print: a grey
footer's line of small type was crossed 1.2 times a height, a table head's grey
fill 0.1 to 0.2 times (three seeds)."""
UNREAD_MIN_SURENESS = 0.75
"""Words read where the page's reading found none are kept only this sure: ink
Tesseract left is as often a signature or a stamp's drawing as text."""
UNREAD_NUMBER_SURENESS = 0.6
"""Or this sure where every word read is a figure (`_figures`): a stamp's drawing or
a pen's stroke reads as letters, not as "11/07/26" (seed 9080 #12, a right-aligned
date left out by the page's reading and read again at 0.74)."""
_FIGURE = re.compile(r"[-+]?\d+(?:[./,:-]\d+)*[.,]?\d*%?€?")
UNREAD_KEYED_SURENESS = 0.4
"""Or this sure where a word is a VAT number, SIREN or SIRET whose key checks once
its O and I are read as digits (`_digits_read`): a footer's wrapped "FRO0628757973"
read at 0.51 (seed 9108 #20); a stamp's drawing passes no key."""
# Or where it reads as a label, words of letters whose last ends in its colon or is
# the number sign: a pen's stroke reads as neither. Light grey labels set close
# together on a grey page went unread, and "ÉCHÉANCE:" read alone at 0.68 (seed
# 9106 #36); a bold label in a grey cell, "FACTURE N°" at 0.73 (seed 9109 #11).
_LABEL_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NUMBER_SIGN = re.compile(r"[Nn][°º]")
LABEL_MIN_LETTERS = 5
UNREAD_MAX_BOXES = 20
"""At most this many boxes of unread ink a page are read (the largest first)."""
UNREAD_MIN_STROKES = 4
"""Strokes the middle of a box of unread ink must cross to be taken for text."""
UNREAD_MIN_HEIGHT = 0.4
"""Lowest box of unread ink taken for text, in line heights: a name set in small
print to fit its cell, all x-height letters ("communes"), is half a line high
(seed 9037 #49: "Communauté de communes du Sud-Ouest" read "Cc té de du Sud-Ouest";
0.6 before)."""
UNREAD_RULE = 3.0
"""Ink running down this many line heights without a break is a rule, no text."""
UNREAD_THOUSANDS_GAP = 1.5
"""Ink this many line heights or less before a number, on its line, is read again
however short: a right-aligned column's lone thousands ("81" of "81 863,74", "3" of
"3 506,44") that Tesseract's layout left out."""
UNREAD_GLYPH_WIDTH = 0.4
UNREAD_GLYPH_HEIGHT = 0.7
"""Narrowest and lowest ink beside a word, as shares of the word's height, taken
for a glyph it dropped (`_ink_boxes`): a digit's or a capital's; the edges of
blurred glyphs that a word's box leaves out are thinner."""


def _unread(
    img: Image, lines: list[Line], scale: float
) -> list[tuple[int, int, int, int]]:
    """Boxes of text-like ink the page's reading left out, in pixels.

    Tesseract's page layout sometimes takes a block for a picture and reads
    nothing in it: a column of amounts beside shaded rows came out empty. Ink
    outside every word's box and off the rules (`UNREAD_RULE`), joined across a
    line height into words and phrases, that has a text line's height (from
    `UNREAD_MIN_HEIGHT` to 2) and is wider than tall, is read again with the
    doubtful pieces; so is ink however short just before a number on its line
    (`UNREAD_THOUSANDS_GAP`), and light grey print where no darker ink is
    (`UNREAD_LIGHT_CONTRAST`).
    """
    every = _flat(lines)
    if sum(sum(c.isalnum() for c in w.text) >= 2 for w in every) < MIN_GOOD_WORDS:
        return []
    height = _body_height(lines) * scale / 2
    half = cv2.erode(img, np.ones((2, 2), np.uint8))[::2, ::2]
    paper = int(np.median(half[::4, ::4]))
    # Words read are no unread ink at any level: painted the paper's white once.
    for w in every:
        half[_pixels(w, scale / 2, margin=2)] = WHITE
    # Words read, on the half-size copy: short ink just before a number may be
    # its thousands, which Tesseract leaves out of a right-aligned column; at
    # either end of any word, a glyph it dropped.
    beside = [
        (
            w.x0 * scale / 2,
            w.x1 * scale / 2,
            w.top * scale / 2,
            w.bottom * scale / 2,
            w.text[:1].isdigit(),
        )
        for w in every
    ]
    found = _ink_boxes(half, paper - UNREAD_CONTRAST, beside, height)
    # Light grey print (a footer's legal mentions in small grey type) is no ink
    # at that level, or only its darkest specks; from a lighter one, not across
    # half the page (the grey fill of a table's head, between its words, is as
    # light). A light box that reaches a line height or more past the boxes
    # found in it takes their place: they were its darkest specks, and "OJN
    # Informatique" came out "Informatique" (seed 9062 #5). Otherwise they stay:
    # a light box is a little taller, and takes in the tops of the next row.
    # Wider, it is print when letters cross its middle as often as a line of
    # print's do: a grey footer's line of legal mentions in small type, left
    # out by the page's reading, SIRET and VAT number with it (seed 9115 #20).
    level = paper - UNREAD_LIGHT_CONTRAST
    light = [
        box
        for box in _ink_boxes(half, level, beside, height)
        if box[3] <= UNREAD_LIGHT_MAX_WIDTH * half.shape[1]
        or _crossed_often(half, level, box)
    ]
    found, light = _with_light(found, light, height)
    chosen = sorted(found, reverse=True)[:UNREAD_MAX_BOXES]
    chosen += sorted(light, reverse=True)[: UNREAD_MAX_BOXES - len(chosen)]
    ink = half < paper - UNREAD_CONTRAST
    boxes = [_crop_box(ink, box, chosen) for box in chosen]
    return [
        (2 * x0, 2 * y0, min(img.shape[1], 2 * x1), min(img.shape[0], 2 * y1))
        for x0, y0, x1, y1 in sorted(boxes, key=lambda b: (b[1], b[0]))
    ]


def _crossed_often(half: Image, level: int, box: InkBox) -> bool:
    """True when ink darker than ``level`` crosses the middle of a box of
    `_ink_boxes` at least `UNREAD_LIGHT_STROKES` times per box height of its
    width, as a line of print does; a grey fill, its words painted out, is
    crossed once a word."""
    _, x, y, w, h = box
    strokes = _strokes(half[y + h // 2, x : x + w] < level)
    return strokes >= UNREAD_LIGHT_STROKES * w / max(h, 1)


def _figures(line: Line) -> bool:
    """True when every word of ``line`` is a figure (a number, a date, an amount)
    with four digits or more between them."""
    return all(_FIGURE.fullmatch(w.text) for w in line) and (
        sum(c.isdigit() for w in line for c in w.text) >= 4
    )


def _unread_bar(line: Line) -> float:
    """How sure words read where the page's reading found none must be, by what
    they read as: an identifier whose key checks, figures or a label, else words."""
    if any(_key_checks(_digits_read(w.text)) for w in line):
        return UNREAD_KEYED_SURENESS
    if _figures(line) or _label_shaped(line):
        return UNREAD_NUMBER_SURENESS
    return UNREAD_MIN_SURENESS


def _label_shaped(line: Line) -> bool:
    """True when ``line`` reads as a label: words of letters, the last ending in
    its colon ("DATE D'ÉMISSION:") or followed by the number sign ("FACTURE N°"),
    five letters or more in all. A cell's edge read as a bar ("|") is no word."""
    *words, last = [w.text for w in line if w.text.strip("|[]")] or [""]
    if last.endswith(":"):
        words.append(last[:-1])
    elif not _NUMBER_SIGN.fullmatch(last):
        return False
    return all(_LABEL_WORD.fullmatch(t) for t in words) and (
        sum(len(t) for t in words) >= LABEL_MIN_LETTERS
    )


def _crop_box(
    ink: npt.NDArray[np.bool_], box: InkBox, boxes: list[InkBox]
) -> tuple[int, int, int, int]:
    """The crop that reads a box of unread ink, on the half-size page whose ink is
    ``ink``: (x0, y0, x1, y1).

    A glyph at a crop's very edge reads worse ("1" as "|"): a height of margin on
    either side, but half one above and below, where the neighbouring rows are;
    on the sides, stopping halfway to the ink of another of the ``boxes`` on its
    line within that height, and taking in a glyph or two too short to make a
    box of their own (`_side`): "9 mai 2025" read "2 mai 2025", the crop of "mai"
    through its 9 (seed 9070 #29), or "mai 2025", the 9 left out."""
    _, x, y, w, h = box
    others = np.zeros(ink.shape[1], dtype=bool)
    for other in boxes:
        _, ox, oy, ow, oh = other
        if other is not box and oy < y + h and y < oy + oh:
            others[ox : ox + ow] = True
    columns = ink[y : y + h].any(axis=0)
    return (
        _side(columns, others, x - 1, -1, h),
        max(0, y - h // 2),
        _side(columns, others, x + w, 1, h),
        y + h + h // 2,
    )


UNREAD_GLYPHS_TAKEN = 2
"""Glyphs, or runs of ink a height wide at most, that a crop of unread ink takes in
beside its box (`_side`)."""


def _side(
    columns: npt.NDArray[np.bool_],
    others: npt.NDArray[np.bool_],
    start: int,
    step: int,
    reach: int,
) -> int:
    """Where a crop's side goes, from ``start``, the first column past its box of
    ink, outwards by ``step``: ``columns`` tells which columns hold ink,
    ``others`` which belong to other boxes. Ink less than ``reach`` away that is
    no other box's and at most ``reach`` wide (a glyph or two) is taken in,
    `UNREAD_GLYPHS_TAKEN` times at most; then comes a margin of ``reach``, or
    halfway to the next ink."""
    inside = range(len(columns))
    at, taken = start, 0
    while True:
        blank = at
        while at in inside and not columns[at] and abs(at - blank) < reach:
            at += step
        if at not in inside or not columns[at]:
            return min(max(at, 0), len(columns))
        glyph = at
        while (
            at in inside and columns[at] and not others[at] and abs(at - glyph) <= reach
        ):
            at += step
        if taken == UNREAD_GLYPHS_TAKEN or at not in inside or columns[at]:
            # Another box's ink, a word's (wider than a glyph), or glyphs enough.
            return (blank + glyph) // 2
        taken += 1


def _with_light(
    dark: list[InkBox], light: list[InkBox], height: float
) -> tuple[list[InkBox], list[InkBox]]:
    """The boxes of unread ink found at the dark level and at the light one, each
    box of ink once: a light box that reaches ``height`` past the dark ones within
    it takes their place; the other light boxes are kept where they are clear of
    every dark one. One beside a light box that took dark ones' place stays:
    "03374" of a grey footer's second line, next to "- TVA intracom. FR34 …"
    whose darkest specks the dark level found (seed 9067 #43)."""
    wider = [box for box in light if _reaches_past(box, dark, height)]
    kept = [box for box in dark if not any(_box_within(box, w) for w in wider)]
    clear = [
        box
        for box in light
        if box not in wider and not any(_boxes_meet(box, d) for d in dark)
    ]
    return kept + wider, clear


def _ink_boxes(
    half: Image,
    level: int,
    beside: list[tuple[float, float, float, float, bool]],
    height: float,
) -> list[InkBox]:
    """Boxes (area, x, y, width, height) of text-like ink darker than ``level`` in
    the half-size page ``half``, its words painted out (`_unread`); ``beside``
    are the words read, as (x0, x1, top, bottom, is a number) on it. Short ink
    is taken within half a line height of a word, on its line: a glyph
    Tesseract dropped from it ("11.11.202" for "11.11.2025", seed 9071 #57), or
    `UNREAD_THOUSANDS_GAP` before a number."""
    ink = (half < level).astype(np.uint8)
    # A table's rules are no text, and joined to the cells' text beside them, a
    # dashed one made one box of a column's rows, too tall to be a line (seed
    # 9012 #8, "SERVICE" and a date lost): ink running down UNREAD_RULE heights
    # across the gaps between its dashes is left out, with its grey edges.
    bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, _bar(3, 5))
    rules = cv2.morphologyEx(
        bridged, cv2.MORPH_OPEN, _bar(1, round(UNREAD_RULE * height))
    )
    ink[cv2.dilate(rules, _bar(5, 1)) > 0] = 0
    # Joined across a line height: a hyphen fainter than the threshold leaves a
    # gap wider than half of one, and "BC-2025-6309" made three boxes, of which
    # "BC" was too short to be text (seed 9038 #36; half a height before).
    grown = max(3, round(height))
    joined = cv2.dilate(ink, _bar(grown, 1))
    count, _, stats = _components(joined, connectivity=8)
    found = []
    for x, y, w, h, _ in stats[1:count]:
        if not UNREAD_MIN_HEIGHT * height <= h <= 2.0 * height:
            continue
        # Letters cross the middle of their line stroke after stroke; a
        # stamp's frame or a pen's line does so once or twice.
        strokes = _strokes(ink[y + h // 2, x : x + w])
        if (
            (w >= 2 * h and strokes >= UNREAD_MIN_STROKES)
            or (w >= h and strokes >= 2 and _heads(x, y + h, beside, height))
            or (
                strokes >= 1
                and w >= h / 2
                and _beside_a_word((x, y, w, h), beside, height, grown)
            )
        ):
            found.append((w * h, x, y, w, h))
    return found


def _strokes(row: npt.NDArray[Any]) -> int:
    """How many times ink (1 or True) starts along a row of a mask."""
    return int(np.count_nonzero(np.diff(row.astype(np.int8)) == 1))


def _beside_a_word(
    box: tuple[int, int, int, int],
    words: list[tuple[float, float, float, float, bool]],
    height: float,
    grown: int,
) -> bool:
    """True when short ink (x, y, w, h; joined across ``grown`` pixels) lies on a
    word's line: `UNREAD_THOUSANDS_GAP` before a number, or meeting the word
    and a glyph of its size, not the blurred edge of one the word's box left
    out."""
    x, y, w, h = box
    return any(
        min(bottom, y + h) - max(top, y) >= 0.5 * h
        and (
            (number and 0 <= x0 - (x + w) <= UNREAD_THOUSANDS_GAP * height)
            or (
                x <= x1
                and x0 <= x + w
                and w - grown + 1 >= UNREAD_GLYPH_WIDTH * (bottom - top)
                and h >= UNREAD_GLYPH_HEIGHT * (bottom - top)
            )
        )
        for x0, x1, top, bottom, number in words
    )


UNREAD_HEAD_REACH = 1.5
"""Furthest above a word, in line heights, that short ink is its column's head."""


def _heads(
    x: int,
    bottom: int,
    words: list[tuple[float, float, float, float, bool]],
    height: float,
) -> bool:
    """True when ink from ``x`` ending at ``bottom`` lies just above a word
    (`UNREAD_HEAD_REACH`), its left edge within a line height of the word's: a
    grid's short label over its value, a grey Courier "EJ" that the page's
    reading left out, two letters too few strokes for print alone (seed 9117
    #47)."""
    return any(
        abs(x - x0) <= height and 0 <= top - bottom <= UNREAD_HEAD_REACH * height
        for x0, _, top, _, _ in words
    )


def _boxes_meet(box: InkBox, other: InkBox) -> bool:
    """True when two boxes of `_ink_boxes` overlap or touch."""
    _, x, y, w, h = box
    _, ox, oy, ow, oh = other
    return x <= ox + ow and ox <= x + w and y <= oy + oh and oy <= y + h


def _reaches_past(
    box: InkBox,
    others: list[InkBox],
    reach: float,
) -> bool:
    """True when boxes of `_ink_boxes` lie within ``box``, and it reaches ``reach``
    or more past them on the left or on the right."""
    inside = [other for other in others if _box_within(other, box)]
    if not inside:
        return False
    _, x, _, w, _ = box
    left = min(other[1] for other in inside)
    right = max(other[1] + other[3] for other in inside)
    return left - x >= reach or x + w - right >= reach


def _box_within(box: InkBox, other: InkBox) -> bool:
    """True when a box of `_ink_boxes` lies within another."""
    _, x, y, w, h = box
    _, ox, oy, ow, oh = other
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def _doubtful(line: Line, body: float) -> bool:
    """A word read poorly that may hold a value: three letters or digits or more,
    or fewer in a box as wide as three of the page's word heights (five
    characters or so).

    Short ones are mostly specks, a stamp's or a pen's marks, and alone they
    would cost a Tesseract run for nothing. But Tesseract's layout sometimes
    sizes a line by its neighbours, and then reads a clean value as two letters
    across its whole width: "SERV-FIN" came out "Re.", "BIC : BNPAFRPP" "Oo";
    or as a mark, barely: a grid's grey "Facture" read "_" at 0.10 (holdout
    seed 9163 #37; a rule read so is read surely).
    """
    return any(
        w.confidence < REREAD_BELOW
        and (
            (alnum := sum(c.isalnum() for c in w.text)) >= REREAD_MIN_CHARS
            or (
                (alnum or w.confidence < THRESHOLD_BELOW)
                and w.x1 - w.x0 >= REREAD_MIN_WIDTH * body
            )
        )
        for w in line
    )


def _reads_surer(again: Line, first: Line) -> bool:
    """True when a piece read again is read more surely than at first, over the
    ink of its doubtful words: the context read surely in both does not count.
    Counted in, it let a shorter junk reading win: "SIRET : 4627 1896600023"
    at 0.32 came out "SIRET à STORES" (seed 9064 #11, the next row's tops in
    the crop), surer by its context's share of fewer characters."""
    doubtful = tuple(w for w in first if w.confidence < REREAD_BELOW)
    if not doubtful:
        return _sureness(again) > _sureness(first)
    over = tuple(w for w in again if any(min(_shared(w, d)) > 0 for d in doubtful))
    return _sureness(over) > _sureness(doubtful)


def _sureness(line: Line) -> float:
    """The line's confidence: its words' confidences weighted by their lengths."""
    chars = sum(len(w.text) for w in line)
    return sum(w.confidence * len(w.text) for w in line) / chars if chars else 0.0


def _line_box(
    line: Line, scale: float, shape: tuple[int, ...]
) -> tuple[int, int, int, int]:
    """The line's pixels with a margin of half its height: (x0, y0, x1, y1)."""
    x0 = min(w.x0 for w in line) * scale
    x1 = max(w.x1 for w in line) * scale
    y0 = min(w.top for w in line) * scale
    y1 = max(w.bottom for w in line) * scale
    pad = (y1 - y0) / 2
    return (
        max(0, int(x0 - pad)),
        max(0, int(y0 - pad)),
        min(shape[1], math.ceil(x1 + pad)),
        min(shape[0], math.ceil(y1 + pad)),
    )


def _stack(
    crops: list[Image], boxes: list[tuple[int, int, int, int]]
) -> tuple[Image, list[tuple[int, int, int, int, float]]]:
    """The crops set one under the other on white.

    Returns the sheet and, per crop, the sheet rows it spans (top, bottom: each of
    its words' middles falls between them), where its top-left corner lies on the
    sheet (sx, sy, in pixels) and how much smaller than its box on the page it is
    (``factor``, 1 unless `_shrunk`): a sheet pixel (x, y) of the crop was at
    ``box[:2] + ((x, y) - (sx, sy)) / factor`` on the page.
    """
    # White as tall as a usual crop between crops: a stamp's tall crop needs no
    # more (Tesseract's time grows with the sheet's area).
    usual = sorted(c.shape[0] for c in crops)[len(crops) // 2]
    gaps = [round(min(c.shape[0], usual) * REREAD_GAP) for c in crops]
    left = max(gaps)
    width = max(c.shape[1] for c in crops) + 2 * left
    height = sum(c.shape[0] for c in crops) + sum(gaps) + left
    sheet = np.full((height, width), WHITE, dtype=np.uint8)
    offsets = []
    y = left
    for crop, (x0, _, x1, _), gap in zip(crops, boxes, gaps, strict=True):
        h, w = crop.shape
        sheet[y : y + h, left : left + w] = crop
        offsets.append((y - gap // 2, y + h + gap // 2, left, y, w / max(1, x1 - x0)))
        y += h + gap
    return sheet, offsets


def _moved(
    word: Word,
    origin: tuple[int, int],
    corner: tuple[int, int],
    factor: float,
    scale: float,
) -> Word:
    """A word read on the sheet, boxed where it lies on the page (points)."""

    def back(value: float, start: int, to: int) -> float:
        return ((value * scale - start) / factor + to) / scale

    (sx, sy), (px, py) = origin, corner
    return replace(
        word,
        x0=back(word.x0, sx, px),
        x1=back(word.x1, sx, px),
        top=back(word.top, sy, py),
        bottom=back(word.bottom, sy, py),
    )


def _stretched(crop: Image) -> Image:
    """The crop with its darkest ink made black and its paper white.

    Pale print on a shaded cell (a grey "SERVICE" header on light grey) read as
    "servis" on the sheet among black words, and right once stretched: on the
    sheet, Tesseract reads all crops as one block.
    """
    ink, paper = np.percentile(crop, (1, STRETCH_PAPER_PERCENTILE))
    if paper - ink < STRETCH_MIN_RANGE:
        return crop
    scaled = (np.arange(256, dtype=np.float32) - ink) * WHITE / (paper - ink)
    return cv2.LUT(crop, np.clip(scaled, 0, WHITE).astype(np.uint8))


SLIVER_SHARE = 0.6
"""Highest band of ink at a crop's top or bottom edge, as a share of its tallest
band, taken for a neighbouring row's cut edge (`_slivers_blanked`)."""
SLIVER_INK = 192
"""Grey level under which a stretched crop's pixel is ink."""


def _slivers_blanked(crop: Image) -> Image:
    """The crop with the cut edges of the rows above and below it made paper.

    A crop of unread ink reaches half a line into the rows round it: between rows
    of light grey labels set close ("DATE D'ÉMISSION:", "ÉCHÉANCE:", "SERVICE
    EXÉCUTANT:", seed 9106 #36), the feet of one row and the heads of the next
    came into each crop, and Tesseract read "ÉCHÉANCE:" between them as nothing.
    A band of ink rows, parted from the rest by paper, that touches the crop's
    top or bottom edge and is much lower than its tallest band is such an edge.
    """
    inked = (crop < SLIVER_INK).sum(axis=1) >= 2
    bands: list[tuple[int, int]] = []
    for row in np.flatnonzero(inked):
        if bands and row == bands[-1][1]:
            bands[-1] = (bands[-1][0], row + 1)
        else:
            bands.append((row, row + 1))
    if len(bands) < 2:
        return crop
    tallest = max(end - start for start, end in bands)
    edges = [bands[0]] if bands[0][0] == 0 else []
    edges += [bands[-1]] if bands[-1][1] == crop.shape[0] else []
    out = crop
    for start, end in edges:
        if end - start < SLIVER_SHARE * tallest:
            out = out.copy() if out is crop else out
            out[start:end] = WHITE
    return out


def _tallest_crops(
    boxes: list[tuple[int, int, int, int]],
    owners: list[Line],
    body: float,
    scale: float,
    letters: Sequence[float] | None = None,
) -> list[float]:
    """How tall each crop may be on the sheet, in pixels: `REREAD_MAX_HEIGHT` body
    heights, and less where its words (their median height: a crop of small
    print may own a tall fragment) are taller than its ``letters`` body heights
    (`REREAD_MAX_LETTERS` by default), so that they come to that height.
    Tesseract reads the sheet as one block of text of one size: after a title's
    crop at five times the body's height, it read none of the crops under it
    (seed 9030 #36, "26S4639" among them)."""
    most = REREAD_MAX_HEIGHT * body * scale
    out = []
    if letters is None:
        letters = [REREAD_MAX_LETTERS] * len(boxes)
    for (_, top, _, bottom), own, cap in zip(boxes, owners, letters, strict=True):
        heights = sorted(w.bottom - w.top for w in own)
        tall = heights[len(heights) // 2] if heights else 0.0
        if tall > cap * body:
            out.append(min(most, (bottom - top) * cap * body / tall))
        else:
            out.append(most)
    return out


def _shrunk(crop: Image, tallest: float) -> Image:
    """The crop, made smaller to be no taller than ``tallest`` pixels.

    A stamp's or a title's big letters read as well at a text line's size, and
    Tesseract's time grows with the sheet's area: a "PAYÉ" stamp's four pieces
    made a sheet of 5 million pixels, half a page.
    """
    h, w = crop.shape
    if h <= tallest or tallest <= 0:
        return crop
    factor = tallest / h
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(crop, size, interpolation=cv2.INTER_AREA)


def _body_height(lines: list[Line]) -> float:
    """The median height of the page's words of two letters or digits or more."""
    heights = sorted(
        w.height
        for line in lines
        for w in line
        if sum(c.isalnum() for c in w.text) >= 2
    )
    return heights[len(heights) // 2] if heights else 0.0


def to_page_frame(
    words: tuple[Word, ...],
    geometry: Geometry,
    scale: float,
    bounds: tuple[float, float],
) -> tuple[Word, ...]:
    """Words boxed in the cleaned image, boxed instead on the rendered page.

    Each box's four corners go back through ``geometry``; the new box bounds them,
    clipped to ``bounds``, the rendered page's (width, height) in points. A
    deskewed word's box grows by its slant (a 100 pt word skewed 3° is about
    5 pt taller), as the word on the page really is slanted.
    """
    if geometry.forward == Geometry().forward:
        return words
    moved = []
    for word in words:
        corners = [
            geometry.backward(x * scale, y * scale)
            for x in (word.x0, word.x1)
            for y in (word.top, word.bottom)
        ]
        xs = [min(max(x / scale, 0.0), bounds[0]) for x, _ in corners]
        ys = [min(max(y / scale, 0.0), bounds[1]) for _, y in corners]
        moved.append(replace(word, x0=min(xs), top=min(ys), x1=max(xs), bottom=max(ys)))
    return tuple(moved)


STANDBY_TIMEOUT_S = 30.0
"""How long the second look may take; the page keeps its first reading after."""


@dataclass(frozen=True, slots=True)
class SheetReading:
    """What Tesseract read on a sheet: its lines of words, and per word its box in
    the sheet's pixels and the characters the recogniser rated at each step
    (before the word's decoding chose among them; see `_choices`)."""

    lines: list[Line]
    steps: dict[tuple[int, int, int, int], tuple[Step, ...]]


class Standby:
    """A Tesseract started ahead of its image, to read that one image.

    It loads its model (0.15 s for fra+eng, 0.08 s for fra) on the other core
    while the page is cleaned, then reads the image whose path it gets on stdin:
    Tesseract takes what comes on stdin that is not an image for a list of image
    files. Not the image itself: Tesseract reads stdin a character at a time, and
    a page's 9 MB took 0.1 s more than the model's load saves. What it reads is
    what a Tesseract started for the image would read (same pixels, same options).

    The page's first reading goes through `read_page`, whose failures are typed
    errors as `read_lines`'s are; the second look's through `read`, which gives
    nothing when Tesseract fails or is too slow: the second look is a bonus, not a
    step the page depends on. With ``choices`` it also writes, for
    `_s_read_as_digit`, the recogniser's choices at each step (hOCR with
    ``lstm_choice_mode=2``, which does not change what is read). A standby not
    needed is stopped (`close`).
    """

    def __init__(
        self,
        scale: float,
        *,
        languages: str = REREAD_LANGUAGES,
        psm: int = 6,
        choices: bool = True,
    ) -> None:
        self.scale = scale
        self.folder = tempfile.TemporaryDirectory(prefix="ingest-ocr-")
        self.base = Path(self.folder.name) / "read"
        self.failure: OSError | None = None
        outputs = ["-c", "lstm_choice_mode=2", "tsv", "hocr"] if choices else ["tsv"]
        try:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [
                    pytesseract.pytesseract.tesseract_cmd,
                    "stdin",
                    str(self.base),
                    "-l",
                    languages,
                    "--psm",
                    str(psm),
                    "--dpi",
                    str(round(scale * 72)),
                    *outputs,
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                # A pipe, not DEVNULL: `communicate` then waits on it, and sees the
                # end at once; with nothing to read it polls the process, up to 50 ms
                # late.
                stderr=subprocess.PIPE,
            )
        except OSError as e:
            self.process, self.failure = None, e

    def read_page(self, img: Image, timeout_s: float = 0.0) -> list[Line]:
        """The image's words, line by line, as `read_lines` gives them.

        Tesseract missing or failing raises `OcrUnavailable`, a positive
        ``timeout_s`` passed raises `ProcessingTimeout`.
        """
        if isinstance(self.failure, FileNotFoundError):
            raise OcrUnavailable("Tesseract is not installed.", reason="not_found")
        if self.failure is not None:
            raise OcrUnavailable(
                f"Tesseract could not run ({type(self.failure).__name__})."
            )
        try:
            (tsv,) = self._run(img, timeout_s or None, (".tsv",))
        except subprocess.TimeoutExpired as e:
            raise ProcessingTimeout("Tesseract took too long on a page.") from e
        except _Failed as e:
            raise OcrUnavailable(str(e), reason="failed") from e
        return _lines_of(_tsv_columns(tsv), self.scale)

    def read(self, img: Image, timeout_s: float = STANDBY_TIMEOUT_S) -> SheetReading:
        """The sheet's words, line by line; none when Tesseract fails."""
        if self.process is None:
            return SheetReading([], {})
        try:
            tsv, hocr = self._run(img, timeout_s, (".tsv", ".hocr"))
        except (subprocess.TimeoutExpired, _Failed) as e:
            log.warning("second look skipped: %s", e)
            return SheetReading([], {})
        return SheetReading(_lines_of(_tsv_columns(tsv), self.scale), _choices(hocr))

    def _run(
        self, img: Image, timeout_s: float | None, suffixes: tuple[str, ...]
    ) -> list[str]:
        """Hand the image over, wait, and give back the outputs' text: once."""
        process, self.process = self.process, None
        if process is None:
            raise _Failed("this Tesseract has read its image already")
        image = self.base.with_suffix(".pgm")
        try:
            # A PGM: uncompressed, and stating no resolution (``--dpi`` does).
            if not cv2.imwrite(str(image), img):
                raise _Failed("the image could not be written")
            _, said = process.communicate(f"{image}\n".encode(), timeout=timeout_s)
            if process.returncode != 0:
                log.debug("Tesseract said: %s", said.decode(errors="replace")[-500:])
                raise _Failed(f"Tesseract failed (exit {process.returncode}).")
            return [
                self.base.with_suffix(suffix).read_text("utf-8", errors="replace")
                for suffix in suffixes
            ]
        except OSError as e:
            raise _Failed(f"Tesseract could not run ({type(e).__name__}).") from e
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        finally:
            self.folder.cleanup()

    def close(self) -> None:
        """Stop a standby that was not needed."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()
        self.folder.cleanup()

    def __enter__(self) -> "Standby":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Failed(Exception):
    """A standby's Tesseract did not give its outputs."""


_HOCR_WORD = re.compile(
    r"<span class='ocrx_word'[^>]*title='bbox (\d+) (\d+) (\d+) (\d+);[^']*'>"
)
_HOCR_CHOICE = re.compile(r"x_confs ([\d.]+)'>([^<]*)<")


def _choices(hocr: str) -> dict[tuple[int, int, int, int], tuple[Step, ...]]:
    """Per word of Tesseract's hOCR (``lstm_choice_mode=2``): its box, and the
    characters the recogniser rated at each step, one step per character of the
    word; a word whose steps do not line up with its characters is left out."""
    out = {}
    words = list(_HOCR_WORD.finditer(hocr))
    for word, after in itertools.zip_longest(words, words[1:]):
        body = hocr[word.end() : after.start() if after else len(hocr)]
        text = html.unescape(body.split("<", 1)[0]).strip()
        steps = []
        for step in body.split("id='lstm_choices")[1:]:
            choices = sorted(
                ((float(c), html.unescape(ch)) for c, ch in _HOCR_CHOICE.findall(step)),
                reverse=True,
            )
            if choices and choices[0][1].strip():
                steps.append(tuple(choices))
        if text and len(steps) == len(text):
            box = tuple(int(word.group(i)) for i in range(1, 5))
            out[box] = tuple(steps)
    return out


def _tsv_columns(tsv: str) -> dict[str, list[str]]:
    """Tesseract's TSV output as columns, the shape of pytesseract's dict."""
    rows = [line.split("\t") for line in tsv.splitlines() if line]
    if not rows:
        return {"text": []}
    head, body = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
    return {name: [r[i] for r in body] for i, name in enumerate(head)}


def read_scanned_page(
    data: bytes,
    number: int,
    size: tuple[float, float],
    limits: Limits,
    steps: CleanUp = CleanUp(),
    dpi: int = DEFAULT_DPI,
) -> Page:
    """OCR page ``number``: rasterise, clean up, read, and box words on the page.

    Boxes are in the frame of the page as displayed (after /Rotate), where
    pdfplumber puts a text layer's words. ``size`` only becomes the `Page`'s width
    and height: pass the text layer's, so both readers' pages agree.
    """
    image, scale = rasterise(data, number, dpi, limits)
    # The page's Tesseract loads its model while the page is cleaned.
    with Standby(scale, languages=LANGUAGES, psm=3, choices=False) as ahead:
        return _read_page(image, scale, number, size, limits, steps, ahead)


def _read_page(
    image: Image,
    scale: float,
    number: int,
    size: tuple[float, float],
    limits: Limits,
    steps: CleanUp,
    ahead: Standby,
) -> Page:
    cleaned = clean_up(image, steps)
    # Orientation detection costs about one more Tesseract pass; most scans are
    # upright, so read as is first and look for the orientation only when that
    # reading is poor, keeping the better of the two. A page lying on its side is
    # seen before any reading, by its lines, and read first as detection turns it:
    # read as it lies, it would only be read again. When detection gives back the
    # turn already read (it is unsure on a grey, noisy page, and a page with few
    # words never reads well), the other way up is tried: a page fed upside down
    # is the commonest mistake left.
    ink = small_ink(cleaned) if steps.orient or steps.deskew else None
    sideways = steps.orient and lies_sideways(cleaned, ink)
    first = detect_turns(cleaned) if sideways else 0
    prepared = straighten(cleaned, first, steps, ink)
    # The second look's Tesseract loads its model while the page is read, on the
    # core the page's reading leaves idle (loaded during the cleaning, with the
    # page's, it slowed the cleaning by 0.03 to 0.08 s).
    with Standby(scale) if steps.reread else nullcontext() as standby:
        lines = ahead.read_page(prepared.image, limits.timeout_s)
        if steps.orient and not reads_well(_flat(lines)):
            other = 0 if sideways else detect_turns(cleaned)
            for turns in _turns_to_try(first, other, _flat(lines), sideways):
                again = straighten(cleaned, turns, steps, ink)
                turned = read_lines(again.image, scale, timeout_s=limits.timeout_s)
                if reading_quality(_flat(turned)) > reading_quality(_flat(lines)):
                    prepared, lines = again, turned
        lines = _heads_joined(lines)
        if standby is not None:
            lines = second_look(prepared.image, scale, lines, reader=standby.read)
    if steps.reread:
        lines = thresholded_look(prepared.image, scale, lines)
    bounds = (image.shape[1] / scale, image.shape[0] / scale)
    # Extractors read rows, so they get the words of the straightened image; the
    # boxes of the values they choose go back onto the page through ``to_page``.
    words = _lookalikes_by_glyph(prepared.image, scale, _echoes_dropped(_flat(lines)))
    log.debug(
        "page %d: %d words (turns %d, skew %.2f°)",
        number,
        len(words),
        prepared.geometry.turns,
        prepared.geometry.angle,
    )
    to_page = partial(
        _box_to_page, geometry=prepared.geometry, scale=scale, bounds=bounds
    )
    return Page(number, size[0], size[1], words, Method.OCR, to_page)


MIN_GOOD_WORDS = 15
MIN_GOOD_CONFIDENCE = 0.65
"""Mean confidence of the real words under which the upright reading is poor.

Measured on sample scans read as they lie: upside down 0.37 to 0.40, upright 0.92
to 0.94, and a noisy grey upright page 0.7996, which at 0.8 was read a second time
after orientation detection for nothing (5.5× the bare command's time).
"""


def _turns_to_try(
    first: int, detected: int, read: tuple[Word, ...], sideways: bool = False
) -> list[int]:
    """The quarter turns to read a page again at, after a poor reading at ``first``:
    the turn orientation detection gives; when it gives back the one read, the
    other way up, unless most of the words read stand on end: the page lies on its
    side though its lines did not show it (blurred, grey, seed 9037 #16 at 270°,
    read as it lay), and both sideways turns are tried. A page seen lying on its
    side (``sideways``) and read at the turn detection gave is read at the other
    sideways turn first: detection can take one side for the other on a blurred
    page (seed 9040 #49, at 270°, read upside down)."""
    if sideways and first % 2:
        return [(first + 2) % 4, detected]
    if detected != first:
        return [detected]
    real = _real(read)
    if real and sum(map(_standing, real)) > 0.5 * len(real):
        return [(first + 1) % 4, (first + 3) % 4]
    return [(first + 2) % 4]


def reading_quality(words: tuple[Word, ...]) -> float:
    """Sum of the confidences of the real words (3+ letters or digits) lying flat.

    Tesseract reads a page lying sideways as vertical text, often with good
    confidence: words standing on end count for nothing, or that reading could
    beat the one of the page turned upright.
    """
    return sum(w.confidence for w in _real(words) if not _standing(w))


def reads_well(words: tuple[Word, ...]) -> bool:
    """Enough real words, read across the page with good confidence: it was upright.

    A page lying sideways can still give confident words, but they stand on end
    (taller than wide), which upright words of three characters or more never do.
    """
    real = _real(words)
    if len(real) < MIN_GOOD_WORDS:
        return False
    if sum(map(_standing, real)) > 0.1 * len(real):
        return False
    return sum(w.confidence for w in real) / len(real) >= MIN_GOOD_CONFIDENCE


def _real(words: tuple[Word, ...]) -> list[Word]:
    return [w for w in words if sum(c.isalnum() for c in w.text) >= 3]


def _standing(word: Word) -> bool:
    return word.bottom - word.top > word.x1 - word.x0


def _box_to_page(
    box: Box, *, geometry: Geometry, scale: float, bounds: tuple[float, float]
) -> Box:
    """A box of the straightened image, as a box on the rendered page."""
    (word,) = to_page_frame((Word("", *box),), geometry, scale, bounds)
    return word.bbox


def read_scanned_pages(
    data: bytes,
    numbers: list[int],
    sizes: list[tuple[float, float]],
    limits: Limits,
    workers: int | None = None,
    steps: CleanUp = CleanUp(),
) -> list[Page]:
    """OCR several pages in parallel threads (Tesseract runs as a process); in order."""
    if not numbers:
        return []
    workers = workers or min(len(numbers), os.cpu_count() or 1)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr")
    try:
        return list(
            pool.map(
                lambda n, s: read_scanned_page(data, n, s, limits, steps),
                numbers,
                sizes,
            )
        )
    finally:
        # On a failed page or the pipeline's deadline, pages not started are
        # dropped rather than read for nothing (a `with` block would read them all).
        pool.shutdown(wait=True, cancel_futures=True)


def _uncompressed(img: Image) -> PILImage.Image:
    """The image for pytesseract, marked PGM so that it reaches Tesseract uncompressed.

    pytesseract writes an image to a temporary file in its ``format``, PNG when it
    has none, and compressing a noisy 300 dpi page to PNG takes up to a second
    (PGM: 0.01 s). Tesseract reads the same pixels either way. Not BMP: Pillow
    writes 96 dpi into a BMP, and orientation detection, which gets no ``--dpi``,
    believes it (a page upside down was then left so); a PGM states no resolution,
    like the PNG did.
    """
    pil = PILImage.fromarray(img)
    pil.format = "PPM"  # Pillow's name for the PPM family; a grey image is a PGM
    return pil


def _tesseract(
    call: Callable[..., T], *args: Any, lenient: bool = False, **kwargs: Any
) -> T:
    """Run a pytesseract call; its failures become `OcrUnavailable` (or `_OsdFailed`)."""
    try:
        return call(*args, **kwargs)
    except pytesseract.TesseractNotFoundError as e:
        raise OcrUnavailable("Tesseract is not installed.", reason="not_found") from e
    except pytesseract.TesseractError as e:
        if lenient:
            raise _OsdFailed() from e
        raise OcrUnavailable(
            f"Tesseract failed (exit {e.status}).", reason="failed"
        ) from e
    except RuntimeError as e:
        # pytesseract raises a bare RuntimeError only when it killed a slow Tesseract.
        raise ProcessingTimeout("Tesseract took too long on a page.") from e
    except OSError as e:
        raise OcrUnavailable(f"Tesseract could not run ({type(e).__name__}).") from e
    except SystemExit as e:
        # pytesseract exits on a version string it cannot parse (not Tesseract).
        raise OcrUnavailable(
            "Tesseract's version is unreadable.", reason="version"
        ) from e
