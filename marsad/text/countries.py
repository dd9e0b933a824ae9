"""Arabic names of the countries Marsad's news is about, with their ISO codes.

Used where a place name must be known as a whole country: an event's place is the
finest one named, so a country comes last; `marsad events --place سوريا` means every
event in Syria. Names are matched folded and without the article (سورية = سوريا).
"""

from __future__ import annotations

from marsad.text.normalize import fold

_NAMES = {
    "SY": "سوريا سورية",
    "IQ": "العراق",
    "LB": "لبنان",
    "YE": "اليمن",
    "LY": "ليبيا",
    "EG": "مصر",
    "JO": "الأردن",
    "PS": "فلسطين",
    "IL": "إسرائيل",
    "TR": "تركيا",
    "IR": "إيران",
    "SD": "السودان",
    "SS": "جنوب_السودان",
    "SO": "الصومال",
    "SA": "السعودية المملكة_العربية_السعودية",
    "TN": "تونس",
    "DZ": "الجزائر",
    "MA": "المغرب",
    "AF": "أفغانستان",
    "RU": "روسيا",
    "KW": "الكويت",
    "BH": "البحرين",
    "QA": "قطر",
    "OM": "عمان سلطنة_عمان",
    "AE": "الإمارات",
    "MR": "موريتانيا",
    "US": "الولايات_المتحدة أمريكا",
}


def name_key(name: str) -> str:
    """A name folded, each word without the article ال, for matching."""
    words = fold(name).split()
    return " ".join(word[2:] if word.startswith("ال") and len(word) > 3 else word for word in words)


COUNTRY_CODES: dict[str, str] = {
    name_key(name.replace("_", " ")): code
    for code, names in _NAMES.items()
    for name in names.split()
}


def country_code(name: str) -> str | None:
    """The ISO code of the country `name` names, or None."""
    return COUNTRY_CODES.get(name_key(name))


def is_country_name(name: str) -> bool:
    """Whether `name` is a whole country's name."""
    return name_key(name) in COUNTRY_CODES
