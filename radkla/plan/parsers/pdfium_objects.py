"""A PDF page's characters, rules and images read by pdfium, in pdfplumber's shape.

pdfminer (under pdfplumber) interprets a page's content in Python, which is
most of the time a PDF import takes; pdfium does the same in C in a fraction
of it. This module reads with pdfium (pypdfium2) what the PDF reader needs --
each character's text and box, font and size, each path as pdfplumber's
"line", "rect" or "curve", and each image's box -- as the dictionaries
pdfplumber itself makes, so that pdfplumber's table finder and text extraction
run on them unchanged. A character's box is pdfium's loose box (the font's
advance width and its ascent to descent), as close to pdfminer's as pdfium
gives; characters pdfium adds itself (a space or a line break it guesses) are
left out. A rotated page, or one with a hyphen at a line end (pdfium does not
tell a hyphen from a soft hyphen there), is not handled: ``UnsupportedPage``
says to read that page with pdfminer instead. Pure: no Django.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Generator, Iterator, Sequence
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# pdfium gives a hyphen that ends a line as this code, whether it was a hyphen or
# a soft hyphen; the cell text needs to know which (``pdf.join_lines``).
_LINE_END_HYPHEN = 2


# pdfium is not thread-safe: one call at a time in the whole process, whatever the
# document (the web server reads uploads in several threads).
PDFIUM_LOCK = threading.Lock()


class UnsupportedPage(Exception):
    """A page this reader does not handle (rotated): read it with pdfminer."""


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF's row-vector order)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _matrix(handle: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(handle, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _leaves(handle: Any, count: int, outer: Matrix, form: bool) -> Iterator[tuple[Any, Matrix]]:
    """Every path and image object with the matrix of the forms around it."""
    for index in range(count):
        obj = (
            pdfium_c.FPDFFormObj_GetObject(handle, index)
            if form
            else pdfium_c.FPDFPage_GetObject(handle, index)
        )
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = _compose(_matrix(obj), outer)
            yield from _leaves(obj, pdfium_c.FPDFFormObj_CountObjects(obj), inner, True)
        elif kind in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
            yield obj, outer


def _subpaths(path: Any, matrix: Matrix) -> list[tuple[list[tuple[float, float]], bool]]:
    """A path's subpaths as points in page space, each with whether it has a curve."""
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = _compose(_matrix(path), matrix)
    subpaths: list[tuple[list[tuple[float, float]], bool]] = []
    points: list[tuple[float, float]] = []
    curved = False
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                subpaths.append((points, curved))
            points, curved = [point], False
            continue
        curved = curved or kind == pdfium_c.FPDF_SEGMENT_BEZIERTO
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and points[0] != point:
            points.append(points[0])
    if len(points) > 1:
        subpaths.append((points, curved))
    return subpaths


def _is_rect(points: list[tuple[float, float]]) -> bool:
    """Four corners (a fifth closing the path) joined by horizontal and vertical sides."""
    if len(points) == 5 and points[0] == points[4]:
        points = points[:4]
    if len(points) != 4:
        return False
    sides = zip(points, points[1:] + points[:1], strict=True)
    kinds = [(p[0] == q[0], p[1] == q[1]) for p, q in sides]
    return kinds in ([(True, False), (False, True)] * 2, [(False, True), (True, False)] * 2)


class PageObjects:
    """Converts one page's coordinates (y up from the media box) to pdfplumber's."""

    def __init__(self, top: float, doctop: float, page_number: int) -> None:
        self.top = top  # the media box's upper edge, in PDF units
        self.doctop = doctop  # the page's top in the whole document
        self.page_number = page_number

    def box(self, kind: str, x0: float, y0: float, x1: float, y1: float) -> Obj:
        top = self.top - y1
        return {
            "object_type": kind,
            "page_number": self.page_number,
            "x0": x0,
            "y0": y0,
            "x1": x1,
            "y1": y1,
            "width": x1 - x0,
            "height": y1 - y0,
            "top": top,
            "bottom": self.top - y0,
            "doctop": self.doctop + top,
        }

    def path(self, points: list[tuple[float, float]], curved: bool) -> Obj:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if len(points) == 2 and not curved:
            kind = "line"
        elif not curved and _is_rect(points):
            kind = "rect"
        else:
            kind = "curve"
        obj = self.box(kind, min(xs), min(ys), max(xs), max(ys))
        obj["pts"] = [(x, self.top - y) for x, y in points]
        return obj


