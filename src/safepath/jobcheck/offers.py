"""The job-offer check: red flags in a job offer pasted from Facebook, Zalo or Telegram.

`check_offer(text, answers)` reads the message the way the rules in `data/red_flags.yaml` say
(see rules.py and the comments at the top of that file), adds what the optional answers tell, looks
up the companies it names in the licence list (recruiters app) and the phone numbers and accounts
in the contacts recorded by centres (cases app), and returns an OfferReport: each flag with its
title, a plain explanation, what to do, the words that triggered it and its weight; a transparent
score and level; the companies and their licence status; whether a contact has been reported.

Nothing is stored and nothing is logged: the check keeps no copy of the text, the answers, the
contacts or the result. The contact look-up answers one yes/no per contact and never anything about
a case (see `_contacts_reported`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from safepath.core import validate as v
from safepath.core.normalize import InvalidPhoneNumber, fold, normalize_phone
from safepath.jobcheck import fees
from safepath.jobcheck.rules import ANSWER_VALUES, COMPUTED, CompiledRules, CompiledSignal, rules

if TYPE_CHECKING:
    from safepath.recruiters.selectors import EnterpriseMatch

log = logging.getLogger(__name__)

MAX_TEXT = 10_000
MAX_CONTACTS = 20
MAX_COMPANIES = 5
LICENCE_MATCH_SCORE = 0.8  # an enterprise found for a name in the text at least this sure is that company
LEVEL_NONE, LEVEL_CAUTION, LEVEL_HIGH = "none", "caution", "high"

# --- the words people see ------------------------------------------------------------------------
# Titles, explanations and what to do for each flag code of the rules file (checked at start-up).
FLAG_TEXTS: dict[str, tuple[Any, Any, Any]] = {
    "UNLICENSED_RECRUITER": (
        gettext_lazy("The recruiter may not be licensed"),
        gettext_lazy(
            "Only enterprises licensed by the Ministry may send workers abroad. Here the company is not on the "
            "licence list, or no company is named at all while money is asked for, or the offer comes from a "
            "private broker. If something goes wrong, nobody is answerable for the worker and the money is "
            "rarely paid back."
        ),
        gettext_lazy(
            "Ask for the full company name and its licence number, and check them with the licence check on "
            "this site. Pay only a licensed enterprise, under a contract and against a receipt, never a "
            "private person."
        ),
    ),
    "TOO_GOOD_TO_BE_TRUE_PAY": (
        gettext_lazy("The pay or the conditions are too good to be true"),
        gettext_lazy(
            'Easy work with high pay, high pay with no experience or language needed, a visa "guaranteed", '
            "departure within days: these are the promises traffickers use most. Real jobs abroad pay "
            "according to the work, and real programmes take months of training and paperwork."
        ),
        gettext_lazy(
            "Compare the pay with what people you know earn in that country and that job. Ask for the contract "
            'with the salary written in it. Be very careful with "no experience, no language needed" offers '
            "abroad."
        ),
    ),
    "NO_FEE_OR_PREPAID_TRAVEL": (
        gettext_lazy("Free travel, or costs taken from future wages"),
        gettext_lazy(
            'When a recruiter pays the air ticket and everything "for free", or lends the money to be taken '
            "from the wages later, the worker arrives owing a debt. Traffickers use that debt to keep people "
            "working, to sell them on, or to demand tens of millions of dong from the family as "
            '"compensation".'
        ),
        gettext_lazy(
            "Ask who pays each cost and how it is paid back, and have it written in the contract. Be wary of "
            "anyone who offers to pay for everything. Never sign a loan paper you do not understand."
        ),
    ),
    "EXCESSIVE_UPFRONT_FEE": (
        gettext_lazy("Money asked before there is a contract, or above the legal cap"),
        gettext_lazy(
            'A deposit ("cọc") to "hold a place", money before there is a contract or a visa, or a fee far '
            "above the legal cap are common in fraud: people pay and the recruiter disappears, or the debt is "
            "used to control them. By law a licensed enterprise collects the service fee only under a signed "
            "contract and within a cap."
        ),
        gettext_lazy(
            "Do not pay a deposit or any money before you have a signed contract with a licensed enterprise. "
            "Check the amount with the fee check on this site. Keep every receipt."
        ),
    ),
    "TOURIST_VISA_OR_IRREGULAR_CROSSING": (
        gettext_lazy("Travel on a tourist visa, or crossing the border irregularly"),
        gettext_lazy(
            'Going on a tourist visa "and changing it over there", or crossing at night, by boat or along '
            "forest paths, means working illegally. A person without legal papers is easy to control: they "
            "dare not go to the police and can be threatened with arrest."
        ),
        gettext_lazy(
            "Go to work abroad only with a work visa, through a licensed enterprise or a government "
            "programme. Refuse any plan to travel as a tourist or to cross the border outside an official "
            "border gate."
        ),
    ),
    "DESTINATION_SCAM_HUB": (
        gettext_lazy("A destination known for scam compounds"),
        gettext_lazy(
            "Offers of online sales, customer care, typing or casino work in Cambodia (Sihanoukville, Poipet, "
            "Bavet), Myanmar (Myawaddy, Shwe Kokko) or the Golden Triangle in Laos are the usual lure into "
            "scam compounds. People there are locked in, forced to cheat others online and beaten, and their "
            "families are asked to pay for their release."
        ),
        gettext_lazy(
            "Do not go. If your child or relative is already there or has stopped answering, contact a "
            "migrant resource centre, the police or the Vietnamese embassy at once, and keep the messages and "
            "the phone numbers."
        ),
    ),
    "PASSPORT_RETENTION": (
        gettext_lazy("Someone will keep the passport or ID papers"),
        gettext_lazy(
            "An employer or recruiter keeping the passport or the original ID papers is a strong sign of "
            "forced labour: without them the worker cannot leave, change jobs or come home. It is not allowed."
        ),
        gettext_lazy(
            "Never hand your passport or original papers to a recruiter or an employer; give only copies. "
            "Keep a photo of the passport on your phone and leave a copy with your family."
        ),
    ),
    "VAGUE_EMPLOYER_OR_CONTRACT": (
        gettext_lazy("The employer, the job or the contract is unclear"),
        gettext_lazy(
            'No written contract, a contract "to be signed over there" or only in a foreign language, a '
            'company name "given later", "many jobs to choose from": you cannot know where you will work, '
            'for whom, or doing what. Jobs abroad for young women that ask for good looks, or "hostess", '
            "karaoke or massage work, often hide sexual exploitation."
        ),
        gettext_lazy(
            "Before leaving, ask for the employer's name and address and the written contract in Vietnamese. "
            "Do not go if you do not know exactly who you will work for, where, and doing what."
        ),
    ),
    "SECRECY": (
        gettext_lazy("Secrecy, or contact only through private apps"),
        gettext_lazy(
            "Being told not to tell the family or the authorities, to delete the messages, or to talk only "
            "through Telegram or private messages keeps a person alone and leaves no trace. A real employer "
            "has nothing to hide."
        ),
        gettext_lazy(
            "Tell your family and someone you trust about the offer, and keep the messages. Be wary of "
            "anyone who will only talk through Telegram or private chat."
        ),
    ),
    "THIRD_PARTY_ARRANGES_DOCS": (
        gettext_lazy("Someone else arranges the papers or takes you across"),
        gettext_lazy(
            'When a broker "takes care of everything" (passport, visa, papers), promises papers without any '
            "procedure, or has someone meet you at the border, you do not know what your papers say and you "
            "depend on that person."
        ),
        gettext_lazy(
            "Apply for your own passport at the police office. Read every paper before signing and keep "
            "copies. Do not follow anyone who offers to meet you at the border."
        ),
    ),
    "RANSOM_DEMAND": (
        gettext_lazy("A demand to pay for someone's release, or people held or beaten"),
        gettext_lazy(
            'Demands for "compensation for breaking the contract" or for money to release someone, fines '
            "for missing targets, people not allowed to leave or beaten: these are signs that a person is "
            "being trafficked now."
        ),
        gettext_lazy(
            "Contact a migrant resource centre, the police or the Vietnamese embassy now, and keep every "
            "message, phone number and bank account. Paying does not always bring the person back: ask for "
            "help before you pay."
        ),
    ),
    "CONTACT_REPORTED": (
        gettext_lazy("This phone number or account has been reported to a centre"),
        gettext_lazy(
            "A phone number or account in this message was recorded by a support centre as one a recruiter "
            "used in a case the centre handled."
        ),
        gettext_lazy(
            "Stop dealing with this person and do not pay anything. Contact a migrant resource centre for advice."
        ),
    ),
}
LEVEL_LABELS = {
    LEVEL_NONE: pgettext_lazy("job offer check level", "No warning signs found"),
    LEVEL_CAUTION: pgettext_lazy("job offer check level", "Caution"),
    LEVEL_HIGH: pgettext_lazy("job offer check level", "High risk"),
}
LEVEL_SUMMARIES = {
    LEVEL_NONE: gettext_lazy(
        "SafePath found none of the warning signs it knows in this message. That does not prove the offer is "
        "safe: check the company's licence, get a written contract, and never hand over your passport."
    ),
    LEVEL_CAUTION: gettext_lazy(
        "Some warning signs were found. Do not pay anything or travel until you have checked them: ask for "
        "the company name, its licence and a written contract, and talk to a migrant resource centre."
    ),
    LEVEL_HIGH: gettext_lazy(
        "Serious warning signs were found. Offers like this are often used to traffic people into forced "
        "labour or scam compounds. Do not pay, do not travel, and talk to a migrant resource centre or the "
        "police."
    ),
}
LICENCE_STATUS_LABELS = {
    "active": gettext_lazy("Licensed"),
    "suspended": gettext_lazy("Licence suspended"),
    "revoked": gettext_lazy("Licence revoked"),
    "not_found": gettext_lazy("Not on the licence list"),
    "unknown": gettext_lazy("Not checked: the licence list is not available"),
}
# The optional questions, for the page that asks them.
QUESTION_LABELS = {
    "destination": gettext_lazy("Which country is the job in?"),
    "visa_type": gettext_lazy("What visa were you told you would travel on?"),
    "travel_paid_by": gettext_lazy("Who pays the travel?"),
    "passport_kept": gettext_lazy("Will someone keep your passport?"),
    "written_contract": gettext_lazy("Is there a written contract?"),
    "fee_asked": gettext_lazy("How much were you asked to pay?"),
    "salary": gettext_lazy("What monthly salary was promised?"),
}
ANSWER_LABELS = {
    "work": gettext_lazy("A work visa"),
    "tourist": gettext_lazy("A tourist visa"),
    "visit": gettext_lazy("A visit visa (visiting relatives, business)"),
    "student": gettext_lazy("A student visa"),
    "none": gettext_lazy("No visa"),
    "unknown": gettext_lazy("I do not know"),
    "self": gettext_lazy("I pay it myself"),
    "recruiter": gettext_lazy("The recruiter"),
    "employer": gettext_lazy("The employer, in advance"),
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
}


# --- the report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagFound:
    code: str
    title: str
    explanation: str
    what_to_do: str
    excerpt: str  # the words of the message that triggered it ("" when it comes from an answer)
    weight: int
    excerpts: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # what a computed or answer signal found
    signals: list[str] = field(default_factory=list)
    ilo_dimension: int | None = None
    ilo_indicator: str = ""
    ilo_grade: str = ""
    htcds: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""
    source_status: str = ""
    source_date: dt.date | None = None


@dataclass(frozen=True)
class CompanyNamed:
    name: str  # as written in the message, or the enterprise's name when the licence list found it
    status: str  # active | suspended | revoked | not_found | unknown
    status_label: str
    licensed: bool | None  # None when the list could not be checked
    matched_name: str = ""
    licence_number: str = ""
    licence_date: dt.date | None = None
    score: float | None = None


@dataclass(frozen=True)
class ContactFound:
    kind: str  # phone | zalo | telegram | facebook
    value: str  # as written in the message
    reported: bool


@dataclass(frozen=True)
class OfferReport:
    flags: list[FlagFound]
    score: int
    level: str  # none | caution | high
    level_label: str
    summary: str
    score_explanation: str
    high_from: int
    companies: list[CompanyNamed]
    licence_checked: bool
    licence_data_date: dt.date | None
    contacts: list[ContactFound]
    contacts_reported: bool
    contacts_checked: bool
    licence_numbers: list[str]
    pay_vnd: Decimal | None  # the highest monthly pay promised in the message, in VND (approximate)
    fee_vnd: Decimal | None  # the highest fee asked in the message, in VND (approximate)
    rules_version: str
    rules_date: dt.date

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.flags]


# --- reading the text ----------------------------------------------------------------------------


class _FoldTable(dict[int, str]):
    """str.translate table: one character in, one out, so positions in the folded text are the raw ones."""

    def __init__(self, *, keep_accents: bool) -> None:
        super().__init__()
        self.keep_accents = keep_accents

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isspace() and ch != "\n":
            out = " "
        elif ch in "\u200b\u200c\u200d\u2060\ufeff":
            out = " "
        elif ch in "\u2018\u2019\u02bc":
            out = "'"
        elif ch in "\u2013\u2014\u2212":
            out = "-"
        elif self.keep_accents:
            out = ch
        else:
            out = fold(ch)
            if len(out) != 1:  # "\n" (folded away), "ß" (two letters)
                low = ch.lower()
                out = low if len(low) == 1 else ch
        self[code] = out
        return out


_FOLD = _FoldTable(keep_accents=False)
_RAW = _FoldTable(keep_accents=True)
# A negation shortly before a match, in the same clause ("không giữ hộ chiếu", "người lao động tự giữ
# hộ chiếu"; not "ko cần kn, bao vé máy bay"). Words
# whose folded form is ambiguous (đừng/dùng, cấm/cảm, hãy/hay, nhớ/nhỏ, tránh/tranh) are read raw.
_NEGATION = re.compile(
    r"(?:\b(?:khong|ko|k|kg|khg|chua|nghiem cam|never|not|no|don'?t|tuyet doi khong)\b[^.\n,;:!?]{0,14}$)|(?:\btu +$)"
)
# "We will never ask you to travel abroad / pay a deposit": what an honest employer says it does not do.
_NEVER_ASK = re.compile(
    r"\b(?:never|will not|won'?t|do not|don'?t|khong bao gio|se khong|khong he)\b (?:\w+ )?"
    r"(?:ask|require|request|make|yeu cau|bat|doi hoi|thu)\b(?: (?:you|anyone|candidates|ban|nguoi lao dong|ai))?"
    r"(?: (?:to|phai))?(?: \w+)? ?$"
)
# A phrase in quotes after a warning word ("đừng tin lời hứa “bao đậu”", "beware of 'no fee' offers").
_QUOTED_WARNING = re.compile(
    r"\b(?:loi hua|loi moi chao|loi quang cao|chieu tro|thu doan|canh giac|canh bao|khuyen cao|de phong|"
    r"khong tin|dung tin|beware|warning|scam|promises? (?:of|like))\b[^.\n!?]{0,40}[\"“”'‘’«]\s*$"
)
_QUESTION = re.compile(r"\b(?:co phai|co can|co mat|co bi|phai|can|do i|do we|should i|is there|is it)\b")
_QUESTION_END = re.compile(r"\b(?:khong|ko|k|hong|chua|a|vay)\s*(?:a|ah|vay)?\s*$")
_NEGATION_RAW = re.compile(r"\b(?:đừng|cấm|hãy|nhớ|tránh)\b[^.\n,;:!?]{0,14}$", re.IGNORECASE)


@dataclass
class _Text:
    nfc: str
    folded: str  # lower case, no diacritics
    raw: str  # diacritics and case kept (raw patterns match it case-insensitively)

    @classmethod
    def of(cls, text: str) -> _Text:
        nfc = unicodedata.normalize("NFC", text)
        return cls(nfc=nfc, folded=nfc.translate(_FOLD), raw=nfc.translate(_RAW))

    def excerpt(self, start: int, end: int, *, around: int = 35) -> str:
        end = min(end, start + 120)  # a long match is cut: the excerpt shows where, not all of it
        line_start = self.nfc.rfind("\n", 0, start) + 1
        line_end = self.nfc.find("\n", end)
        line_end = len(self.nfc) if line_end < 0 else line_end
        a = max(line_start, start - around)
        b = min(line_end, end + around)
        if a > line_start:
            space = self.nfc.find(" ", a, start)
            a = space + 1 if space >= 0 else a
        if b < line_end:
            space = self.nfc.rfind(" ", end, b)
            b = space if space >= 0 else b
        text = self.nfc[a:b].strip()
        return ("…" if a > line_start else "") + text + ("…" if b < line_end else "")

    def negated(self, start: int) -> bool:
        a = max(0, start - 24)
        return bool(
            _NEGATION.search(self.folded[a:start])
            or _NEGATION_RAW.search(self.raw[a:start])
            or _NEVER_ASK.search(self.folded[max(0, start - 40) : start])
        )

    def asked(self, start: int) -> bool:
        """The words are in a question ("có phải cọc không ạ?"): someone asking, not a claim."""
        a = max(self.folded.rfind(c, 0, start) for c in ".\n!?") + 1
        b = min((i for i in (self.folded.find(c, start) for c in ".\n!?") if i >= 0), default=len(self.folded))
        return (
            b < len(self.folded)
            and self.folded[b] == "?"
            and bool(_QUESTION.search(self.folded[a:start]) or _QUESTION_END.search(self.folded[start:b]))
        )

    def quoted_warning(self, start: int) -> bool:
        """The words are quoted in a warning about such promises ("do not believe 'bao đậu'"): not a claim."""
        return bool(_QUOTED_WARNING.search(self.folded[max(0, start - 60) : start]))


# --- amounts -------------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = re.compile(
    r"(?<![\w.,])(?P<pre>(?:us\$|usd|nt\$|ntd|twd|rm|myr|eur|jpy|krw|sgd|sar|aed|qar|thb|gbp|\$|€|¥|£) ?)?"
    rf"(?P<a>{_NUM})(?P<ak>k\d?)?"
    rf"(?: ?(?:-|~|->|den|toi|to) ?(?:us\$|usd|\$)?(?P<b>{_NUM})(?P<bk>k\d?)?)?"
    r" ?(?P<unit>trieu|tr|cu|ty|ti|nghin|ngan|k|man|van|million|mil|billion)?"
    r" ?(?P<cur>usd|us\$|\$|dollars?|do la|dola|do|yen|jpy|¥|won|krw|dai te|te|ntd|nt\$|twd|rm|ringgit|myr|euro|eur|€|"
    r"vnd|dong|d|sgd|aed|sar|qar|riyals?|baht|bath|bang anh|bang|gbp|pounds?|£)?(?![\w$€£])"
)
_MULTIPLIERS = {"k": 1000, "nghin": 1000, "ngan": 1000, "tr": 10**6, "trieu": 10**6, "cu": 10**6, "ty": 10**9}
_MULTIPLIERS.update({"ti": 10**9, "man": 10**4, "van": 10**4, "million": 10**6, "mil": 10**6, "billion": 10**9})
_CURRENCIES = {
    "usd": "USD", "us$": "USD", "$": "USD", "dollar": "USD", "dollars": "USD", "do la": "USD", "dola": "USD",
    "do": "USD", "yen": "JPY", "jpy": "JPY", "¥": "JPY", "won": "KRW", "krw": "KRW", "dai te": "TWD",
    "te": "TWD", "ntd": "TWD", "nt$": "TWD", "twd": "TWD", "rm": "MYR", "ringgit": "MYR", "myr": "MYR",
    "euro": "EUR", "eur": "EUR", "€": "EUR", "vnd": "VND", "dong": "VND", "d": "VND", "sgd": "SGD",
    "aed": "AED", "sar": "SAR", "riyal": "SAR", "riyals": "SAR", "qar": "QAR", "baht": "THB", "bath": "THB",
    "thb": "THB", "bang": "GBP", "bang anh": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "£": "GBP",
}  # fmt: skip
_SALARY_CUE = re.compile(
    r"\b(?:luong|lg|thu nhap|tn|income|salary|wages?|earn|kiem|nhan ve|thuc linh|thuc nhan|hoa hong|thuong|"
    r"tang ca|lam them)\b"
)
_FEE_CUE = re.compile(
    r"\b(?:phi|chi phi|coc|dong|nop|mat|tron goi|fees?|deposit|cost|ky quy|chuyen khoan|ck|het|tra truoc|giu cho|"
    r"tong cong|tong)\b"
)
_PERIOD = re.compile(
    r"^ ?(?:/|mot|1|moi|per|a|each)? ?(?P<p>thang|th|month|mo|ngay|day|gio|h|hour|tieng|nam|year|tuan|week)\b"
)
_PERIOD_FACTORS = {
    "thang": Decimal(1), "th": Decimal(1), "month": Decimal(1), "mo": Decimal(1),
    "ngay": Decimal(26), "day": Decimal(26), "gio": Decimal(176), "h": Decimal(176), "hour": Decimal(176),
    "tieng": Decimal(176), "nam": Decimal(1) / Decimal(12), "year": Decimal(1) / Decimal(12),
    "tuan": Decimal("4.33"), "week": Decimal("4.33"),
}  # fmt: skip


@dataclass(frozen=True)
class _Amount:
    role: str  # salary | fee
    vnd: Decimal  # the top of a range, per month for a salary
    start: int
    end: int


def _number(text: str, k: str | None) -> Decimal | None:
    value = fees.parse_amount(text)
    if value is None:
        return None
    if k:  # 2k = 2,000; 1k5 = 1,500
        value = value * 1000 + (Decimal(k[1:]) * 100 if len(k) > 1 else 0)
    return value


def _amounts(t: _Text) -> list[_Amount]:
    rates = fees.fee_data().reference_rates.vnd_per_unit
    found: list[_Amount] = []
    for m in _AMOUNT.finditer(t.folded):
        a = _number(m["a"], m["ak"])
        b = _number(m["b"], m["bk"]) if m["b"] else None
        if a is None:
            continue
        unit, cur = m["unit"], (m["pre"] or "").strip() or m["cur"]
        if m["a"].startswith("0") and len(m["a"]) >= 9:
            continue  # a phone number
        if unit:  # "20-30tr": the unit counts for both ends; "500k-2tr": only for the end without its own
            a = a if m["ak"] else a * _MULTIPLIERS[unit]
            b = b if b is None or m["bk"] else b * _MULTIPLIERS[unit]
        top = max(a, b) if b is not None else a
        currency = _CURRENCIES.get(cur or "", "")
        if not currency:
            if unit in ("man", "van"):
                currency = "JPY"
            elif (m["ak"] or m["bk"]) and not unit:
                currency = "VND"
            elif unit or top >= 100_000:
                currency = "VND"
            else:
                continue  # a bare small number: an age, a count, a percentage
        if currency == "VND" and top < 100_000 and not unit:
            continue
        vnd = top * rates.get(currency, Decimal(0))
        if not vnd:
            continue
        before = t.folded[max(0, m.start() - 40) : m.start()]
        salary_cues = [c.end() for c in _SALARY_CUE.finditer(before)]
        fee_cues = [c.end() for c in _FEE_CUE.finditer(before)]
        period = _PERIOD.match(t.folded[m.end() : m.end() + 14])
        if salary_cues and (not fee_cues or salary_cues[-1] > fee_cues[-1]):
            role = "salary"
        elif fee_cues:
            role = "fee"
        elif period:
            role = "salary"
        else:
            continue
        if role == "salary" and period:
            vnd *= _PERIOD_FACTORS[period["p"]]
        found.append(_Amount(role=role, vnd=vnd, start=m.start(), end=m.end()))
    return found


# --- companies, licences, contacts ---------------------------------------------------------------

_COMPANY_WORD = re.compile(r"\b(?:cong ty|cty|c\.ty|tap doan)\b")
_LEGAL_FORMS = frozenset(
    "co phan cp tnhh mtv mot thanh vien trach nhiem huu han hop danh dau tu thuong mai dich vu xuat khau lao dong "
    "xkld phat trien nhan luc cung ung va & quoc te xnk".split()
)
_NOT_NAMES = frozenset(
    "nhat ban han quoc dai loan campuchia lao thai lan malaysia trung quoc chau au duc my uc nga myanmar ben "
    "lon uy tin nuoc ngoai cua nha nuoc tu nhan".split()
)
_NAME_STOP = frozenset("tuyen can chuyen dang tai thong bao co la".split())
_EN_COMPANY = re.compile(
    r"\b((?:[A-Z][\w&\-]*\s){1,5})(?:Co\.?,?\s?Ltd\.?|JSC|Company Limited|Corp(?:oration)?\.?|Joint Stock Company)"
)
_LICENCE_NO = re.compile(
    r"\b(?:giay phep|gp|license|licence)(?: [a-z]+){0,3} ?(?:so|no\.?|number)? ?:? ?(\d{1,4} ?/ ?[a-z0-9\-]{2,}(?:/[a-z0-9\-]+)?)"
)
_STOP = re.compile(r"[,.;:!?()\[\]\n|/\"“”]| - ")


def _companies_in(t: _Text) -> list[str]:
    """Company names written in the message: 'Công ty CP ABC' needs a capitalised name after the legal form."""
    names: list[str] = []
    for m in _COMPANY_WORD.finditer(t.folded):
        rest = t.nfc[m.end() : m.end() + 90]
        stop = _STOP.search(rest)
        rest = rest[: stop.start()] if stop else rest
        words = rest.split()[:9]
        kept: list[str] = []
        pending: list[str] = []  # lower-case words kept only when a capitalised one follows ("Cao su Mẫu")
        named = False
        for w in words:
            f = fold(w)
            if f in _NAME_STOP:
                break
            if f in _LEGAL_FORMS:
                kept += [*pending, w]
                pending = []
            elif w[:1].isupper() or w[:1].isdigit():
                kept += [*pending, w]
                pending = []
                named = named or f not in _NOT_NAMES
            elif kept and len(pending) < 2:
                pending.append(w)
            else:
                break
        while kept and fold(kept[-1]) in _LEGAL_FORMS:
            kept.pop()
        if named and kept:
            names.append(f"{t.nfc[m.start() : m.end()]} {' '.join(kept)}")
    names += [m.group(0).strip() for m in _EN_COMPANY.finditer(t.nfc)]
    unique: list[str] = []
    for n in names:
        if fold(n) not in {fold(u) for u in unique}:
            unique.append(n)
    return unique[:MAX_COMPANIES]


def _names_a_company(text: str) -> bool:
    """Whether words a look-up could not find are a company's name (or a licence number) at all."""
    t = _Text.of(text)
    return bool(_companies_in(t) or _LICENCE_NO.search(t.folded) or re.fullmatch(r"\d{1,4} ?/ ?\S+", text.strip()))


