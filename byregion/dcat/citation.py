"""How to cite the dataset: one sentence per language, for the dataset page and for the catalogue
(``dct:bibliographicCitation``). Pure.

APA 7's form for a dataset (§10.9), which reference managers read: the author, the year, the title with its version,
the bracketed kind ("[Data set]", in Norwegian "[Datasett]"), the publisher where it is not the author, and the
address. The version is the content's (a build of the same data is the same version), so that two citations of
the same data read alike, and the dataset page lists it with its content hash, by which a reader checks a copy
(docs/catalogue.md, "Versions").
"""

from __future__ import annotations

#: The bracketed kind of work, by language.
KIND = {"nb": "Datasett", "en": "Data set"}
#: The word before the version, by language.
VERSION = {"nb": "versjon", "en": "version"}


def citation(author: str, year: str, title: str, version: str, address: str, lang: str) -> str:
    """``Byregion LOD (2026). Title (version 20261205T124956Z) [Data set]. https://…/dataset``."""
    return f"{author} ({year}). {title} ({VERSION[lang]} {version}) [{KIND[lang]}]. {address}"


def citations(author: dict[str, str], year: str, title: dict[str, str], version: str,
              address: str) -> dict[str, str]:
    """:func:`citation` in each language of ``title``, the author's name in that language where it has one."""
    return {lang: citation(author.get(lang) or next(iter(author.values())), year, text, version, address, lang)
            for lang, text in title.items() if lang in KIND}
