"""Incoming e-mail to intake items: parse a raw message, then file it with each agency it was sent to.

`parse_message` is pure (bytes in, a ParsedMail out); `deliver` touches the database through
`intake_receive`, which encrypts the text and the attachments and audits the write. A message is
never refused here for its content: text that would not fit a field is cut and kept whole as an
attachment, attachments too large to keep are named in the body, and NUL bytes and broken
character sets are cleaned up. Only bytes without a header section count as malformed
(`MalformedMessage`): the SMTP receiver refuses those before accepting them. A message without a
From header is kept, with the envelope sender as the contact address.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email
import email.header
import email.utils
import hashlib
import logging
import mimetypes
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from html.parser import HTMLParser

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from safepath.accounts.models import Agency
from safepath.cases.choices import IntakeChannel, Urgency
from safepath.cases.models import IntakeItem
from safepath.cases.services import IntakeInput, intake_receive
from safepath.core.normalize import clean_paragraphs, clean_text, normalize_email
from safepath.core.validate import MAX_SHORT, MAX_TEXT

log = logging.getLogger("safepath.mail")

# Room kept at the end of the body for the notes this module adds (cut text, dropped files).
_NOTE_ROOM = 2_000
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
# A subject asking for help now marks the item urgent ("nghiên cứu" is research, not rescue).
_URGENT = re.compile(r"(?<!\w)(khẩn|urgent|sos|(?<!nghiên )cứu)(?!\w)", re.IGNORECASE)


class MalformedMessage(ValueError):
    """The bytes are not an e-mail message: empty, or no header section."""


class Undeliverable(RuntimeError):
    """A recipient matches no active agency any more (its address changed since the mail was accepted)."""

    def __init__(self, unresolved: int, items: Sequence[IntakeItem]) -> None:
        super().__init__(f"{unresolved} recipient(s) match no active agency")
        self.unresolved = unresolved
        self.items = list(items)


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class ParsedMail:
    subject: str = ""
    body: str = ""
    from_name: str = ""
    from_email: str = ""
    message_id: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)


# --- text helpers -------------------------------------------------------------------------------------
def _unsurrogate(text: str) -> str:
    """Undo the email package's surrogate escapes (raw 8-bit bytes in a header): read them as UTF-8."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        return text.encode("utf-8", "replace").decode("utf-8", "replace")


def _clean(text: str) -> str:
    return _unsurrogate(text).replace("\x00", "")


def _decode(data: bytes, charset: str | None) -> str:
    """Bytes in a declared character set; unknown or missing sets are read as UTF-8, never failing."""
    name = (charset or "").strip().strip("\"'").lower()
    try:
        codec = codecs.lookup(name).name if name else "utf-8"
    except LookupError:
        codec = "utf-8"
    if codec == "ascii":  # 8-bit text labelled (or defaulting to) ASCII is nearly always UTF-8
        codec = "utf-8"
    try:
        return data.decode(codec, errors="replace")
    except (LookupError, UnicodeError, TypeError):
        return data.decode("utf-8", errors="replace")


