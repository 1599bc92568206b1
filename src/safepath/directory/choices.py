"""Code lists of the service directory: the languages a provider works in, and which kind of
organisation a SafePath agency is.

Language codes are ISO 639 (two letters where ISO 639-1 has one, otherwise ISO 639-3), the same
codes a person's record uses (`people.models.LANGUAGE_CHOICES` is a subset), so a search can match
the languages a person speaks against the languages a service is offered in. Minority languages of
Viet Nam come first after Vietnamese, because they decide whether a returnee from a mountain
commune can be served at all; the Vietnamese name of each is in the comment beside it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from safepath.core.roles import AgencyType
from safepath.directory.models import ProviderKind


class Language(models.TextChoices):
    VIETNAMESE = "vi", _("Vietnamese")  # Tiếng Việt
    # --- minority languages of Viet Nam ---------------------------------------------------------
    HMONG = "hmn", _("Hmong")  # Tiếng H'Mông (Mông)
    DAO = "ium", _("Dao (Iu Mien)")  # Tiếng Dao
    TAY = "tyz", _("Tày")  # Tiếng Tày
    THAI_BLACK = "blt", _("Tai Dam (Black Tai)")  # Tiếng Thái (Thái Đen)
    THAI_WHITE = "twh", _("Tai Don (White Tai)")  # Tiếng Thái (Thái Trắng)
    NUNG = "nut", _("Nùng")  # Tiếng Nùng
    MUONG = "mtq", _("Mường")  # Tiếng Mường
    KHMU = "kjg", _("Khmu")  # Tiếng Khơ Mú
    KHMER = "km", _("Khmer")  # Tiếng Khmer (Khơ-me)
    EDE = "rad", _("Ede (Rade)")  # Tiếng Ê Đê
    JARAI = "jra", _("Jarai")  # Tiếng Gia Rai
    BAHNAR = "bdq", _("Bahnar")  # Tiếng Ba Na
    SEDANG = "sed", _("Sedang")  # Tiếng Xơ Đăng
    KOHO = "kpm", _("Koho")  # Tiếng Cơ Ho (K'Ho)
    MNONG = "cmo", _("Mnong")  # Tiếng M'Nông
    HRE = "hre", _("Hre")  # Tiếng H'rê
    CHAM = "cjm", _("Cham")  # Tiếng Chăm
    SIGN = "sgn", _("Vietnamese Sign Language")  # Ngôn ngữ ký hiệu
    # --- languages of destination and neighbouring countries -----------------------------------
    ENGLISH = "en", _("English")  # Tiếng Anh
    CHINESE = "zh", _("Chinese")  # Tiếng Trung (Quan thoại)
    CANTONESE = "yue", _("Cantonese")  # Tiếng Quảng Đông
    KOREAN = "ko", _("Korean")  # Tiếng Hàn
    JAPANESE = "ja", _("Japanese")  # Tiếng Nhật
    LAO = "lo", _("Lao")  # Tiếng Lào
    THAI = "th", _("Thai")  # Tiếng Thái Lan
    MALAY = "ms", _("Malay")  # Tiếng Mã Lai
    ARABIC = "ar", _("Arabic")  # Tiếng Ả Rập
    OTHER = "other", _("Other")  # Khác


MINORITY_LANGUAGES = frozenset(
    {
        "hmn",
        "ium",
        "tyz",
        "blt",
        "twh",
        "nut",
        "mtq",
        "kjg",
        "km",
        "rad",
        "jra",
        "bdq",
        "sed",
        "kpm",
        "cmo",
        "hre",
        "cjm",
    }
)

# The kind of directory entry a SafePath agency gets (provider_for_agency).
KIND_OF_AGENCY: dict[str, str] = {
    AgencyType.MRC: ProviderKind.GOVERNMENT,
    AgencyType.OSSO: ProviderKind.GOVERNMENT,
    AgencyType.SHELTER: ProviderKind.SHELTER,
    AgencyType.SOCIAL_SERVICE: ProviderKind.GOVERNMENT,
    AgencyType.POLICE: ProviderKind.GOVERNMENT,
    AgencyType.WOMENS_UNION: ProviderKind.MASS_ORGANISATION,
    AgencyType.NGO: ProviderKind.NGO,
    AgencyType.INTERNATIONAL: ProviderKind.INTERNATIONAL,
    AgencyType.MINISTRY: ProviderKind.GOVERNMENT,
}
