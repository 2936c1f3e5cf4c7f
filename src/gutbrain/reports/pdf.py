"""HTML → PDF through WeasyPrint, imported only when a PDF is asked for.

WeasyPrint needs Pango ≥ 1.44 from the operating system; when it cannot load, the person gets
one actionable sentence instead of a traceback, and the HTML report still works.
"""

from __future__ import annotations

from gutbrain.domain.errors import GutbrainError


class PdfUnavailableError(GutbrainError):
    """WeasyPrint (or the Pango library under it) could not be loaded."""


def html_to_pdf(html: str) -> bytes:
    """Render self-contained report HTML to PDF bytes (no network: the HTML has no links)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailableError(
            "PDF output needs WeasyPrint and Pango ≥ 1.44 (Debian/Ubuntu: apt install "
            "libpango-1.0-0 libpangoft2-1.0-0; macOS: brew install pango). "
            f"Use --html meanwhile. ({exc.__class__.__name__}: {exc})"
        ) from exc
    pdf = HTML(string=html, base_url=None).write_pdf()
    assert pdf is not None
    return bytes(pdf)