@dataclass
class _Licences:
    checked: bool = False
    data_date: dt.date | None = None
    companies: list[CompanyNamed] = field(default_factory=list)


def _licence_status(names: list[str], text: str) -> _Licences:
    """Look the companies named in the message up in the licence list in force (recruiters app).

    The recruiters app finds the companies a message names (`enterprise_mentions`: on the list or
    not) and matches a name (`enterprise_check`); the names found here are checked too, in case it
    missed one. Any failure there leaves the licence status unknown and never breaks this check.
    """
    from safepath.recruiters import selectors as recruiters

    result = _Licences()
    try:
        batch = recruiters.current_list()
        if batch is None:  # no list imported: the status of every company stays unknown
            result.companies = [_company(n, None, False) for n in names]
            return result
        result.data_date = batch.data_date
        covered: list[str] = []
        for mention in recruiters.enterprise_mentions(text, batch=batch):
            if len(result.companies) >= MAX_COMPANIES:
                break
            if mention.match is None and not _names_a_company(mention.text):
                continue  # "công ty để được tư vấn" is not a company's name: say nothing about it
            name = mention.match.name if mention.match is not None else mention.text
            if any(fold(name) == fold(c.matched_name or c.name) for c in result.companies):
                continue
            result.companies.append(_company(mention.text, mention.match, True))
            covered.append(fold(mention.text))
        for name in names:
            f = fold(name)
            if any(f in c or c in f for c in covered) or len(result.companies) >= MAX_COMPANIES:
                continue
            check = recruiters.enterprise_check(name, limit=3, batch=batch)
            best = next((m for m in check.matches if m.score >= LICENCE_MATCH_SCORE), None)
            result.companies.append(_company(name, best, True))
        result.checked = True
    except Exception:  # the licence list is another app's; a failure there must not break this check
        log.warning("jobcheck: licence look-up failed", exc_info=True)
        result.companies = [_company(n, None, False) for n in names]
        result.checked = False
    return result


