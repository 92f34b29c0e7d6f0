#!/usr/bin/env python3
"""Writes tests/malformed/cases/*.eml: hostile and broken input that must not
crash, hang or lose anything (tests/it/malformed.rs ingests each one).
Python standard library only, deterministic: fixed seeds, boundaries and ZIP
timestamps, so running it again yields identical files. Every file stays
under ~300 KB; the bombs get their size from compression."""

import base64
import io
import os
import random
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
HEAD = ("From: Tester <tester@sdo.example>\r\nTo: statements@ietf.org\r\n"
        "Date: Mon, 02 Nov 2026 09:30:00 +0000\r\nMIME-Version: 1.0\r\n")


def b64(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def with_attachment(name, media_type, data, subject, extra=""):
    return (HEAD + f"Subject: {subject}\r\nMessage-ID: <{subject.replace(' ', '-')}@sdo.example>\r\n"
            "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nFrom: SDO WG1\r\nTo: IETF LAMPS WG\r\n"
            f"Purpose: For Information\r\nTitle: {subject}\r\nBody:\r\nSee attached.\r\n--XX\r\n"
            f"Content-Type: {media_type}; name=\"{name}\"\r\n"
            f"Content-Disposition: attachment; filename=\"{name}\"\r\n"
            f"Content-Transfer-Encoding: base64\r\n{extra}\r\n{b64(data)}\r\n--XX--\r\n").encode()


def zip_of(entries, level=9):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return buf.getvalue()


def cases():
    rnd = random.Random(4053)
    good_pdf = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                b"3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n"
                b"4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 10 Tf 50 700 Td (Title: x) Tj ET\nendstream\nendobj\n"
                b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    yield "empty", b""
    yield "headers-only", (HEAD + "Subject: headers only\r\nMessage-ID: <headers-only@sdo.example>\r\n").encode()
    yield "binary-garbage", bytes(rnd.randrange(256) for _ in range(20000))
    yield "truncated-base64", with_attachment("LS.pdf", "application/pdf", good_pdf * 20,
                                               "truncated base64")[:-400]
    yield "missing-closing-boundary", with_attachment(
        "S2-2600001.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        zip_of([("word/document.xml", b"<w:document/>")]), "missing closing boundary"
    ).replace(b"\r\n--XX--\r\n", b"\r\n")
    yield "missing-boundary", (HEAD + "Subject: missing boundary\r\nMessage-ID: <mb@sdo.example>\r\n"
                               "Content-Type: multipart/mixed; boundary=\"NEVER\"\r\n\r\n"
                               "--OTHER\r\nContent-Type: text/plain\r\n\r\nTitle: lost?\r\n").encode()
    yield "declared-utf8-is-latin1", (HEAD + "Subject: Gen\xe8ve\r\nMessage-ID: <l1@sdo.example>\r\n"
                                      "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                                      "From: ITU-T SG15\r\nTitle: R\xe9union \xe0 Gen\xe8ve\r\n").encode("latin-1")
    yield "unknown-charset", (HEAD + "Subject: =?x-unknown?Q?caf=E9?=\r\nMessage-ID: <uc@sdo.example>\r\n"
                              "Content-Type: text/plain; charset=x-unknown\r\n\r\nTitle: caf\xe9\r\n").encode("latin-1")
    yield "eight-bit-headers", ("From: M\xfcller <m@sdo.example>\r\nTo: statements@ietf.org\r\n"
                                "Subject: \xc4nderung \xff\xfe\r\nMessage-ID: <8bit@sdo.example>\r\n\r\nbody\r\n"
                                ).encode("latin-1")
    inner = (HEAD + "Subject: level 0\r\nMessage-ID: <nest-0@sdo.example>\r\n\r\nTitle: innermost\r\n").encode()
    for level in range(1, 51):
        inner = (HEAD + f"Subject: Fwd: level {level}\r\nMessage-ID: <nest-{level}@sdo.example>\r\n"
                 "Content-Type: multipart/mixed; boundary=\"L%d\"\r\n\r\n--L%d\r\n"
                 "Content-Type: text/plain\r\n\r\nforwarded\r\n--L%d\r\nContent-Type: message/rfc822\r\n\r\n"
                 % (level, level, level)).encode() + inner + (f"\r\n--L{level}--\r\n").encode()
    yield "nested-forwards-50", inner
    deep = b"Title: deep\r\n"
    for level in range(300):
        deep = (f"Content-Type: multipart/mixed; boundary=\"D{level}\"\r\n\r\n--D{level}\r\n").encode() + deep + (
            f"\r\n--D{level}--\r\n").encode()
    yield "multipart-300-deep", (HEAD + "Subject: deep multipart\r\nMessage-ID: <deep@sdo.example>\r\n").encode() + deep
    yield "huge-header", (HEAD + "Subject: " + "x" * 200_000 + "\r\nMessage-ID: <hh@sdo.example>\r\n\r\nbody\r\n").encode()
    # 200 MB of zeros deflated (~200 KB); and a zip of zips of zips that
    # expands to 12.8 GB from under 8 KB, as 42.zip does.
    yield "zip-bomb", with_attachment("LS.zip", "application/zip",
                                      zip_of([("zeros.bin", b"\0" * (200 << 20))]), "zip bomb")
    inner = zip_of([(f"part{i}.bin", b"\0" * (50 << 20)) for i in range(4)])
    middle = zip_of([(f"inner{i}.zip", inner) for i in range(8)])
    yield "zip-bomb-nested", with_attachment("LS-package.zip", "application/zip",
                                             zip_of([(f"annex{i}.zip", middle) for i in range(8)]),
                                             "nested zip bomb")
    yield "docx-bomb", with_attachment(
        "S3-260001.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        zip_of([("[Content_Types].xml", b"<Types/>"),
                ("word/document.xml", b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                 b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                 + b"A" * (150 << 20) + b"</w:t></w:r></w:p></w:body></w:document>")]),
        "docx bomb")
    yield "zip-200-entries", with_attachment(
        "many.zip", "application/zip",
        zip_of([(f"annex-{i:03d}.txt", f"Annex {i}\nTitle: annex {i}\n".encode()) for i in range(200)]),
        "zip with 200 entries")
    yield "zip-path-traversal", with_attachment(
        "evil.zip", "application/zip",
        zip_of([("../../../../etc/passwd", b"root:x:0:0"), ("/abs/path.txt", b"abs"), ("ok.txt", b"Title: ok")]),
        "zip path traversal")
    yield "zip-truncated", with_attachment("cut.zip", "application/zip",
                                           zip_of([("a.txt", b"hello " * 1000)])[:300], "truncated zip")
    yield "pdf-truncated", with_attachment("LS.pdf", "application/pdf", good_pdf[:150], "truncated pdf")
    yield "pdf-garbage", with_attachment("LS.pdf", "application/pdf",
                                         b"%PDF-1.7\n" + bytes(rnd.randrange(256) for _ in range(50000)),
                                         "garbage pdf")
    yield "pdf-huge-length", with_attachment(
        "LS.pdf", "application/pdf",
        good_pdf.replace(b"/Length 44", b"/Length 99999999999"), "pdf with enormous stream length")
    yield "docx-not-xml", with_attachment(
        "LS.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        zip_of([("word/document.xml", b"<w:document><w:body><w:p>unclosed")]), "docx not xml")
    yield "pdf-that-is-html", with_attachment(
        "LS.pdf", "application/pdf",
        b"<html><body><script>alert(1)</script><p>Title: fake pdf</p></body></html>", "pdf that is html")
    yield "legacy-doc-garbage", with_attachment("LS.doc", "application/msword",
                                                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, "broken doc")
    yield "xml-entity-expansion-docx", with_attachment(
        "LS.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        zip_of([("word/document.xml",
                 b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                 + b"".join(b'<!ENTITY %c "%s">' % (ord("b") + i, (b"&%c;" % (ord("a") + i)) * 10)
                            for i in range(9))
                 + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>")]),
        "billion laughs docx")
    yield "base64-in-header-bomb", (HEAD + "Subject: " + "=?utf-8?B?" + "QUFB" * 20000 + "?=\r\n"
                                    "Message-ID: <b64h@sdo.example>\r\n\r\nbody\r\n").encode()
    yield "no-content-type", (HEAD + "Subject: parts without types\r\nMessage-ID: <nct@sdo.example>\r\n"
                              "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n\r\nTitle: untyped\r\n"
                              "--B\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                              "!!!not base64!!!\r\n--B--\r\n").encode()


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    n = 0
    for n, (name, raw) in enumerate(cases(), start=1):
        with open(os.path.join(OUT, f"{n:02d}-{name}.eml"), "wb") as f:
            f.write(raw)
    print(f"{n} malformed cases in {OUT}")


if __name__ == "__main__":
    main()
