"""The certificate as one A4 landscape PDF page, shaped correctly for every ASEAN script."""

import io
from functools import cache
from pathlib import Path

import segno
from fontTools.ttLib import TTFont
from fpdf import FPDF

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
NAME_WIDTH = 237  # mm: the page less its margins
NAME_SIZES = range(28, 11, -2)  # points, largest first

# Each script's Noto font; Latin (with Vietnamese) is the default.
SCRIPTS = {
    "thai": ((0x0E00, 0x0E7F),),
    "lao": ((0x0E80, 0x0EFF),),
    "khmer": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    "myanmar": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
}
FONT_FILES = {
    "sans": "NotoSans",
    "thai": "NotoSansThai",
    "lao": "NotoSansLao",
    "khmer": "NotoSansKhmer",
    "myanmar": "NotoSansMyanmar",
}


def script_of(text: str) -> str:
    """The font family for a text: the first non-Latin script found in it, else Latin."""
    for char in text:
        point = ord(char)
        for family, ranges in SCRIPTS.items():
            if any(start <= point <= end for start, end in ranges):
                return family
    return "sans"


@cache
def printable_characters(fonts: Path = FONTS) -> frozenset[int]:
    """Every code point the shipped fonts can draw."""
    points: set[int] = set()
    for stem in FONT_FILES.values():
        points |= set(TTFont(fonts / f"{stem}-Regular.ttf").getBestCmap())
    return frozenset(points)


def unprintable(text: str) -> list[str]:
    """Characters of a text that no certificate font has (emoji, for instance), in order."""
    known = printable_characters()
    missing = (ch for ch in text if not ch.isspace() and ord(ch) not in known)
    return list(dict.fromkeys(missing))


class CertificatePDF(FPDF):
    def __init__(self, fonts: Path):
        super().__init__(orientation="L", unit="mm", format="A4")
        for family, stem in FONT_FILES.items():
            self.add_font(family, "", fonts / f"{stem}-Regular.ttf")
            self.add_font(family, "B", fonts / f"{stem}-Bold.ttf")
        self.set_text_shaping(True)  # HarfBuzz: Thai, Khmer, Lao and Burmese need it
        self.set_auto_page_break(False)
        self.set_margins(20, 20, 20)

    def line(self, text: str, size: float, style: str = "", height: float | None = None) -> None:
        """One centred line in the font its script needs; Latin fragments fall back to Noto Sans."""
        family = script_of(text)
        self.set_font(family, style, size)
        self.set_fallback_fonts([] if family == "sans" else ["sans"])
        self.cell(0, height or size * 0.6, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def holder(self, name: str) -> None:
        """The holder's name, shrunk and wrapped so that any name fits (up to 200 characters)."""
        family = script_of(name)
        size = _fitting_size(self, name)
        self.set_font(family, "B", size)
        self.set_fallback_fonts([] if family == "sans" else ["sans"])
        self.set_x(30)
        self.multi_cell(NAME_WIDTH, size * 0.5, name, align="C", new_x="LMARGIN", new_y="NEXT")


def _fitting_size(pdf: "CertificatePDF", name: str) -> int:
    """The largest size at which the name takes at most two lines (else the smallest)."""
    for size in NAME_SIZES:
        pdf.set_font(script_of(name), "B", size)
        if pdf.get_string_width(name) <= 2 * NAME_WIDTH * 0.95:
            return size
    return NAME_SIZES[-1]


def render(labels: dict[str, str], name: str, course: str, date: str, code: str, url: str,
           fonts: Path) -> bytes:  # fmt: skip
    """Build the PDF. `labels` are already translated into the certificate's language."""
    pdf = CertificatePDF(fonts)
    pdf.set_title(labels["title"])
    pdf.add_page()
    pdf.set_draw_color(11, 92, 173)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(30)
    pdf.line(labels["title"], 30, "B", 16)
    pdf.ln(6)
    pdf.line(labels["certifies"], 14)
    pdf.ln(4)
    pdf.holder(name)
    pdf.ln(4)
    pdf.line(labels["completed"], 14)
    pdf.ln(2)
    pdf.set_x(30)
    family = script_of(course)
    pdf.set_font(family, "B", 17)
    pdf.set_fallback_fonts([] if family == "sans" else ["sans"])
    pdf.multi_cell(237, 9, course, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.line(date, 13)
    if labels["attended"]:  # the session the course required: a title of any length wraps
        pdf.ln(2)
        pdf.set_x(30)
        pdf.set_font(script_of(labels["attended"]), "", 11)
        pdf.multi_cell(237, 6, labels["attended"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(20, 160)
    pdf.set_font(script_of(labels["code"]), "", 10)
    pdf.cell(200, 6, labels["code"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("sans", "B", 13)
    pdf.cell(200, 7, code, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("sans", "", 9)
    pdf.cell(200, 6, url)
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=8, border=2)
    pdf.image(qr, x=237, y=150, w=40, h=40)
    return bytes(pdf.output())