def _company(name: str, match: EnterpriseMatch | None, list_loaded: bool) -> CompanyNamed:
    if match is None:
        status = "not_found" if list_loaded else "unknown"
        return CompanyNamed(
            name=name,
            status=status,
            status_label=str(LICENCE_STATUS_LABELS[status]),
            licensed=False if list_loaded else None,
        )
    return CompanyNamed(
        name=name,
        status=match.status,
        status_label=match.status_label,
        licensed=match.is_active,
        matched_name=match.name,
        licence_number=match.licence_number,
        licence_date=match.licence_date,
        score=match.score,
    )


_VN_PHONE = re.compile(r"(?<![\d+])(?:\+ ?84|0084|84|0)(?:[ .\-]?\d){8,10}(?!\d)")
_INTL_PHONE = re.compile(r"(?<![\d+])(?:\+|00)(?!84)\d{1,3}(?:[ .\-]?\d){6,12}(?!\d)")
_TELEGRAM = re.compile(r"(?:\bt\.me/|(?<![\w.@])@)([A-Za-z][A-Za-z0-9_]{3,31})\b")
_FACEBOOK = re.compile(r"(?:https?://)?(?:www\.|m\.|web\.)?(?:facebook|fb)\.com/[^\s,;)\]}>\"']+", re.IGNORECASE)
_ZALO = re.compile(r"(?:https?://)?zalo\.me/[^\s,;)\]}>\"']+", re.IGNORECASE)