def document_pages(
    data: bytes, doctops: Sequence[float]
) -> Generator[dict[str, list[Obj]] | None, None, None]:
    """Each page's objects in turn (``page_objects``), None for a page left to pdfminer.

    ``doctops`` gives each page's top in the document, as pdfplumber counts it.
    pdfium is called under ``PDFIUM_LOCK`` only. Raises ``UnsupportedPage`` when
    pdfium counts other pages, and pdfium's error when it cannot open the file.
    """
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
    try:
        with PDFIUM_LOCK:
            count = len(document)
        if count != len(doctops):
            raise UnsupportedPage("pdfium and pdfminer count different pages")
        for index, doctop in enumerate(doctops):
            with PDFIUM_LOCK:
                page = document[index]
                try:
                    objects: dict[str, list[Obj]] | None = page_objects(page, doctop, index + 1)
                except UnsupportedPage:
                    objects = None
                finally:
                    page.close()
            yield objects
    finally:
        with PDFIUM_LOCK:
            document.close()


def page_objects(page: pdfium.PdfPage, doctop: float, page_number: int) -> dict[str, list[Obj]]:
    """The page's "char", "line", "rect", "curve" and "image" objects, as pdfplumber's.

    Call it holding ``PDFIUM_LOCK`` where other threads may use pdfium.
    """
    if page.get_rotation() % 360:
        raise UnsupportedPage(f"page {page_number} is rotated")
    top = page.get_mediabox()[3]
    shape = PageObjects(top, doctop, page_number)
    objects: dict[str, list[Obj]] = {"char": [], "line": [], "rect": [], "curve": [], "image": []}
    for obj, matrix in _leaves(
        page.raw, pdfium_c.FPDFPage_CountObjects(page.raw), _IDENTITY, False
    ):
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            box = [ctypes.c_float() for _ in range(4)]
            pdfium_c.FPDFPageObj_GetBounds(obj, *box)
            x0, y0, x1, y1 = (v.value for v in box)
            objects["image"].append(shape.box("image", x0, y0, x1, y1))
            continue
        for points, curved in _subpaths(obj, matrix):
            made = shape.path(points, curved)
            objects[made["object_type"]].append(made)
    objects["char"] = _chars(page, shape)
    return objects


def _chars(page: pdfium.PdfPage, shape: PageObjects) -> list[Obj]:
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        box = pdfium_c.FS_RECTF()
        fonts: dict[int, tuple[float, str, bool]] = {}  # one font, size and angle per text object
        name_buffer = ctypes.create_string_buffer(256)
        chars: list[Obj] = []
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, index):
                continue
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if code == _LINE_END_HYPHEN:
                raise UnsupportedPage(f"page {shape.page_number} has a hyphen at a line end")
            text = chr(code)
            if text in "\r\n\x00\ufffe":
                continue
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
            char = shape.box("char", box.left, box.bottom, box.right, box.top)
            char["text"] = text
            key = ctypes.cast(pdfium_c.FPDFText_GetTextObject(raw, index), ctypes.c_void_p).value
            font = fonts.get(key or 0)
            if font is None:
                length = pdfium_c.FPDFText_GetFontInfo(raw, index, name_buffer, 256, None)
                name = name_buffer.value.decode("latin-1") if length else ""
                size = pdfium_c.FPDFText_GetFontSize(raw, index)
                angle = pdfium_c.FPDFText_GetCharAngle(raw, index)  # radians, 0 when upright
                upright = min(angle, 2 * math.pi - angle) < 0.01
                font = fonts[key or 0] = (size, name, upright)
            char["size"], char["fontname"], char["upright"] = font
            chars.append(char)
        return chars
    finally:
        textpage.close()
