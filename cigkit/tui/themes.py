"""The themes cigkit adds to Textual's: high contrast for a projector in a bright room.

High contrast is pure black and white: every colour the widgets use for meaning (primary,
accent, warning, error, success, muted text, the cursor) is white on black or black on
white, never a mid-grey, so a state reads by its words and symbols and by reverse video.
The theme a person picks (in the palette, "Theme" or "High-contrast theme") is remembered in
their per-user settings (`services/settings.py`).
"""

from __future__ import annotations

from textual.theme import Theme

BLACK, WHITE = "#000000", "#ffffff"
HIGH_CONTRAST_NAME = "high-contrast"
DEFAULT_THEME = "textual-dark"

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_NAME,
    primary=WHITE, secondary=WHITE, accent=WHITE,
    warning=WHITE, error=WHITE, success=WHITE,
    foreground=WHITE, background=BLACK, surface=BLACK, panel=BLACK, boost=BLACK,
    dark=True, luminosity_spread=0.0, text_alpha=1.0,
    variables={
        "text": WHITE, "text-muted": WHITE, "text-disabled": WHITE,
        "text-primary": WHITE, "text-secondary": WHITE, "text-accent": WHITE,
        "text-warning": WHITE, "text-error": WHITE, "text-success": WHITE,
        "foreground-muted": WHITE, "background-muted": BLACK,
        "primary-muted": BLACK, "secondary-muted": BLACK, "accent-muted": BLACK,
        "warning-muted": BLACK, "error-muted": BLACK, "success-muted": BLACK,
        "block-cursor-foreground": BLACK, "block-cursor-background": WHITE,
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": WHITE, "block-cursor-blurred-background": BLACK,
        "block-cursor-blurred-text-style": "bold underline",
        "block-hover-background": BLACK,
        "border": WHITE, "border-blurred": WHITE,
        "scrollbar": WHITE, "scrollbar-hover": WHITE, "scrollbar-active": WHITE,
        "scrollbar-background": BLACK, "scrollbar-background-hover": BLACK,
        "scrollbar-background-active": BLACK, "scrollbar-corner-color": BLACK,
        "footer-foreground": WHITE, "footer-background": BLACK,
        "footer-key-foreground": WHITE, "footer-key-background": BLACK,
        "footer-description-foreground": WHITE, "footer-description-background": BLACK,
        "footer-item-background": BLACK,
        "input-cursor-background": WHITE, "input-cursor-foreground": BLACK,
        "input-cursor-text-style": "none",
        "input-selection-background": WHITE, "input-selection-foreground": BLACK,
        "button-foreground": WHITE, "button-color-foreground": BLACK,
        "button-focus-text-style": "bold reverse",
        "link-color": WHITE, "link-background": BLACK, "link-color-hover": BLACK,
        "link-background-hover": WHITE,
        "screen-selection-background": WHITE, "screen-selection-foreground": BLACK,
    },
)

THEMES = (HIGH_CONTRAST,)

__all__ = ["DEFAULT_THEME", "HIGH_CONTRAST", "HIGH_CONTRAST_NAME", "THEMES"]