@dataclass
class _Contact:
    kind: str
    value: str
    keys: set[str]


def _contacts_in(t: _Text) -> list[_Contact]:
    from safepath.cases.services import recruiter_contact_key

    out: list[_Contact] = []
    seen: set[str] = set()
    for pattern in (_VN_PHONE, _INTL_PHONE):
        for m in pattern.finditer(t.nfc):
            written = m.group(0).strip()
            try:
                e164 = normalize_phone(written)
            except InvalidPhoneNumber:
                continue
            if e164 in seen:
                continue
            seen.add(e164)
            digits = re.sub(r"\D", "", written)
            national = "0" + e164[3:] if e164.startswith("+84") else digits
            keys = {recruiter_contact_key("phone", e164)}
            keys |= {recruiter_contact_key("zalo", x) for x in {written, digits, national, e164}}
            before = t.folded[max(0, m.start() - 12) : m.start()]
            out.append(_Contact("zalo" if "zalo" in before else "phone", written, keys))
    for m in _ZALO.finditer(t.nfc):
        key = recruiter_contact_key("zalo", m.group(0))
        if key and key not in seen:
            seen.add(key)
            out.append(_Contact("zalo", m.group(0), {key}))
    for m in _FACEBOOK.finditer(t.nfc):
        key = recruiter_contact_key("facebook", m.group(0))
        if key and key not in seen:
            seen.add(key)
            out.append(_Contact("facebook", m.group(0), {key}))
    for m in _TELEGRAM.finditer(t.nfc):
        key = recruiter_contact_key("telegram", m.group(1))
        if key and key not in seen and not re.fullmatch(r"(gmail|yahoo|hotmail|outlook)", key):
            seen.add(key)
            out.append(_Contact("telegram", m.group(0), {key}))
    return out[:MAX_CONTACTS]


