#!/usr/bin/env python3
"""Writes the extraction corpus: tests/corpus/cases/NN-name/{message.eml,expected.json}.

Python standard library only, deterministic (fixed dates, boundaries and ZIP
timestamps): re-running it yields identical files. Layouts follow the bodies'
real templates: the draft-iab-rfc4053bis field form, the Datatracker's "New
Liaison Statement" mail, the 3GPP LS template (.docx, header fields in a
two-column table, often inside a .zip), the ITU-T LS layout (.docx or .pdf),
letters in prose, and plain mails. DOCX files are real OOXML packages, PDFs
real PDF 1.4 files with a Helvetica text layer (FlateDecode), checked with
`pdftotext` when it is installed.

expected.json holds what a careful coordinator would record (the truth, not
what the extractor happens to say): group names as rules/directory.toml
spells them, contacts as bare lower-case addresses (the mail's sender of a
cover note is a From-Contact), to_groups with Cc'd groups, deadline
YYYY-MM-DD or null (an ambiguous 03/04/2027 is null and needs review).
"""

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
import zlib
from email import encoders, policy
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, parseaddr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
DATE = "Mon, 02 Nov 2026 09:30:00 +0000"
CENTRAL = "statements@ietf.org"

# --- documents ---------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xml_escape(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def w_p(text, bold=False):
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    runs = []
    for i, part in enumerate(text.split("\t")):
        if i:
            runs.append("<w:r><w:tab/></w:r>")
        runs.append(f'<w:r>{rpr}<w:t xml:space="preserve">{xml_escape(part)}</w:t></w:r>')
    return f"<w:p>{''.join(runs)}</w:p>"


