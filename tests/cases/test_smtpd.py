"""E-mail intake: real mail over loopback SMTP (smtplib) to the aiosmtpd receiver.

Most tests run the receiver in its thread with the database work held back (the handler's
`deliver` raises as if the database were down, so each message stays in the spool) and then file
the spool in the test's own thread and transaction, as `safepath smtpd` does at start-up. One
transactional test runs the whole path, database included, in the receiver's threads.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safepath.cases.choices import IntakeChannel, Urgency
from safepath.cases.mail import MalformedMessage, build_intake, deliver, html_to_text, parse_message
from safepath.cases.models import Attachment, IntakeItem
from safepath.cases.services import _clean_intake
from safepath.cases.smtpd import AddressBook, IntakeController, IntakeHandler, Outcome, Spool, Verdict
from tests.factories import AgencyFactory

HN = "hn-mrc@intake.safepath.local"
TH = "th-mrc@intake.safepath.local"
SENDER = "hong.nguyen@example.vn"
PDF = b"%PDF-1.4\n1 0 obj << /Title (hop dong lao dong bi mat) >> endobj\ntrailer\n%%EOF\n"


# --- helpers ------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_down(entry):
    raise OperationalError("the test files the spool itself")


@contextmanager
def receiver(handler: IntakeHandler) -> Iterator[int]:
    controller = IntakeController(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def vietnamese_mail(*, to: str = HN, message_id: str | None = "<thu-1@example.vn>") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"Nguyễn Thị Hồng <{SENDER}>"
    msg["To"] = to
    msg["Subject"] = "Khẩn: công ty giữ hộ chiếu của tôi ở Nhật Bản"
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content("Chào trung tâm,\n\nTôi đang ở Osaka, công ty giữ hộ chiếu và không trả lương.\nXin giúp đỡ.\n")
    return msg


def smtp_send(port: int, msg: EmailMessage | bytes, *, to: list[str] | None = None, sender: str = SENDER) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
        if isinstance(msg, EmailMessage):
            s.send_message(msg, from_addr=sender, to_addrs=to)
        else:
            s.sendmail(sender, to or [HN], msg)


def items(agency=None):
    qs = IntakeItem.objects.all()
    return list(qs.filter(agency=agency) if agency else qs)


# --- fixtures -----------------------------------------------------------------------------------------
@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    return Spool(tmp_path / "spool").ensure()


@pytest.fixture
def hn(db):
    return AgencyFactory(code="HN-MRC", intake_email=HN)


@pytest.fixture
def th(db):
    return AgencyFactory(code="TH-MRC", intake_email=TH)


@pytest.fixture
def book(hn, th) -> AddressBook:
    """The addresses read once in the test's thread: the receiver's thread does not touch the database."""
    b = AddressBook(live=False)
    b.refresh()
    return b


@pytest.fixture
def port(spool, book) -> Iterator[int]:
    with receiver(IntakeHandler(spool, resolve=book.resolve, deliver=database_down)) as p:
        yield p


# --- over SMTP ----------------------------------------------------------------------------------------
def test_vietnamese_mail_becomes_an_intake_item(port, spool, hn):
    smtp_send(port, vietnamese_mail())
    assert len(spool.pending()) == 1  # on disk before the 250
    assert spool.drain() == {Outcome.DELIVERED: 1}
    (item,) = items(hn)
    assert item.channel == IntakeChannel.EMAIL
    assert item.subject == "Khẩn: công ty giữ hộ chiếu của tôi ở Nhật Bản"
    assert item.body.startswith("Chào trung tâm,\n\nTôi đang ở Osaka")
    assert item.contact_name == "Nguyễn Thị Hồng" and item.contact_email == SENDER
    assert item.urgency == Urgency.URGENT
    assert item.contact_email_bidx  # findable by the sender's address
    assert not spool.pending() and not spool.held()


def test_rfc2047_subject_and_8bit_body_sent_raw(port, spool, hn):
    raw = (
        "From: =?UTF-8?B?VHLhuqduIFbEg24gQW4=?= <an@example.vn>\r\n"
        f"To: {HN}\r\n"
        "Subject: =?UTF-8?Q?H=E1=BB=8Fi_v=E1=BB=81_th=E1=BB=A7_t=E1=BB=A5c_xu=E1=BA=A5t_kh=E1=BA=A9u?=\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        "Tôi muốn đi làm việc ở Đài Loan.\r\n"
    ).encode()
    smtp_send(port, raw)
    spool.drain()
    (item,) = items(hn)
    assert item.subject == "Hỏi về thủ tục xuất khẩu"
    assert item.contact_name == "Trần Văn An" and item.contact_email == "an@example.vn"
    assert item.body == "Tôi muốn đi làm việc ở Đài Loan."
    assert item.urgency == Urgency.NORMAL


def test_pdf_attachment_is_stored_encrypted(port, spool, hn):
    msg = vietnamese_mail()
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="hợp đồng lao động.pdf")
    smtp_send(port, msg)
    spool.drain()
    (item,) = items(hn)
    (att,) = item.attachments.all()
    assert att.filename == "hợp đồng lao động.pdf" and att.content_type == "application/pdf"
    assert bytes(att.content) == PDF and att.size == len(PDF)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT content, filename FROM {Attachment._meta.db_table}")
        content, filename = cursor.fetchone()
    stored = str(content)
    assert "bi mat" not in stored and base64.b64encode(PDF).decode()[:40] not in stored
    assert stored.startswith("v1.") and "hợp đồng" not in str(filename)


def test_unknown_recipient_and_relaying_are_refused(port, spool):
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
        s.ehlo()
        s.mail(SENDER)
        code, text = s.rcpt("nobody@intake.safepath.local")
        assert (code, text[:5]) == (550, b"5.1.1")
        code, text = s.rcpt("someone@gmail.com")
        assert (code, text[:5]) == (550, b"5.7.1")
        assert s.rcpt(HN.upper())[0] == 250  # addresses match whatever their case
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        smtp_send(port, vietnamese_mail(to="nobody@intake.safepath.local"), to=["nobody@intake.safepath.local"])
    assert not spool.pending()


def test_oversized_mail_is_refused_with_552(spool, book):
    handler = IntakeHandler(spool, resolve=book.resolve, deliver=database_down, max_bytes=4000)
    big = vietnamese_mail()
    big.add_attachment(b"x" * 8000, maintype="application", subtype="octet-stream", filename="big.bin")
    with receiver(handler) as port:
        # smtplib announces the size (ESMTP SIZE): refused at MAIL FROM
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            smtp_send(port, big)
        assert refused.value.smtp_code == 552 and refused.value.smtp_error.startswith(b"5.3.4")
        # a client that does not announce it is refused after DATA
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
            s.ehlo()
            s.mail(SENDER)
            s.rcpt(HN)
            code, text = s.data(big.as_bytes(policy=big.policy.clone(linesep="\r\n")))
        assert code == 552 and text.startswith(b"5.3.4"), (code, text)
    assert not spool.pending()


@pytest.mark.parametrize(
    "raw",
    [
        b"just some words, no header at all\r\nand more\r\n",
        b"\r\n\r\nOnly a body after a blank line\r\n",
    ],
)
def test_malformed_mail_is_refused_with_554(port, spool, raw):
    with pytest.raises(smtplib.SMTPDataError) as refused:
        smtp_send(port, raw)
    assert refused.value.smtp_code == 554 and refused.value.smtp_error.startswith(b"5.6.0")
    assert not spool.pending()


def test_mail_without_from_header_is_kept_with_the_envelope_sender(port, spool, hn):
    smtp_send(port, b"Subject: Test\r\n\r\nXin chao\r\n", sender="Lan@Example.vn")
    spool.drain()
    (item,) = items(hn)
    assert (item.subject, item.body, item.contact_email, item.contact_name) == (
        "Test",
        "Xin chao",
        "lan@example.vn",
        "",
    )


def test_spool_write_failure_answers_451(port, spool, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spool, "write", disk_full)
    with pytest.raises(smtplib.SMTPDataError) as refused:
        smtp_send(port, vietnamese_mail())
    assert refused.value.smtp_code == 451 and refused.value.smtp_error.startswith(b"4.3.0")


def test_same_message_id_twice_is_one_item(port, spool, hn):
    smtp_send(port, vietnamese_mail())
    smtp_send(port, vietnamese_mail())  # the sending MTA retried
    assert len(spool.pending()) == 2
    assert spool.drain() == {Outcome.DELIVERED: 2}
    assert len(items(hn)) == 1


def test_one_message_to_two_agencies_is_two_items(port, spool, hn, th):
    smtp_send(port, vietnamese_mail(to=f"{HN}, {TH}"))
    spool.drain()
    assert len(items(hn)) == 1 and len(items(th)) == 1


def test_spooled_mail_survives_a_dead_database_and_a_kill(spool, book, hn):
    """Accepted while the database is down, the receiver then killed: the next start files it, once."""
    with receiver(IntakeHandler(spool, resolve=book.resolve, deliver=database_down)) as port:
        smtp_send(port, vietnamese_mail(message_id=None))  # no Message-ID: the bytes' hash stands in
    assert not items()
    restarted = Spool(spool.root)  # a new process finds the file in new/
    (path,) = restarted.pending()
    entry = restarted.read(path)
    assert entry.rcpt_tos == [HN] and entry.mail_from == SENDER
    out = StringIO()
    call_command("smtpd", "--drain", "--spool", str(spool.root), stdout=out)
    assert "delivered: 1" in out.getvalue()
    (item,) = items(hn)
    assert item.received_at == entry.received_at  # when it was accepted, not when it was filed
    # the same bytes delivered again (the file was filed but not removed before a crash) add nothing
    deliver(entry.raw, entry.rcpt_tos, entry.mail_from)
    assert len(items(hn)) == 1 and not restarted.pending()


def test_mail_for_an_address_gone_meanwhile_is_held_not_lost(port, spool, hn):
    smtp_send(port, vietnamese_mail())
    hn.is_active = False
    hn.save()
    assert spool.drain() == {Outcome.HELD: 1}
    assert len(spool.held()) == 1 and not items()
    hn.is_active = True
    hn.save()
    assert spool.release_held() == 1
    assert spool.drain() == {Outcome.DELIVERED: 1}
    assert len(items(hn)) == 1


def test_a_message_that_keeps_failing_is_held_after_five_tries(spool, caplog):
    entry = spool.write(b"From: a@example.vn\r\n\r\nx", mail_from="a@example.vn", rcpt_tos=[HN])

    def buggy(entry):
        raise RuntimeError("secret text from the message")

    outcomes = [spool.deliver_one(entry.path, buggy) for _ in range(5)]
    assert outcomes == [Outcome.RETRY] * 4 + [Outcome.HELD]
    assert spool.held() and "secret text" not in caplog.text and "RuntimeError" in caplog.text
    (spool.new / "junk.msg").write_bytes(b"not a spool file")
    assert spool.drain(buggy) == {Outcome.HELD: 1}


def test_logs_name_no_person(spool, book, hn, caplog):
    caplog.set_level(logging.DEBUG)
    with receiver(IntakeHandler(spool, resolve=book.resolve, deliver=database_down)) as port:
        smtp_send(port, vietnamese_mail())
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            smtp_send(port, b"From: x@example.vn\r\n\r\nhi", to=["lan.tran@intake.safepath.local"])
        with pytest.raises(smtplib.SMTPDataError):
            smtp_send(port, b"no headers here\r\n")
    spool.drain()
    assert len(items(hn)) == 1
    text = caplog.text
    assert "accepted" in text and "filed" in text and "refused" in text
    for secret in (SENDER, "hong.nguyen", "Nguyễn", "hộ chiếu", "Osaka", HN, "lan.tran", "no headers here"):
        assert secret not in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_whole_path_in_the_receiver_threads(tmp_path):
    """No test shortcuts: addresses looked up and the item filed by the receiver itself."""
    hn = AgencyFactory(code="HN-MRC", intake_email=HN)
    spool = Spool(tmp_path / "spool")
    with receiver(IntakeHandler(spool)) as port:
        msg = vietnamese_mail()
        msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="hop-dong.pdf")
        smtp_send(port, msg)
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            smtp_send(port, vietnamese_mail(to=TH), to=[TH])
    (item,) = items(hn)
    assert item.subject.startswith("Khẩn") and bytes(item.attachments.get().content) == PDF
    assert not spool.pending() and not spool.held()


# --- parsing and fitting (no SMTP, no database) -------------------------------------------------------
def _mime(body: bytes, content_type: str, *, headers: str = "") -> bytes:
    head = f"From: a@example.vn\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: {content_type}\r\n{headers}\r\n"
    return head.encode() + body


def test_html_only_mail_is_read_as_text():
    html = (
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
        "<p>Xin ch&agrave;o</p><p>Tôi cần <b>giúp</b><br>ngay</p>"
        "<a href='https://vieclam.example/nhat'>trang tuyển dụng</a></body></html>"
    )
    parsed = parse_message(_mime(html.encode(), "text/html; charset=utf-8"))
    assert parsed.body == "Xin chào\n\nTôi cần giúp\nngay\n\ntrang tuyển dụng (https://vieclam.example/nhat)"
    assert "alert" not in html_to_text(html) and "color" not in html_to_text(html)


def test_charsets_windows_1258_and_broken():
    # Windows-1258 writes the tone marks as combining characters: stored NFC
    parsed = parse_message(_mime(b"Ti\xea\xecng Vi\xea\xf2t", "text/plain; charset=windows-1258"))
    assert parsed.body == "Tiếng Việt"
    parsed = parse_message(_mime(b"caf\xc3\xa9 \xff\xfe ok", "text/plain; charset=x-no-such-charset"))
    assert parsed.body.startswith("café") and parsed.body.endswith("ok")
    parsed = parse_message(_mime(b"nul\x00byte", "text/plain"))
    assert parsed.body == "nulbyte"


def test_alternative_prefers_plain_and_keeps_inline_images():
    msg = EmailMessage()
    msg["From"] = "a@example.vn"
    msg["Subject"] = "ảnh"
    msg.set_content("bản văn thường")
    msg.add_alternative("<p>bản <b>HTML</b></p>", subtype="html")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    msg.get_payload()[1].add_related(png, maintype="image", subtype="png", cid="<img1>", filename="anh-chup.png")
    msg.add_attachment(b"notes", maintype="text", subtype="plain", filename="ghi-chu.txt")
    parsed = parse_message(msg.as_bytes())
    assert parsed.body == "bản văn thường"
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("anh-chup.png", "image/png"),
        ("ghi-chu.txt", "text/plain"),
    ]


def test_parse_refuses_what_is_no_mail():
    for raw in (b"", b"   \r\n", b"hello there\r\n"):
        with pytest.raises(MalformedMessage):
            parse_message(raw)


def test_build_intake_fits_everything_without_losing_it(settings):
    settings.SAFEPATH_ATTACHMENT_MAX_BYTES = 1000
    msg = EmailMessage()
    msg["From"] = '"' + "Tên rất dài " * 40 + '" <a@example.vn>'
    msg["Subject"] = "Chủ đề " * 80
    msg.set_content("Một dòng thư.\n" * 3000)
    msg.add_attachment(b"y" * 2000, maintype="application", subtype="pdf", filename="lon-qua.pdf")
    msg.add_attachment(b"", maintype="application", subtype="pdf", filename="rong.pdf")
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="vua.pdf")
    data, attachments = build_intake(parse_message(msg.as_bytes()))
    assert len(data.subject) <= 300 and data.subject.endswith("…")
    assert len(data.contact_name) <= 300
    assert len(data.body) <= 20_000
    assert "Chủ đề Chủ đề" in data.body.split("\n", 1)[0]  # the whole subject heads the body
    assert "lon-qua.pdf" in data.body and "rong.pdf" in data.body and "message-1.txt" in data.body
    names = [a[0] for a in attachments]
    assert "vua.pdf" in names and "lon-qua.pdf" not in names and "rong.pdf" not in names
    text = b"".join(c for n, _t, c in attachments if n.startswith("message-")).decode()
    assert text.count("Một dòng thư.") == 3000  # the whole text kept, in pieces within the limit
    assert all(len(c) <= 1000 for _n, _t, c in attachments)


def test_empty_mail_gets_a_placeholder_and_research_is_not_rescue():
    data, _ = build_intake(parse_message(b"From: a@example.vn\r\n\r\n"))
    assert data.body and not data.subject
    data, _ = build_intake(parse_message(b"From: a@example.vn\r\nSubject: Nghi\xc3\xaan c\xe1\xbb\xa9u\r\n\r\nx"))
    assert data.subject == "Nghiên cứu" and data.urgency == Urgency.NORMAL
    data, _ = build_intake(parse_message(b"From: a@example.vn\r\nSubject: SOS\r\n\r\nx"))
    assert data.urgency == Urgency.URGENT


def test_address_book_verdicts(book):
    assert book.resolve("HN-MRC@Intake.SafePath.Local") == Verdict.ACCEPT
    assert book.resolve("x@intake.safepath.local") == Verdict.UNKNOWN
    assert book.resolve("x@example.com") == Verdict.RELAY


@hypothesis_settings(max_examples=150)
@given(
    head=st.binary(max_size=300),
    body=st.binary(max_size=600),
    charset=st.sampled_from(["utf-8", "windows-1258", "latin-1", "x-broken", "utf-16"]),
)
def test_any_mail_either_is_refused_or_fits_an_intake_item(head, body, charset):
    raw = (
        (b"From: " + head + b"\r\nSubject: " + head[:80] + b"\r\nContent-Type: text/plain; charset=" + charset.encode())
        + b"\r\n\r\n"
        + body
    )
    try:
        parsed = parse_message(raw)
    except MalformedMessage:
        return
    data, attachments = build_intake(parsed)
    _clean_intake(data)  # raises ValidationError if anything would not be stored
    for text in (data.subject, data.body, data.contact_name, data.contact_email, *(a[0] for a in attachments)):
        assert "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