def _contacts_reported(contacts: list[_Contact]) -> tuple[list[ContactFound], bool]:
    """One yes/no per contact: has a centre recorded it as a recruiter's contact in a case?

    Only the blind index (an HMAC of the normalised value, purpose "recruiter.contact") is compared,
    with one query that selects nothing but the index values that matched: no case, no person, no
    count, no date leaves the database. Nothing personal is read or returned, so the look-up writes
    no access-log entry; it also keeps no record of what was looked up (the public must be able to
    check an offer without leaving a trace).
    Returns (contacts with their answer, whether the look-up could be made).
    """
    if not contacts:
        return [], True
    from django.db import DatabaseError

    from safepath.cases.models import RecruiterContact
    from safepath.cases.services import RECRUITER_CONTACT_PURPOSE
    from safepath.core.crypto import get_keyring

    ring = get_keyring()
    index = {c.value: {ring.blind_index(k, purpose=RECRUITER_CONTACT_PURPOSE) for k in c.keys} for c in contacts}
    wanted = set().union(*index.values())
    try:
        hits = set(RecruiterContact.objects.filter(value_bidx__in=wanted).values_list("value_bidx", flat=True))
    except DatabaseError:
        log.warning("jobcheck: recruiter-contact look-up failed", exc_info=True)
        return [ContactFound(c.kind, c.value, False) for c in contacts], False
    return [ContactFound(c.kind, c.value, bool(index[c.value] & hits)) for c in contacts], True