class _HTMLText(HTMLParser):
    """The readable text of an HTML part. Nothing is fetched or run; script and style are dropped."""

    _SKIP = frozenset({"script", "style", "head", "title", "noscript", "template", "svg"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "pre",
            "table",
            "tr",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self._links.append((href if href.lower().startswith(("http://", "https://")) else "", len(self.parts)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "hr":
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
        elif tag == "a" and self._links:
            href, start = self._links.pop()
            text = "".join(self.parts[start:]).strip()
            if href and href not in text:
                self.parts.append(f" ({href})")  # a link's target can matter (a recruiter's site)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(_SPACES.sub(" ", data.replace("\r", " ").replace("\n", " ")))

    def text(self) -> str:
        lines = [_SPACES.sub(" ", line).strip() for line in "".join(self.parts).split("\n")]
        return clean_paragraphs("\n".join(lines))


def html_to_text(html: str) -> str:
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; keep what was read so far
        log.debug("HTML part could not be fully read")
    return parser.text()


# --- headers ------------------------------------------------------------------------------------------
def _raw_header(msg: Message, name: str) -> str:
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return ""


def _header(msg: Message, name: str) -> str:
    """A header's decoded text. The email package can raise on odd headers: fall back to the raw value."""
    try:
        value = msg.get(name)
        return clean_text(_clean(str(value))) if value is not None else ""
    except Exception:
        raw = _raw_header(msg, name)
        try:
            return clean_text(_clean(str(email.header.make_header(email.header.decode_header(raw)))))
        except Exception:
            return clean_text(_clean(raw))


def _sender(msg: Message) -> tuple[str, str]:
    """(display name, address) of the first From address; either may be empty."""
    name, address = "", ""
    try:
        header = msg.get("from")
        addresses = getattr(header, "addresses", ())
        if addresses:
            name, address = addresses[0].display_name, addresses[0].addr_spec
    except Exception:
        name, address = email.utils.parseaddr(_raw_header(msg, "from"))
    name = clean_text(_clean(name or "")).strip("\"' ")
    address = normalize_email(_clean(address or ""))
    if not _valid_address(address):
        address = ""
    return name[:MAX_SHORT], address


def _valid_address(address: str) -> bool:
    local, _sep, domain = address.rpartition("@")
    return bool(local and domain and " " not in address and len(address) <= 254 and "<" not in address)


# --- structure ----------------------------------------------------------------------------------------
def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    name = clean_text(_clean(str(name)))
    return name.replace("/", "_").replace("\\", "_")[-200:].lstrip(".") if name else ""


def _payload(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""


def _text_of(part: Message) -> str:
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return _decode(_payload(part), charset)


@dataclass
class _Walk:
    texts: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)


def _attach(walk: _Walk, part: Message, filename: str, content: bytes) -> None:
    content_type = part.get_content_type()
    if not filename:
        ext = mimetypes.guess_extension(content_type) or ".bin"
        filename = f"attachment-{len(walk.attachments) + 1}{ext}"
    walk.attachments.append(ParsedAttachment(filename, content_type, content))


def _forwarded_bytes(part: Message) -> bytes:
    try:
        inner = part.get_payload(0)
        return inner.as_bytes(policy=policy.compat32) if isinstance(inner, Message) else _payload(part)
    except Exception:
        return str(part).encode("utf-8", "replace")


def _alternative_choice(kids: list[Message]) -> Message | None:
    """Of the forms of one content, the one to read: plain text first, else HTML (possibly with images)."""
    for wanted in ("text/plain", "text/html"):
        for kid in kids:
            if kid.get_content_type() == wanted and not _filename(kid):
                return kid
    for kid in kids:
        if kid.is_multipart():
            return kid
    return kids[-1] if kids else None


def _walk(part: Message, walk: _Walk, *, files_only: bool = False, depth: int = 0) -> None:
    ctype = part.get_content_type()
    if depth > 30:
        _attach(walk, part, "", str(part).encode("utf-8", "replace"))
        return
    if ctype == "message/rfc822":  # a forwarded message: kept whole, as the sender sent it
        name = _filename(part) or f"forwarded-{len(walk.attachments) + 1}.eml"
        walk.attachments.append(ParsedAttachment(name, "message/rfc822", _forwarded_bytes(part)))
        return
    if part.is_multipart():
        kids = [k for k in (part.get_payload() or []) if isinstance(k, Message)]
        if ctype == "multipart/alternative" and not files_only:
            chosen = _alternative_choice(kids)
            for kid in kids:
                _walk(kid, walk, files_only=kid is not chosen, depth=depth + 1)
            return
        for kid in kids:
            _walk(kid, walk, files_only=files_only, depth=depth + 1)
        return
    filename = _filename(part)
    try:
        disposition = part.get_content_disposition()
    except Exception:
        disposition = None
    if ctype in ("text/plain", "text/html") and not filename and disposition != "attachment":
        if not files_only:
            text = _text_of(part)
            walk.texts.append(html_to_text(text) if ctype == "text/html" else text)
        return
    content = _payload(part)
    _attach(walk, part, filename, content)


def parse_message(raw: bytes) -> ParsedMail:
    """Read a raw RFC 5322 message. Raises MalformedMessage when it is not one."""
    if not raw or not raw.strip():
        raise MalformedMessage("empty message")
    try:
        msg = email.message_from_bytes(raw, policy=policy.default)
    except Exception as exc:
        raise MalformedMessage("unparsable message") from exc
    if not msg.keys():
        raise MalformedMessage("no header section")
    assert isinstance(msg, EmailMessage)
    walk = _Walk()
    try:
        _walk(msg, walk)
    except RecursionError as exc:
        raise MalformedMessage("MIME structure too deep") from exc
    name, address = _sender(msg)
    texts = [clean_paragraphs(_clean(t)) for t in walk.texts]
    return ParsedMail(
        subject=_header(msg, "subject"),
        body="\n\n".join(t for t in texts if t),
        from_name=name,
        from_email=address,
        message_id=_header(msg, "message-id")[:998],
        attachments=walk.attachments,
    )


# --- fitting a message into an intake item ------------------------------------------------------------
def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, round(n / 1024))} KB" if n else "0 KB"


def _text_chunks(text: str, limit_bytes: int) -> list[bytes]:
    data = text.encode("utf-8")
    if len(data) <= limit_bytes:
        return [data]
    step = max(1, limit_bytes // 4)  # UTF-8 is at most 4 bytes a character
    return [text[i : i + step].encode("utf-8") for i in range(0, len(text), step)]


def build_intake(
    parsed: ParsedMail,
    *,
    mail_from: str = "",
    received_at: dt.datetime | None = None,
    max_attachment_bytes: int | None = None,
) -> tuple[IntakeInput, list[tuple[str, str, bytes]]]:
    """The intake input and attachments for a parsed mail, cut to fit the fields without losing anything."""
    limit = settings.SAFEPATH_ATTACHMENT_MAX_BYTES if max_attachment_bytes is None else max_attachment_bytes
    notes: list[str] = []
    attachments: list[tuple[str, str, bytes]] = []
    # Notes go into the stored text in the site's language (the queue is read in it).
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = parsed.subject, parsed.body
        if len(subject) > MAX_SHORT:
            body = _("Subject: %(subject)s") % {"subject": subject} + "\n\n" + body
            subject = subject[: MAX_SHORT - 1].rstrip() + "…"
        if len(body) > MAX_TEXT - _NOTE_ROOM:
            chunks = _text_chunks(body, limit)
            names = ["message.txt"] if len(chunks) == 1 else [f"message-{i}.txt" for i in range(1, len(chunks) + 1)]
            attachments.extend((n, "text/plain", c) for n, c in zip(names, chunks, strict=True))
            body = body[: MAX_TEXT - _NOTE_ROOM].rstrip()
            notes.append(_("[The text is cut here. The whole text is attached as %(name)s.]") % {"name": names[0]})
        for att in parsed.attachments:
            if not att.content:
                notes.append(_("[An empty attachment was left out: %(name)s.]") % {"name": att.filename})
            elif len(att.content) > limit:
                notes.append(
                    _("[An attachment was too large to keep: %(name)s, %(size)s (the limit is %(limit)s).]")
                    % {"name": att.filename, "size": _size(len(att.content)), "limit": _size(limit)}
                )
            else:
                attachments.append((att.filename, att.content_type, att.content))
        if notes:
            body = (body + "\n\n" + "\n".join(notes)).strip()
        if not subject and not body:
            body = _("(The e-mail had no subject and no text.)")
    contact_email = parsed.from_email
    if not contact_email:
        envelope = normalize_email(_clean(mail_from))
        contact_email = envelope if _valid_address(envelope) else ""
    data = IntakeInput(
        channel=IntakeChannel.EMAIL,
        subject=subject,
        body=body,
        contact_name=parsed.from_name,
        contact_email=contact_email,
        urgency=Urgency.URGENT if _URGENT.search(subject) else Urgency.NORMAL,
        received_at=received_at,
    )
    return data, attachments


def stable_message_id(parsed: ParsedMail, raw: bytes) -> str:
    """The Message-ID, or one made from the bytes: the same message delivered again is stored once."""
    return parsed.message_id or f"<{hashlib.sha256(raw).hexdigest()}@sha256.safepath.invalid>"


# --- recipients ---------------------------------------------------------------------------------------
def intake_addresses() -> dict[str, Agency]:
    """Every active agency's intake address (lower case) and the agency."""
    agencies = Agency.objects.filter(is_active=True).exclude(intake_email__isnull=True).exclude(intake_email="")
    return {(a.intake_email or "").strip().lower(): a for a in agencies}


def resolve_agencies(rcpt_tos: Iterable[str]) -> tuple[list[Agency], int]:
    """The distinct active agencies the recipients name, and how many recipients named none."""
    book = intake_addresses()
    agencies: dict[object, Agency] = {}
    unresolved = 0
    for rcpt in rcpt_tos:
        agency = book.get(normalize_email(rcpt))
        if agency is None:
            unresolved += 1
        else:
            agencies.setdefault(agency.pk, agency)
    return list(agencies.values()), unresolved


def deliver(
    raw: bytes,
    rcpt_tos: Sequence[str],
    mail_from: str = "",
    *,
    received_at: dt.datetime | None = None,
) -> list[IntakeItem]:
    """File one message with every agency among its recipients: one intake item per agency.

    Idempotent: a second delivery of the same message (same Message-ID, or same bytes when it has
    none) returns the items already stored. Raises MalformedMessage for bytes that are no e-mail,
    and Undeliverable (after filing with the agencies that were found) when a recipient matches no
    active agency.
    """
    parsed = parse_message(raw)
    agencies, unresolved = resolve_agencies(rcpt_tos)
    data, attachments = build_intake(parsed, mail_from=mail_from, received_at=received_at)
    message_id = stable_message_id(parsed, raw)
    items: list[IntakeItem] = []
    for agency in agencies:
        item, _created = intake_receive(agency=agency, data=data, attachments=attachments, message_id=message_id)
        items.append(item)
    if unresolved:
        raise Undeliverable(unresolved, items)
    return items
