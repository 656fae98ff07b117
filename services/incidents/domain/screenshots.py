"""The screenshots a person attaches to an incident report (000 §6.2: a report "may attach
screenshots"), judged by their content, never by their name.

Up to five a report, each a PNG or a JPEG of at most 5 MB: what a phone or a computer
saves when one captures the screen, and nothing else — a program renamed ``captura.png``
is not a PNG, and a PDF or a GIF is not a screenshot. Each is made anew from its pixels
(``contracts.uploaded_images``), so that support, who opens it, never opens what was
hidden in it: no GPS position or camera, nothing appended after the image's end. A PNG
stays a PNG, so the text of an error message on the screen stays sharp; a JPEG stays a
JPEG, at a quality that keeps it legible. Only a screenshot larger than 4,000 px on its
longer side (beyond two full-HD screens side by side) is scaled down to it.
"""

from dataclasses import dataclass

from contracts.incidents import SCREENSHOT_MAX_BYTES, SCREENSHOTS_PER_REPORT
from contracts.uploaded_images import PNG, ImageRefused, ImageRule, jpeg, reencoded
from services.incidents.domain.errors import Invalid

SCREENSHOT_LONG_SIDE = 4000

_NOT_A_SCREENSHOT = "La captura de pantalla debe ser una imagen PNG o JPEG."
SCREENSHOT = ImageRule(
    encodings={"PNG": PNG, "JPEG": jpeg(90)},
    max_bytes=SCREENSHOT_MAX_BYTES,
    too_heavy="La captura de pantalla pesa más de 5 MB.",
    wrong_kind=_NOT_A_SCREENSHOT,
    unreadable=_NOT_A_SCREENSHOT,
    undecodable=("La captura de pantalla está dañada o incompleta: tómela de nuevo y adjúntela."),
    long_side=SCREENSHOT_LONG_SIDE,
)


class ScreenshotRefused(Invalid):
    """Why a screenshot is not attached, in Spanish, for the person who sent it."""


@dataclass(frozen=True)
class Screenshot:
    """A screenshot as it is kept and served back: its pixels re-encoded, by SHA-256."""

    sha256: str
    media_type: str
    content: bytes


def accept_screenshot(content: bytes) -> Screenshot:
    try:
        image = reencoded(content, SCREENSHOT)
    except ImageRefused as refused:
        raise ScreenshotRefused(str(refused)) from None
    return Screenshot(image.sha256, image.media_type, image.content)


def accept_screenshots(contents: list[bytes]) -> list[Screenshot]:
    """Every screenshot of one report, or the first refusal; more than five are refused
    before any is decoded."""
    if len(contents) > SCREENSHOTS_PER_REPORT:
        raise ScreenshotRefused(
            f"Un reporte lleva a lo más {SCREENSHOTS_PER_REPORT} capturas de pantalla; "
            f"se enviaron {len(contents)}."
        )
    return [accept_screenshot(content) for content in contents]