# --- answers -------------------------------------------------------------------------------------


def _clean_answers(answers: dict[str, Any] | None) -> dict[str, Any]:
    """Validated answers; empty ones dropped. Keys the check does not know are ignored."""
    if not answers:
        return {}
    e = v.Errors()
    out: dict[str, Any] = {}
    for key, allowed in ANSWER_VALUES.items():
        value = str(answers.get(key) or "").strip()
        if not value:
            continue
        if key == "destination":
            code = value.upper()
            if not fees._iso2(code):
                e.add(key, _("Choose a country from the list."))
            else:
                out[key] = code
        elif allowed is not None and value not in allowed:
            e.add(key, _("Choose one of the listed values."))
        elif value != "unknown":
            out[key] = value
    currencies = fees.fee_data().reference_rates.vnd_per_unit
    for key, cur_key in (("fee_asked", "fee_currency"), ("salary", "salary_currency")):
        raw = answers.get(key)
        if raw in (None, ""):
            continue
        amount = fees.parse_amount(raw)
        currency = str(answers.get(cur_key) or "VND").strip().upper()
        if amount is None or amount < 0 or amount > fees.MAX_AMOUNT:
            e.add(key, _("Enter an amount in figures, for example 25000000."))
        elif currency not in currencies:
            e.add(cur_key, _("Choose one of the listed currencies."))
        elif amount > 0:
            out[key] = amount * currencies[currency]  # in VND
    e.raise_if_any()
    return out