def w_table(rows):
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>']
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            paras = "".join(w_p(line) for line in cell.split("\n"))
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>{paras}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def fixed_zip(entries):
    """A ZIP with fixed timestamps: (name, bytes) pairs."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def docx(blocks):
    """blocks: strings (paragraphs) or lists of rows (tables)."""
    body = "".join(w_table(b) if isinstance(b, list) else w_p(b) for b in blocks)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    return fixed_zip([
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         "</Types>"),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
         "</Relationships>"),
        ("word/document.xml", document),
    ])


def pdf_escape(t):
    return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines):
    """lines: strings; a tab puts the rest in a second column at x=200. Long
    lines wrap at the page's width, as a word processor's would."""
    lines = [w for l in lines for w in (textwrap.wrap(l, 95) if "\t" not in l and l else [l])]
    pages = [lines[i:i + 60] for i in range(0, len(lines), 60)] or [[]]
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    streams = {}
    for page in pages:
        ops = ["BT /F1 10 Tf"]
        for i, line in enumerate(page):
            y = 800 - 13 * i
            cols = line.split("\t")
            for c, text in enumerate(cols):
                x = 56 if c == 0 else 200 + 160 * (c - 1)
                ops.append(f"1 0 0 1 {x} {y} Tm ({pdf_escape(text)}) Tj")
        ops.append("ET")
        data = zlib.compress("\n".join(ops).encode("cp1252"), 9)
        objects.append(None)
        streams[len(objects)] = data
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        if n in streams:
            data = streams[n]
            out += f"{n} 0 obj\n<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode()
            out += data + b"\nendstream\nendobj\n"
        else:
            out += f"{n} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for o in offsets:
        out += f"{o:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


# --- mails -------------------------------------------------------------------


def mail(n, sender, subject, body, attachments=(), charset="utf-8", cte=None, to=CENTRAL):
    """attachments: (filename, media_type, bytes)."""
    text = MIMEText(body, "plain", charset)
    if cte == "quoted-printable":
        del text["Content-Transfer-Encoding"]
        text.set_payload(body.encode(charset))
        encoders.encode_quopri(text)
        text.replace_header("Content-Transfer-Encoding", "quoted-printable")
    if attachments:
        msg = MIMEMultipart("mixed", boundary=f"=_liaison_{n:03d}")
        msg.attach(text)
        for name, media_type, data in attachments:
            major, minor = media_type.split("/")
            if major == "text":
                part = MIMEText(data.decode("utf-8"), minor, "utf-8")
            else:
                part = MIMEApplication(data, minor)
                part.replace_header("Content-Type", f"{media_type}; name=\"{name}\"")
            part.add_header("Content-Disposition", "attachment", filename=name)
            msg.attach(part)
    else:
        msg = text
    msg["From"] = formataddr(parseaddr(sender))  # RFC 2047 for non-ASCII names
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = DATE
    msg["Message-ID"] = f"<corpus-{n:03d}@liaison.example>"
    msg["MIME-Version"] = "1.0"
    return msg.as_bytes(policy=policy.SMTP)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CASES = []


def case(name, raw, expected):
    CASES.append((name, raw, expected))


# --- 1. the draft-iab-rfc4053bis form ----------------------------------------

FORMS = [
    dict(frm="3GPP TSG SA WG3", frm_contact="Anna Berg <anna.berg@ericsson.example>",
         reply="mailto:3GPPLiaison@etsi.org", to="IETF LAMPS WG", to_contact="lamps-chairs@ietf.org",
         send_to="lamps-chairs@ietf.org", purpose="For Action", deadline="15 March 2027",
         title="LS on certificate profiles for 5G core", sender="Anna Berg <anna.berg@ericsson.example>",
         exp=dict(from_groups=["3GPP TSG SA WG3"], from_organisation="3GPP", to_groups=["IETF LAMPS WG"],
                  to_organisation="IETF", from_contacts=["anna.berg@ericsson.example"],
                  reply_to="3gppliaison@etsi.org", send_to="lamps-chairs@ietf.org", to_contacts=["lamps-chairs@ietf.org"],
                  purpose="for_action", deadline="2027-03-15", needs_review=False)),
    dict(frm="ITU-T SG15", frm_contact="tsbsg15@itu.int", reply="tsbsg15@itu.int", to="IETF CCAMP WG",
         to_contact="ccamp-chairs@ietf.org", send_to="ccamp-chairs@ietf.org", purpose="For Information",
         deadline=None, title="LS on progress of OTN beyond 400G", sender="TSB SG15 <tsbsg15@itu.int>",
         exp=dict(from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T", to_groups=["IETF CCAMP WG"],
                  to_organisation="IETF", from_contacts=["tsbsg15@itu.int"], reply_to="tsbsg15@itu.int",
                  send_to="ccamp-chairs@ietf.org", purpose="for_information", deadline=None, needs_review=False)),
    dict(frm="IEEE 802.1 WG", frm_contact="glenn.parsons@ieee.example", reply="glenn.parsons@ieee.example",
         to="IETF DETNET WG", to_contact="detnet-chairs@ietf.org", send_to="detnet-chairs@ietf.org",
         purpose="For Comment", deadline="2027-01-31", title="Draft P802.1DC for comment",
         sender="Glenn Parsons <glenn.parsons@ieee.example>",
         exp=dict(from_groups=["IEEE 802.1 WG"], from_organisation="IEEE 802", to_groups=["IETF DETNET WG"],
                  from_contacts=["glenn.parsons@ieee.example"], reply_to="glenn.parsons@ieee.example",
                  purpose="for_comment", deadline="2027-01-31", needs_review=True)),
    dict(frm="Broadband Forum", frm_contact="liaison@broadband-forum.example",
         reply="liaison@broadband-forum.example", to="IETF OPSAWG WG", to_contact="opsawg-chairs@ietf.org",
         send_to="opsawg-chairs@ietf.org", purpose="In Response", deadline=None,
         title="Response to LS-2026-0003 on YANG for access networks",
         sender="BBF Liaison <liaison@broadband-forum.example>", response="LS-2026-0003",
         exp=dict(from_groups=["Broadband Forum"], from_organisation="Broadband Forum",
                  to_groups=["IETF OPSAWG WG"], purpose="in_response", in_response_to="LS-2026-0003",
                  reply_to="liaison@broadband-forum.example", deadline=None, needs_review=False)),
    dict(frm="ETSI ISG NFV", frm_contact="nfv-support@etsi.example", reply="nfv-support@etsi.example",
         to="IETF NETMOD WG", to_contact="netmod-chairs@ietf.org", send_to="netmod-chairs@ietf.org",
         purpose="For Action", deadline="Friday, 26 February 2027 (23:59 UTC)",
         title="LS on YANG modules for NFV descriptors", sender="ETSI NFV <nfv-support@etsi.example>",
         exp=dict(from_groups=["ETSI ISG NFV"], from_organisation="ETSI", to_groups=["IETF NETMOD WG"],
                  purpose="for_action", deadline="2027-02-26", send_to="netmod-chairs@ietf.org", needs_review=False)),
    dict(frm="3GPP TSG CT WG4", frm_contact="ct4-chair@3gpp.example", reply="mailto:3GPPLiaison@etsi.org",
         to="IETF DMM WG", to_contact="dmm-chairs@ietf.org", send_to="dmm-chairs@ietf.org", purpose="For Action",
         deadline="03/04/2027", title="LS on mobility anchors", sender="CT4 Chair <ct4-chair@3gpp.example>",
         exp=dict(from_groups=["3GPP TSG CT WG4"], to_groups=["IETF DMM WG"], purpose="for_action",
                  deadline=None, needs_review=True)),
]


def form_text(f):
    lines = [f"From: {f['frm']}", f"From-Contact: {f['frm_contact']}", f"Send Reply To: {f['reply']}",
             f"To: {f['to']}", f"To-Contact: {f['to_contact']}", f"Send To: {f['send_to']}",
             f"Purpose: {f['purpose']}"]
    if f.get("response"):
        lines.append(f"In Response To: {f['response']}")
    lines += [f"Deadline: {f['deadline'] or 'none'}", f"Title: {f['title']}", "Body:",
              f"{f['frm']} would like to inform the {f['to']} of its work on the topic of this statement.",
              "We look forward to continued cooperation.", "", "Attachments: none"]
    return "\n".join(lines) + "\n"


for i, f in enumerate(FORMS):
    text = form_text(f)
    atts = ()
    body = text
    if i == 1:  # the form in an attached text file, the mail a cover note
        atts = (("statement.txt", "text/plain", text.encode()),)
        body = "Dear colleagues,\n\nplease find our liaison statement attached.\n\nBest regards,\nTSB\n"
    raw = mail(len(CASES) + 1, f["sender"], f["title"], body, atts,
               cte="quoted-printable" if i == 2 else None)
    exp = dict(format="rfc4053bis", title=f["title"], attachments=[a[0] for a in atts])
    exp.update(f["exp"])
    case(f"form-{i + 1}", raw, exp)

# --- 2. Datatracker notifications, forwarded by a coordinator ----------------

DT = [
    ("LS on IPv6 address allocation for 5G UEs", "3GPP TSG SA WG2", "sa2-chair@3gpp.example",
     "IETF V6OPS WG", "v6ops-chairs@ietf.org", "For action", "2027-01-15", "1801",
     dict(from_groups=["3GPP TSG SA WG2"], from_organisation="3GPP", to_groups=["IETF V6OPS WG"],
          purpose="for_action", deadline="2027-01-15")),
    ("Update on SG17 work on PKI", "ITU-T SG17", "tsbsg17@itu.int", "IETF LAMPS WG", "lamps-chairs@ietf.org",
     "For information", None, "1802",
     dict(from_groups=["ITU-T Study Group 17"], from_organisation="ITU-T", to_groups=["IETF LAMPS WG"],
          purpose="for_information", deadline=None)),
    ("Reply to LS on DetNet OAM", "IEEE 802.1 WG", "jessy.rouyer@ieee.example", "IETF DETNET WG",
     "detnet-chairs@ietf.org", "In response", None, "1803",
     dict(from_groups=["IEEE 802.1 WG"], to_groups=["IETF DETNET WG"], purpose="in_response", deadline=None)),
    ("LS on QUIC for media delivery", "3GPP TSG SA WG4", "sa4-chair@3gpp.example", "IETF QUIC WG",
     "quic-chairs@ietf.org", "For action", "2027-02-20", "1804",
     dict(from_groups=["3GPP TSG SA WG4"], to_groups=["IETF QUIC WG"], purpose="for_action",
          deadline="2027-02-20")),
    ("Comments on draft-ietf-teas-ns-ip-mpls", "ITU-T SG13", "tsbsg13@itu.int", "IETF TEAS WG",
     "teas-chairs@ietf.org", "For comment", "2027-03-01", "1805",
     dict(from_groups=["ITU-T Study Group 13"], to_groups=["IETF TEAS WG"], purpose="for_comment",
          deadline="2027-03-01", needs_review=True)),
]

for i, (title, frm, contact, to, to_addr, purpose, deadline, num, truth) in enumerate(DT):
    reply = f"Please reply by {deadline}\n" if deadline else ""
    att = f"liaison-{num}-attachment.pdf"
    notif = (
        f"Title: {title}\nSubmission Date: 2026-10-2{i}\n"
        f"URL of the IETF Web page: https://datatracker.ietf.org/liaison/{num}/\n{reply}"
        f"From: {frm} ({contact.split('@')[0].replace('-', ' ').title()} <{contact}>)\n"
        f"To: {to} ({to_addr})\nCc: {to_addr}, statements@ietf.org\n"
        f"Response Contacts: {contact}\nTechnical Contacts: {contact}\nPurpose: {purpose}\n\n"
        f"Body: {frm} thanks the {to} and asks for its views, as described in the attachment.\n\n"
        f"Attachments:\n\n    {title}\n    https://datatracker.ietf.org/documents/LIAISON/{att}\n"
    )
    body = ("FYI, a new statement from the datatracker. Please take care of it.\n\n"
            "-- \nIAB Liaison Coordinator\n\n---------- Forwarded message ----------\n"
            "From: Liaison Statement Management Tool <statements@ietf.org>\n"
            f"Subject: New Liaison Statement, \"{title}\"\n\n" + notif)
    raw = mail(len(CASES) + 1, "IAB Liaison Coordinator <coord@iab.org>",
               f"Fwd: New Liaison Statement, \"{title}\"", body)
    exp = dict(format="datatracker", title=title, from_contacts=[contact], reply_to=contact,
               to_contacts=[to_addr], attachments=[], needs_review=False)
    exp.update(truth)
    case(f"datatracker-{i + 1}", raw, exp)

# --- 3. 3GPP LS template ------------------------------------------------------

GPP = [
    dict(tdoc="S3-264321", meeting="3GPP TSG-SA WG3 Meeting #124", place="Orlando, US, 9 - 13 November 2026",
         title="LS on TLS 1.3 profiles for SBA", response=None, release="Rel-19", wi="SCAS_5G",
         source="SA3", to="IETF TLS WG", cc="SA2", name="Alex Hansen", email="alex.hansen@nokia.example",
         action_to="IETF TLS WG", action="SA3 kindly asks IETF TLS WG to provide feedback by 15 January 2027.",
         pack="zip", exp=dict(from_groups=["3GPP TSG SA WG3"], to_groups=["IETF TLS WG", "3GPP TSG SA WG2"],
                              purpose="for_action", deadline="2027-01-15")),
    dict(tdoc="S2-2611002", meeting="3GPP TSG-SA WG2 Meeting #178", place="Dallas, US, 16 - 20 November 2026",
         title="Reply LS on IPv6 prefix delegation", response="LS-2026-0007", release="Rel-19", wi="5GSAT",
         source="SA2", to="IETF 6MAN WG", cc=None, name="Maria Lopez", email="maria.lopez@example.com",
         action_to=None, action=None, pack="docx",
         exp=dict(from_groups=["3GPP TSG SA WG2"], to_groups=["IETF 6MAN WG"], purpose="in_response",
                  in_response_to="LS-2026-0007", deadline=None)),
    dict(tdoc="C4-265500", meeting="3GPP TSG-CT WG4 Meeting #131", place="Xiamen, China, 12 - 16 October 2026",
         title="LS on Diameter AVP allocation", response=None, release="Rel-19", wi="TEI19",
         source="CT4", to="IETF DIME WG", cc="CT3", name="Li Wei", email="li.wei@huawei.example",
         action_to="IETF DIME WG", action="CT4 asks the IETF to allocate the AVP codes listed in the attachment.",
         pack="zip-nested", exp=dict(from_groups=["3GPP TSG CT WG4"], to_groups=["IETF DIME WG", "3GPP TSG CT WG3"],
                                     purpose="for_action", deadline=None, needs_review=True)),
    dict(tdoc="R2-2609876", meeting="3GPP TSG-RAN WG2 Meeting #134", place="Athens, Greece, 24 - 28 August 2026",
         title="LS on ROHC profiles for NR", response=None, release="Rel-18", wi="NR_ROHC",
         source="RAN2", to="IETF TSVWG WG", cc=None, name="Kenji Sato", email="kenji.sato@docomo.example",
         action_to=None, action=None, pack="pdf",
         exp=dict(from_groups=["3GPP TSG RAN WG2"], to_groups=["IETF TSVWG WG"], purpose="for_information",
                  deadline=None)),
    dict(tdoc="S3-264400", meeting="3GPP TSG-SA WG3 Meeting #124", place="Orlando, US, 9 - 13 November 2026",
         title="LS on EAP-AKA' updates", response="S3-262001", release="Rel-19", wi="SEAL",
         source="3GPP TSG SA WG3", to="IETF EMU WG", cc=None, name="Alex Hansen",
         email="alex.hansen@nokia.example", action_to="IETF EMU WG",
         action="SA3 asks EMU WG to confirm the proposed changes before 1 March 2027.", pack="docx",
         exp=dict(from_groups=["3GPP TSG SA WG3"], to_groups=["IETF EMU WG"], purpose="for_action",
                  in_response_to="S3-262001", deadline="2027-03-01")),
    dict(tdoc="S5-266060", meeting="3GPP TSG-SA WG5 Meeting #165", place="Wroclaw, Poland, 5 - 9 October 2026",
         title="LS on YANG models for 5G management", response=None, release="Rel-19", wi="YANG5G",
         source="SA5", to="IETF NETMOD WG", cc="SA2", name="Piotr Nowak", email="piotr.nowak@orange.example",
         action_to="IETF NETMOD WG", action="SA5 asks NETMOD WG to review the attached modules by 20/01/2027.",
         pack="zip", exp=dict(from_groups=["3GPP TSG SA WG5"], to_groups=["IETF NETMOD WG", "3GPP TSG SA WG2"],
                              purpose="for_action", deadline="2027-01-20")),
]


def gpp_blocks(g):
    rows = [["Title:", g["title"]]]
    rows.append(["Response to:", f"LS ({g['response']}) on the same topic" if g["response"] else ""])
    rows += [["Release:", g["release"]], ["Work Item:", g["wi"]], ["", ""], ["Source:", g["source"]],
             ["To:", g["to"]], ["Cc:", g["cc"] or ""], ["", ""], ["Contact Person:", ""],
             ["Name:", g["name"]], ["E-mail Address:", g["email"]], ["", ""],
             ["Send any reply LS to:", "3GPP Liaisons Coordinator, mailto:3GPPLiaison@etsi.org"],
             ["Attachments:", "None"]]
    actions = (["2. Actions:", f"To {g['action_to']}.", f"ACTION: {g['action']}"] if g["action"]
               else ["2. Actions:", "None."])
    return ([f"{g['meeting']}\t{g['tdoc']}", g["place"], "", rows, "", "1. Overall Description:",
             f"{g['source']} has studied the topic of this LS and would like to share its conclusions with the IETF.",
             ""] + actions + ["", "3. Date of Next TSG Meetings:", "Meeting #125  2027-02-01 - 2027-02-05  Goa, India"])


def flatten(blocks):
    lines = []
    for b in blocks:
        if isinstance(b, list):
            lines += ["\t".join(r) for r in b]
        else:
            lines.append(b)
    return lines


for i, g in enumerate(GPP):
    blocks = gpp_blocks(g)
    name = f"{g['tdoc']}.docx"
    if g["pack"] == "pdf":
        atts = [(f"{g['tdoc']}.pdf", "application/pdf", pdf(flatten(blocks)))]
    elif g["pack"] == "docx":
        atts = [(name, DOCX, docx(blocks))]
    elif g["pack"] == "zip":
        atts = [(f"{g['tdoc']}.zip", "application/zip", fixed_zip([(name, docx(blocks))]))]
    else:  # a zip in a zip, as meeting servers pack them
        inner = fixed_zip([(name, docx(blocks)), ("readme.txt", b"3GPP LS package\n")])
        atts = [(f"LS_{g['tdoc']}.zip", "application/zip", fixed_zip([(f"{g['tdoc']}.zip", inner)]))]
    body = (f"Dear IETF colleagues,\n\nplease find attached LS {g['tdoc']} from {g['source']}.\n\n"
            "Best regards,\n3GPP Liaisons Coordinator\n")
    raw = mail(len(CASES) + 1, "3GPP Liaisons <3GPPLiaison@etsi.org>",
               f"[{g['tdoc']}] {g['title']}", body, atts)
    exp = dict(format="3gpp", title=g["title"], from_organisation="3GPP", to_organisation="IETF",
               from_contacts=[g["email"], "3gppliaison@etsi.org"], reply_to="3gppliaison@etsi.org",
               in_response_to=None, attachments=[a[0] for a in atts], needs_review=False)
    exp.update(g["exp"])
    case(f"3gpp-{i + 1}", raw, exp)

# --- 4. ITU-T liaison statements ---------------------------------------------

ITU = [
    dict(sg="15", q="11/15", ls="SG15-LS123", title="LS on OTN YANG models", action="IETF CCAMP WG",
         comment=None, info="IEEE 802.3 WG", deadline="15 March 2027", contact="Bob Smith", aff="Acme Networks",
         email="bob.smith@acme.example", pack="docx",
         exp=dict(from_groups=["ITU-T Study Group 15"], to_groups=["IETF CCAMP WG", "IEEE 802.3 WG"],
                  purpose="for_action", deadline="2027-03-15")),
    dict(sg="13", q="6/13", ls="SG13-LS77", title="LS on network slicing terminology", action=None,
         comment=None, info="IETF TEAS WG", deadline=None, contact="Chen Jing", aff="China Telecom",
         email="chen.jing@chinatelecom.example", pack="pdf",
         exp=dict(from_groups=["ITU-T Study Group 13"], to_groups=["IETF TEAS WG"], purpose="for_information",
                  deadline=None)),
    dict(sg="17", q="11/17", ls="SG17-LS201", title="LS on post-quantum certificates", action="IETF LAMPS WG",
         comment=None, info="ISO/IEC JTC 1/SC 27", deadline="2027-04-30", contact="Eva Klein", aff="BSI",
         email="eva.klein@bsi.example", pack="pdf",
         exp=dict(from_groups=["ITU-T Study Group 17"], to_groups=["IETF LAMPS WG", "ISO/IEC JTC 1/SC 27"],
                  purpose="for_action", deadline="2027-04-30")),
    dict(sg="15", q="12/15", ls="SG15-LS130", title="LS on transport network slicing", action="3GPP TSG SA WG5",
         comment=None, info="IETF TEAS WG", deadline="30.01.2027", contact="Bob Smith", aff="Acme Networks",
         email="bob.smith@acme.example", pack="docx",
         exp=dict(from_groups=["ITU-T Study Group 15"], to_groups=["3GPP TSG SA WG5", "IETF TEAS WG"],
                  purpose="for_information", deadline="2027-01-30")),
    dict(sg="11", q="2/11", ls="SG11-LS45", title="LS on SIP signalling for emergency calls", action=None,
         comment="IETF SIPCORE WG", info=None, deadline="February 28th, 2027", contact="Aline Dupont",
         aff="Orange", email="aline.dupont@orange.example", pack="docx",
         exp=dict(from_groups=["ITU-T Study Group 11"], to_groups=["IETF SIPCORE WG"], purpose="for_comment",
                  deadline="2027-02-28", needs_review=True)),
    dict(sg="2", q="1/2", ls="SG2-LS12", title="LS on E.164 numbering resources for IoT", action="IETF DNSOP WG",
         comment=None, info=None, deadline="2027-05-15", contact="Sam Okafor", aff="NCC",
         email="sam.okafor@ncc.example", pack="pdf",
         exp=dict(from_groups=["ITU-T Study Group 2"], to_groups=["IETF DNSOP WG"], purpose="for_action",
                  deadline="2027-05-15")),
]


def itu_lines(t):
    lines = ["INTERNATIONAL TELECOMMUNICATION UNION", "TELECOMMUNICATION STANDARDIZATION SECTOR",
             f"STUDY GROUP {t['sg']}\t{t['ls'].replace('SG', 'SG').replace('-', '-')}", "",
             f"Question(s):\t{t['q']}\tGeneva, 20-31 October 2026", f"Source:\tITU-T SG{t['sg']}",
             f"Title:\t{t['title']}", "", "LIAISON STATEMENT", ""]
    if t["action"]:
        lines.append(f"For action to:\t{t['action']}")
    if t["comment"]:
        lines.append(f"For comment to:\t{t['comment']}")
    if t["info"]:
        lines.append(f"For information to:\t{t['info']}")
    lines += [f"Approval:\tAgreed to at SG{t['sg']} meeting (Geneva, 31 October 2026)"]
    if t["deadline"]:
        lines.append(f"Deadline:\t{t['deadline']}")
    lines += [f"Contact:\t{t['contact']}\tTel: +41 22 730 0000",
              f"\t{t['aff']}\tE-mail: {t['email']}", "",
              f"ITU-T Study Group {t['sg']} thanks the recipients for their cooperation and informs them of its progress.",
              "The details are in the annex to this liaison statement."]
    return lines


for i, t in enumerate(ITU):
    lines = itu_lines(t)
    if t["pack"] == "pdf":
        atts = [(f"{t['ls']}.pdf", "application/pdf", pdf(lines))]
    else:
        head, tail = lines[:4], lines[4:]
        rows = [l.split("\t") for l in tail if "\t" in l]
        rest = [l for l in tail if "\t" not in l]
        atts = [(f"{t['ls']}.docx", DOCX, docx(head + [rows] + rest))]
    body = f"Dear Sir/Madam,\n\nplease find attached liaison statement {t['ls']}.\n\nTSB\n"
    raw = mail(len(CASES) + 1, "ITU-T TSB <tsbsg" + t["sg"] + "@itu.int>", f"ITU-T {t['ls']}: {t['title']}",
               body, atts)
    exp = dict(format="itu-t", title=t["title"], from_organisation="ITU-T",
               from_contacts=[t["email"], f"tsbsg{t['sg']}@itu.int"], attachments=[a[0] for a in atts],
               in_response_to=None, needs_review=False)
    exp.update(t["exp"])
    case(f"itu-t-{i + 1}", raw, exp)

# --- 5. letters in prose -----------------------------------------------------

LETTERS = [
    ("IEEE 802 LAN/MAN Standards Committee", "IEEE 802 LMSC", "Chair, IEEE 802 LMSC", "paul.nikolich@ieee.example",
     "Dear Mr. Chair of the IAB,", "IAB",
     "We would appreciate receiving your comments by 15 February 2027.",
     "IEEE 802 liaison on YANG for IEEE 802 technologies", None),
    ("IEEE 802.11 Working Group", "IEEE 802.11 WG", "Chair, IEEE 802.11 WG", "dorothy.stanley@ieee.example",
     "Dear IETF HTTPBIS WG chairs,", "IETF HTTPBIS WG",
     "We kindly ask the IETF to review the attached material and respond by March 31, 2027.",
     "Liaison on captive portal signalling in 802.11", "pdf"),
    ("IEEE 802.3 Ethernet Working Group", "IEEE 802.3 WG", "Chair, IEEE 802.3 WG", "david.law@ieee.example",
     "Dear colleagues of the IETF DETNET WG,", "IETF DETNET WG",
     "This letter is for your information; no action is requested.",
     "Status of IEEE P802.3dg", None),
    ("ETSI Technical Committee CYBER", "ETSI TC CYBER", "Chair, ETSI TC CYBER", "cyber-chair@etsi.example",
     "Dear IETF Security Area Directors,", "IETF Security Area",
     "We would welcome your views on the attached report before 1 April 2027.",
     "ETSI TC CYBER work on quantum-safe cryptography", "docx"),
    ("ISO/IEC JTC 1/SC 27", "ISO/IEC JTC 1/SC 27", "Committee Manager, ISO/IEC JTC 1/SC 27",
     "sc27-secretariat@din.example", "Dear IETF LAMPS WG chairs,", "IETF LAMPS WG",
     "We invite the IETF to share its comments on the enclosed draft by 30 April 2027.",
     "SC 27 draft on certificate transparency", None),
]

for i, (letterhead, group, sig, email, dear, to, ask, title, pack) in enumerate(LETTERS):
    text = (f"{letterhead}\n\n2 November 2026\n\nSubject: {title}\n\n{dear}\n\n"
            f"The {letterhead} would like to inform you of its ongoing work. {ask}\n\n"
            f"We look forward to continued cooperation.\n\nSincerely,\n\n{sig.split(',')[0]}\n{sig}\n{email}\n")
    atts = ()
    body = text
    if pack == "pdf":
        atts = (("letter.pdf", "application/pdf", pdf(text.split("\n"))),)
        body = "Please find our letter attached.\n"
    elif pack == "docx":
        atts = (("letter.docx", DOCX, docx(text.split("\n"))),)
        body = "Please find our letter attached.\n"
    raw = mail(len(CASES) + 1, f"{sig.split(',')[0]} <{email}>", title, body, atts)
    deadline = {0: "2027-02-15", 1: "2027-03-31", 2: None, 3: "2027-04-01", 4: "2027-04-30"}[i]
    exp = dict(format="letter", title=title, from_groups=[group], to_groups=[to], from_contacts=[email],
               deadline=deadline, attachments=[a[0] for a in atts], needs_review=True)
    case(f"letter-{i + 1}", raw, exp)

# --- 6. plain mails without a template -----------------------------------------

PLAIN = [
    ("jane.roe@vendor.example", "Jane Roe", "Question about RFC 9000 errata",
     "Hello,\n\nI have a question about an erratum in RFC 9000. Who can help?\n\nJane\n", "utf-8"),
    ("m.mueller@example.de", "Martin Müller", "Anfrage: Zusammenarbeit",
     "Sehr geehrte Damen und Herren,\n\nwir möchten eine Zusammenarbeit anregen.\n\nMit freundlichen Grüßen\nMartin Müller\n",
     "iso-8859-1"),
    ("secretariat@forum.example", "Forum Secretariat", "Invitation to our workshop",
     "Dear all,\n\nyou are invited to our workshop on 10 December 2026 in Paris.\n\nSecretariat\n", "utf-8"),
    ("info@sdo.example", "SDO Info", "Our new work item",
     "Hi,\n\nfor your information, we started a work item on network telemetry.\nDetails: see our website.\n",
     "utf-8"),
]

for i, (addr, name, subject, body, charset) in enumerate(PLAIN):
    raw = mail(len(CASES) + 1, f"{name} <{addr}>", subject, body, charset=charset,
               cte="quoted-printable" if charset != "utf-8" else None)
    case(f"plain-{i + 1}", raw, dict(format="plain", title=subject, from_contacts=[addr], from_groups=[],
                                      to_groups=[], deadline=None, reply_to=None, attachments=[],
                                      needs_review=True))


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    have_pdftotext = shutil.which("pdftotext") is not None
    for n, (name, raw, expected) in enumerate(CASES, start=1):
        d = os.path.join(OUT, f"{n:02d}-{name}")
        os.makedirs(d)
        with open(os.path.join(d, "message.eml"), "wb") as f:
            f.write(raw)
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump(expected, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
    if have_pdftotext:  # every PDF's text layer must read back
        import email as email_pkg
        for name, raw, _ in CASES:
            msg = email_pkg.message_from_bytes(raw)
            for part in msg.walk():
                if part.get_content_type() == "application/pdf":
                    out = subprocess.run(["pdftotext", "-", "-"], input=part.get_payload(decode=True),
                                         capture_output=True, check=True).stdout
                    assert b"Title" in out or b"Subject" in out or b"Dear" in out, name
    print(f"{len(CASES)} cases in {OUT}")


if __name__ == "__main__":
    sys.exit(main())