def offer_questions() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The optional questions as (key, label, choices); no choices for the country and the amounts."""
    out: list[tuple[str, str, list[tuple[str, str]]]] = []
    for key, label in QUESTION_LABELS.items():
        allowed = ANSWER_VALUES.get(key)
        choices = [(x, str(ANSWER_LABELS[x])) for x in sorted(allowed, key=_answer_order)] if allowed else []
        out.append((key, str(label), choices))
    return out


def _answer_order(value: str) -> int:
    order = ["work", "tourist", "visit", "student", "none", "self", "recruiter", "employer", "yes", "no", "unknown"]
    return order.index(value) if value in order else len(order)


# --- the check -----------------------------------------------------------------------------------


EXCERPT_APART = 60  # characters: hits closer than this to a shown excerpt are inside it already


@dataclass
class _Hit:
    signal: CompiledSignal
    excerpt: str = ""
    detail: str = ""
    start: int = -1


@dataclass
class _Context:
    t: _Text
    answers: dict[str, Any]
    facts: dict[str, bool]
    amounts: list[_Amount]
    company_names: list[str]
    licence_numbers: list[str]
    licences: _Licences
    contacts: list[ContactFound]
    telegram_only: bool

    @property
    def company_named(self) -> bool:
        return bool(self.facts.get("company_named") or self.company_names or self.licence_numbers)


def _context_holds(t: _Text, fp: re.Pattern[str] | None, rp: re.Pattern[str] | None, negatable: bool) -> bool:
    for pattern, subject in ((fp, t.folded), (rp, t.raw)):
        if pattern is None:
            continue
        for m in pattern.finditer(subject):
            if not (negatable and t.negated(m.start())) and not t.quoted_warning(m.start()):
                return True
    return False


def _facts(t: _Text, compiled: CompiledRules, answers: dict[str, Any]) -> dict[str, bool]:
    defs = compiled.file.contexts
    facts = {name: _context_holds(t, fp, rp, defs[name].negatable) for name, (fp, rp) in compiled.contexts.items()}
    # A foreign country named in a job whose workplace is in Viet Nam (a client in Japan, a job fair
    # where some firms also recruit for Taiwan) does not make it work abroad: only travel words do
    # (visa, xuất cảnh, XKLĐ, đơn hàng ...). See the contexts in red_flags.yaml.
    if facts.get("domestic_workplace") and not facts.get("abroad_travel"):
        facts["abroad"] = facts["high_wage"] = False
    dest = answers.get("destination")
    if dest:
        facts["abroad"] = facts.get("abroad", False) or dest != "VN"
        facts["hub"] = facts.get("hub", False) or dest in compiled.file.scam_hub_countries
        facts["high_wage"] = facts.get("high_wage", False) or dest in compiled.file.high_wage_countries
    return facts


def _match(sig: CompiledSignal, t: _Text) -> _Hit | None:
    for pattern, subject in ((sig.folded, t.folded), (sig.raw, t.raw)):
        if pattern is None:
            continue
        for m in pattern.finditer(subject):
            if (sig.negatable and (t.negated(m.start()) or t.asked(m.start()))) or t.quoted_warning(m.start()):
                continue
            return _Hit(sig, excerpt=t.excerpt(m.start(), m.end()), start=m.start())
    return None


def _any(facts: dict[str, bool], *names: str) -> bool:
    return any(facts.get(n) for n in names)


def _money(vnd: Decimal) -> str:
    return fees.format_money(vnd, "VND")


def _computed(sig: CompiledSignal, c: _Context, compiled: CompiledRules) -> list[_Hit]:
    th = compiled.file.thresholds
    name = sig.computed
    hits: list[_Hit] = []
    date = fees.format_day(c.licences.data_date) if c.licences.data_date else "?"
    if name == "company_not_on_licence_list":
        for co in c.licences.companies:
            if co.status == "not_found":
                detail = _("%(name)s is not on the list of licensed enterprises (list of %(date)s).") % {
                    "name": co.name,
                    "date": date,
                }
                hits.append(_Hit(sig, excerpt=co.name, detail=detail))
    elif name == "licence_revoked_or_suspended":
        for co in c.licences.companies:
            if co.status in ("revoked", "suspended"):
                detail = _("%(name)s: %(status)s (list of %(date)s).") % {
                    "name": co.matched_name or co.name,
                    "status": co.status_label,
                    "date": date,
                }
                hits.append(_Hit(sig, excerpt=co.name, detail=detail))
    elif name == "no_company_but_money":
        asks = c.facts.get("money_asked") or any(a.role == "fee" for a in c.amounts) or "fee_asked" in c.answers
        if asks and not c.company_named and not c.licences.companies:
            hits.append(_Hit(sig, detail=_("The message asks for money but names no company.")))
    elif name == "pay_out_of_line":
        pays = [a for a in c.amounts if a.role == "salary"]
        pay = max((a.vnd for a in pays), default=None)
        if pay is None and "salary" in c.answers:
            pay = c.answers["salary"]
        high = c.facts.get("high_wage") and not c.facts.get("hub")
        if high:
            limit = th.pay_high_wage_vnd
        elif c.facts.get("abroad") or c.facts.get("hub"):
            limit = th.pay_low_wage_vnd
        else:  # a job in Viet Nam: compared with what unskilled work pays at home (red_flags.yaml)
            limit = th.pay_domestic_vnd
        if pay is not None and pay >= limit and _any(c.facts, "low_requirement", "scam_job", "easy_work"):
            where = max(pays, key=lambda a: a.vnd) if pays else None
            hits.append(
                _Hit(
                    sig,
                    excerpt=c.t.excerpt(where.start, where.end) if where else "",
                    detail=_("The pay promised (about %(amount)s a month) is far above what such work pays.")
                    % {"amount": _money(pay)},
                )
            )
    elif name == "fee_far_above_caps":
        pay = max((a.vnd for a in c.amounts if a.role == "salary"), default=None)
        fee_hits = [a for a in c.amounts if a.role == "fee"]
        fee = max(fee_hits, key=lambda a: a.vnd) if fee_hits else None
        if pay and fee and fee.vnd > pay * Decimal(str(th.fee_months_of_pay)):
            hits.append(
                _Hit(
                    sig,
                    excerpt=c.t.excerpt(fee.start, fee.end),
                    detail=_(
                        "The fee in the message (about %(fee)s) is more than %(months)s months of the pay it promises."
                    )
                    % {"fee": _money(fee.vnd), "months": fees.format_months(Decimal(str(th.fee_months_of_pay)))},
                )
            )
    elif name == "answer_fee_above_cap":
        fee, salary = c.answers.get("fee_asked"), c.answers.get("salary")
        if fee and salary:
            dest = c.answers.get("destination")
            rule = fees.fee_rule(dest, "general") if dest and dest != "VN" else None
            cap_months = rule.max_months if rule is not None else Decimal(3)
            if fee > salary * cap_months:
                hits.append(
                    _Hit(
                        sig,
                        detail=_(
                            "The fee you were asked for (%(fee)s) is more than %(months)s months of the salary "
                            "(%(salary)s), the most the service fee may be. Check it with the fee check."
                        )
                        % {"fee": _money(fee), "salary": _money(salary), "months": fees.format_months(cap_months)},
                    )
                )
    elif name == "telegram_only":
        if c.telegram_only and not c.company_named:
            hits.append(_Hit(sig, detail=_("The only contact given is a Telegram account.")))
    elif name == "contact_reported":
        for contact in c.contacts:
            if contact.reported:
                hits.append(
                    _Hit(
                        sig,
                        excerpt=contact.value,
                        detail=_("%(contact)s has been reported to a centre.") % {"contact": contact.value},
                    )
                )
    return hits


def _answer_detail(sig: CompiledSignal, answers: dict[str, Any]) -> str:
    assert sig.answer is not None
    key = next(iter(sig.answer))
    if key == "destination":
        return _("You said the job is in %(country)s.") % {"country": fees.country_name(answers[key])}
    label = str(ANSWER_LABELS.get(answers[key], answers[key]))
    return _("Your answer to “%(question)s”: %(answer)s.") % {
        "question": str(QUESTION_LABELS[key]),
        "answer": label,
    }


def check_offer(
    text: str,
    answers: dict[str, str] | None = None,
    *,
    lookup_contacts: bool = True,
    lookup_licences: bool = True,
) -> OfferReport:
    """Red flags in a job offer, with the optional answers as extra evidence. Nothing is stored.

    `answers` keys (all optional, others ignored): destination (ISO 3166 alpha-2), visa_type,
    travel_paid_by, passport_kept, written_contract (see rules.ANSWER_VALUES), fee_asked and salary
    (amounts) with fee_currency and salary_currency (default VND). Bad input raises
    ValidationError({field: [message]}).

    No access-log entry is written: the check reads no personal data. The licence list holds
    companies, and the contact look-up compares blind indexes and returns one yes/no per contact in
    the message, nothing about any case (see `_contacts_reported`).
    `lookup_contacts` / `lookup_licences` = False skip the database look-ups (benchmarks, tests).
    """
    e = v.Errors()
    clean = v.text(e, "text", text, limit=MAX_TEXT)
    e.raise_if_any()
    ans = _clean_answers(answers)
    if not clean and not ans:
        raise ValidationError({"text": [_("Paste the job offer, or answer at least one of the questions.")]})
    compiled = rules()
    t = _Text.of(clean)
    facts = _facts(t, compiled, ans)
    company_names = _companies_in(t)
    licence_numbers = list(
        dict.fromkeys(t.nfc[m.start(1) : m.end(1)].replace(" ", "") for m in _LICENCE_NO.finditer(t.folded))
    )
    if lookup_licences and clean:
        licences = _licence_status(company_names, t.nfc)
    else:
        licences = _Licences(companies=[_company(n, None, False) for n in company_names])
    contacts_raw = _contacts_in(t) if clean else []
    if lookup_contacts:
        contacts, contacts_checked = _contacts_reported(contacts_raw)
    else:
        contacts, contacts_checked = [ContactFound(c.kind, c.value, False) for c in contacts_raw], False
    ctx = _Context(
        t=t,
        answers=ans,
        facts=facts,
        amounts=_amounts(t),
        company_names=company_names,
        licence_numbers=licence_numbers,
        licences=licences,
        contacts=contacts,
        telegram_only=bool(contacts_raw) and all(c.kind == "telegram" for c in contacts_raw),
    )

    hits: dict[str, list[_Hit]] = {}
    for sig in compiled.signals:
        if any(not facts.get(r) for r in sig.requires) or any(facts.get(u) for u in sig.unless):
            continue
        if sig.computed is not None:
            found = _computed(sig, ctx, compiled)
        elif sig.answer is not None:
            key, values = next(iter(sig.answer.items()))
            found = [_Hit(sig, detail=_answer_detail(sig, ans))] if ans.get(key) in values else []
        else:
            hit = _match(sig, t)
            found = [hit] if hit else []
        if found:
            hits.setdefault(sig.flag, []).extend(found)

    strong = {code for code, hs in hits.items() if any(h.signal.alone for h in hs)}
    flags: list[FlagFound] = []
    for code, hs in hits.items():
        counted = hs if strong - {code} else [h for h in hs if h.signal.alone]
        if not counted:
            continue
        flags.append(_flag(code, counted, compiled))
    flags.sort(key=lambda f: (-f.weight, f.code))
    score = sum(f.weight for f in flags)
    high_from = compiled.file.levels.high
    level = LEVEL_NONE if not flags else (LEVEL_HIGH if score >= high_from else LEVEL_CAUTION)
    pays = [a.vnd for a in ctx.amounts if a.role == "salary"]
    fee_amounts = [a.vnd for a in ctx.amounts if a.role == "fee"]
    return OfferReport(
        flags=flags,
        score=score,
        level=level,
        level_label=str(LEVEL_LABELS[level]),
        summary=str(LEVEL_SUMMARIES[level]),
        score_explanation=_(
            "Score %(score)s: the sum of the weights of the warning signs found (from 1, weak, to 5, strong). "
            "From %(high)s the risk is high."
        )
        % {"score": score, "high": high_from},
        high_from=high_from,
        companies=licences.companies,
        licence_checked=licences.checked,
        licence_data_date=licences.data_date,
        contacts=contacts,
        contacts_reported=any(c.reported for c in contacts),
        contacts_checked=contacts_checked,
        licence_numbers=licence_numbers,
        pay_vnd=max(pays).quantize(Decimal(1)) if pays else None,
        fee_vnd=max(fee_amounts).quantize(Decimal(1)) if fee_amounts else None,
        rules_version=compiled.version,
        rules_date=compiled.file.effective_from,
    )


def _flag(code: str, hs: list[_Hit], compiled: CompiledRules) -> FlagFound:
    definition = compiled.flags[code]
    title, explanation, what_to_do = FLAG_TEXTS[code]
    hs = sorted(hs, key=lambda h: (-h.signal.weight, h.start))
    excerpts: list[str] = []
    shown: list[int] = []  # where the excerpts kept start: two hits a few words apart show one excerpt
    for h in hs:
        if not h.excerpt or h.excerpt in excerpts:
            continue
        if h.start >= 0 and any(abs(h.start - at) < EXCERPT_APART for at in shown):
            continue
        excerpts.append(h.excerpt)
        shown.append(h.start)
    excerpts = excerpts[:3]
    return FlagFound(
        code=code,
        title=str(title),
        explanation=str(explanation),
        what_to_do=str(what_to_do),
        excerpt=excerpts[0] if excerpts else "",
        weight=max(h.signal.weight for h in hs),
        excerpts=excerpts,
        details=list(dict.fromkeys(h.detail for h in hs if h.detail)),
        signals=list(dict.fromkeys(h.signal.id for h in hs)),
        ilo_dimension=definition.ilo.dimension,
        ilo_indicator=definition.ilo.indicator,
        ilo_grade=definition.ilo.grade,
        htcds={k: list(v) for k, v in definition.htcds.items()},
        source=definition.source.citation,
        source_status=definition.source.status,
        source_date=definition.source.date,
    )


def check_rules_match_texts(compiled: CompiledRules | None = None) -> list[str]:
    """Problems between the rules file and this module: a flag without texts, texts without a flag."""
    compiled = compiled or rules()
    problems = [
        f"flag {c} has no title/explanation in offers.FLAG_TEXTS" for c in compiled.flags if c not in FLAG_TEXTS
    ]
    problems += [
        f"offers.FLAG_TEXTS has {c}, which the rules file lacks" for c in FLAG_TEXTS if c not in compiled.flags
    ]
    used = {s.computed for s in compiled.signals if s.computed}
    problems += [f"computed signal {c} is not used by any rule" for c in sorted(COMPUTED - used)]
    return problems
