#!/usr/bin/env python3
"""Writes the extraction corpus: tests/corpus/cases/NN-short-name/{message.eml,expected.json}.

Python standard library only and deterministic (fixed dates, MIME boundaries
and ZIP timestamps): running it again yields byte-identical files.

The layouts follow the templates the statements really come in:
  * the draft-iab-rfc4053bis field form in the mail body (section 2);
  * the IETF Datatracker's "New Liaison Statement" mail
    (ietf/templates/liaisons/liaison_mail.txt), forwarded by coordinators;
  * the 3GPP LS template: meeting line with the Tdoc number, the header
    fields in a two-column table, "1. Overall Description", "2. Actions"
    with ACTION lines for a group, "3. Date of Next ... Meetings"; as .docx,
    inside a .zip (sometimes a zip in a zip), or as .pdf;
  * the ITU-T LS layout: header table (Question(s), Study Group, Source,
    Title), "LIAISON STATEMENT", "For action/comment/information to:",
    Approval, Deadline, Contact blocks; as .docx or .pdf;
  * letters in prose (IEEE 802, ETSI, ISO/IEC JTC 1);
  * plain mails with no template.

DOCX are real OOXML packages (content types, package and part relationships,
core/app properties, w:p/w:r/w:t paragraphs, w:tbl tables with a grid).
PDFs are PDF 1.4 with a Helvetica (WinAnsi) text layer, one FlateDecode
content stream per page, `BT /F1 10 Tf x y Td (...) Tj ET` per text run,
and a correct xref table; each is read back with `pdftotext -layout`.

expected.json is the truth a careful coordinator would record, not what the
extractor happens to say:
  * groups as rules/directory.toml names them (Cc'd groups and every
    addressee of an ITU-T LS are among the bodies it is sent to);
  * from_contacts: the contacts the statement names plus whoever mailed it
    for the sending body (draft-iab-rfc4053bis 2.1: "the staff person ...
    that has sent the incoming liaison by mail"); not an IETF coordinator
    who merely forwards it;
  * to_contacts: the addresses given as To-Contact (the Datatracker's To
    line), not a Cc;
  * purpose as stated for the IETF addressee; a reply is In Response;
  * deadline YYYY-MM-DD, or null when none is given or it is ambiguous
    (03/04/2026);
  * needs_review when something must be looked at by a person: a letter or
    plain mail (inferred), the legacy "For Comment", an ambiguous deadline,
    mail and document disagreeing, For Action without a deadline.
A key is left out where the truth is genuinely undefined for the case.
"""

import email.message
import email.policy
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
import zlib
from email.utils import formataddr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
CENTRAL = "statements@ietf.org"
ZIP_TIME = (2026, 1, 30, 12, 0, 0)
POLICY = email.policy.SMTP

# --- DOCX ----------------------------------------------------------------------

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def esc(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def w_run(text, bold=False):
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def w_p(text, bold=False, style=None):
    """A paragraph; a tab in the text is a w:tab, as Word writes a tab stop."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    runs = []
    for i, part in enumerate(text.split("\t")):
        if i:
            runs.append("<w:r><w:tab/></w:r>")
        if part:
            runs.append(w_run(part, bold))
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def w_tbl(rows, widths=None):
    """rows: lists of cells; a cell is text, its lines separate paragraphs."""
    ncols = max(len(r) for r in rows)
    widths = widths or ([2400] + [6600 // max(ncols - 1, 1)] * (ncols - 1) if ncols > 1 else [9000])
    out = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    out.append("</w:tblGrid>")
    for row in rows:
        out.append("<w:tr>")
        for c, cell in enumerate(row):
            paras = "".join(w_p(line, bold=(c == 0 and line.endswith(":"))) for line in cell.split("\n"))
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[min(c, len(widths) - 1)]}" w:type="dxa"/>'
                       f"</w:tcPr>{paras}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def fixed_zip(entries):
    """A ZIP with fixed timestamps and order: (name, bytes) pairs."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def docx(blocks, title=""):
    """blocks: strings (paragraphs) or lists of rows (tables)."""
    body = "".join(w_tbl(b) if isinstance(b, list) else w_p(b) for b in blocks)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document {W_NS}><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1418" w:right="1134" w:bottom="1134" w:left="1134" w:header="680" '
        'w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>')
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    return fixed_zip([
        ("[Content_Types].xml", decl +
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.wordprocessingml.document.main+xml"/>'
         '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.wordprocessingml.styles+xml"/>'
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
         'package.core-properties+xml"/>'
         '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.extended-properties+xml"/></Types>'),
        ("_rels/.rels", decl +
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/extended-properties" Target="docProps/app.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
         'metadata/core-properties" Target="docProps/core.xml"/>'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/_rels/document.xml.rels", decl +
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/styles" Target="styles.xml"/></Relationships>'),
        ("word/document.xml", document),
        ("word/styles.xml", decl +
         '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>'
         '<w:sz w:val="20"/></w:rPr></w:rPrDefault></w:docDefaults>'
         '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
         '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
         '<w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style></w:styles>'),
        ("docProps/core.xml", decl +
         '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
         'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/'
         'dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
         f'<dc:title>{esc(title)}</dc:title><dc:creator>liaison corpus</dc:creator>'
         '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-30T12:00:00Z</dcterms:created>'
         '</cp:coreProperties>'),
        ("docProps/app.xml", decl +
         '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
         '<Application>Microsoft Office Word</Application></Properties>'),
    ])


# --- PDF -----------------------------------------------------------------------


def pdf_escape(t):
    return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines):
    """A PDF 1.4 of text lines; a tab starts the next column (x = 56, 200, 360).
    Long single-column lines wrap at the page's width, as a word processor's would."""
    wrapped = []
    for line in lines:
        if "\t" in line or len(line) <= 92:
            wrapped.append(line)
        else:
            wrapped += textwrap.wrap(line, 92)
    pages = [wrapped[i:i + 56] for i in range(0, len(wrapped), 56)] or [[]]
    objects = {1: "<< /Type /Catalog /Pages 2 0 R >>",
               3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               4: "<< /Producer (liaison corpus generator) /CreationDate (D:20260130120000Z) >>"}
    streams = {}
    kids = []
    n = 5
    for page in pages:
        ops = []
        for i, line in enumerate(page):
            y = 790 - 13 * i
            for c, text in enumerate(line.split("\t")):
                if text:
                    x = (56, 200, 360, 460)[min(c, 3)]
                    ops.append(f"BT /F1 10 Tf {x} {y} Td ({pdf_escape(text)}) Tj ET")
        streams[n] = zlib.compress("\n".join(ops).encode("cp1252"), 9)
        objects[n + 1] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                          f"/Resources << /Font << /F1 3 0 R >> >> /Contents {n} 0 R >>")
        kids.append(f"{n + 1} 0 R")
        n += 2
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in range(1, n):
        offsets[num] = len(out)
        if num in streams:
            data = streams[num]
            out += f"{num} 0 obj\n<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode()
            out += data + b"\nendstream\nendobj\n"
        else:
            out += f"{num} 0 obj\n{objects[num]}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {n}\n0000000000 65535 f \n".encode()
    for num in range(1, n):
        out += f"{offsets[num]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {n} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def flatten(blocks):
    """The lines of docx blocks, table cells as tab-separated columns."""
    lines = []
    for b in blocks:
        if isinstance(b, list):
            for row in b:
                cells = [c.split("\n") for c in row]
                for k in range(max(len(c) for c in cells)):
                    lines.append("\t".join(c[k] if k < len(c) else "" for c in cells).rstrip("\t"))
        else:
            lines.append(b)
    return lines


# --- mail ----------------------------------------------------------------------

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
PDF = ("application", "pdf")
ZIP = ("application", "zip")
TXT = ("text", "plain")


def mail(n, sender, subject, body, attachments=(), *, to=CENTRAL, cc=None, charset="utf-8", cte=None,
         date="Mon, 02 Feb 2026 09:30:00 +0000", subtype="plain", in_reply_to=None, forward=None):
    """attachments: (filename, (maintype, subtype), bytes). forward: a message
    attached whole (message/rfc822)."""
    msg = email.message.EmailMessage(policy=POLICY)
    name, addr = sender
    msg["From"] = formataddr((name, addr)) if name else addr
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = f"<corpus-{n:02d}@liaison.example>"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    if cte is None:
        try:
            body.encode("ascii")
            cte = "7bit"
        except UnicodeEncodeError:
            cte = "8bit"
    msg.set_content(body, subtype=subtype, charset=charset, cte=cte)
    for fname, (major, minor), data in attachments:
        if major == "text":
            msg.add_attachment(data.decode("utf-8"), subtype=minor, charset="utf-8",
                               cte="quoted-printable", filename=fname)
        else:
            msg.add_attachment(data, major, minor, filename=fname)
    if forward is not None:
        msg.add_attachment(forward)
    if msg.is_multipart():
        msg.set_boundary(f"=_corpus_{n:02d}_mixed")
    return msg.as_bytes(policy=POLICY)


CASES = []


def case(name, raw, expected):
    CASES.append((name, raw, expected))


def names(atts):
    return [a[0] for a in atts]


# --- 1. the draft-iab-rfc4053bis form in the mail -----------------------------

FORM_BODY = ("{frm} would like to draw the attention of the {to} to the work described below "
             "and in the attachments, and thanks it for its cooperation.")


def form(fields, body, attachments_line="none"):
    lines = [f"{k}: {v}" for k, v in fields]
    return "\n".join(lines) + f"\nBody:\n{body}\n\nAttachments: {attachments_line}\n"


n = len(CASES) + 1
text = form([
    ("From", "3GPP TSG SA WG3"),
    ("From-Contact", "Anna Berg <anna.berg@ericsson.example>, sa3-chair@3gpp.example"),
    ("Send Reply To", "mailto:3GPPLiaison@etsi.org"),
    ("To", "IETF LAMPS WG"),
    ("To-Contact", "lamps-chairs@ietf.org, Russ Housley <housley@vigilsec.example>"),
    ("Send To", "3gpp-liaison@ietf.org"),
    ("Purpose", "For Action"),
    ("Deadline", "2026-03-15"),
    ("Title", "LS on certificate profiles for the 5G service based architecture"),
], "SA3 has agreed a profile of X.509 certificates for network functions of the service based\n"
   "architecture (TS 33.310). SA3 asks LAMPS to review the profile and to tell SA3 whether the\n"
   "subjectAltName usage is compatible with RFC 5280 and its updates.")
case("form-sa3-lamps-mailto", mail(n, ("Anna Berg", "anna.berg@ericsson.example"),
                                    "LS on certificate profiles for the 5G service based architecture", text),
     dict(format="rfc4053bis", from_groups=["3GPP TSG SA WG3"], from_organisation="3GPP",
          from_contacts=["anna.berg@ericsson.example", "sa3-chair@3gpp.example"],
          reply_to="3gppliaison@etsi.org", to_groups=["IETF LAMPS WG"], to_organisation="IETF",
          to_contacts=["lamps-chairs@ietf.org", "housley@vigilsec.example"], send_to="3gpp-liaison@ietf.org",
          purpose="for_action", deadline="2026-03-15",
          title="LS on certificate profiles for the 5G service based architecture",
          in_response_to=None, needs_review=False, attachments=[]))

# The form in an attached text file; the mail is a cover note by TSB staff.
n = len(CASES) + 1
text = form([
    ("From", "ITU-T SG15"),
    ("From-Contact", "tsbsg15@itu.int"),
    ("From-Liaison-Contact", "tsbsg15@itu.int"),
    ("To", "IETF CCAMP WG"),
    ("To-Contact", "ccamp-chairs@ietf.org"),
    ("To-Liaison-Contact", "itu-t-liaison@iab.org"),
    ("Purpose", "For Information"),
    ("Deadline", "none"),
    ("Title", "LS on progress of OTN beyond 400G"),
], "Study Group 15 informs CCAMP that G.709.20 (OTN beyond 400G) was consented at its\n"
   "January 2026 meeting.", "none")
atts = [("statement.txt", TXT, text.encode())]
case("form-in-text-attachment-sg15",
     mail(n, ("Hiroshi Ota (TSB)", "hiroshi.ota@itu.int"), "ITU-T SG15 liaison: OTN beyond 400G",
          "Dear colleagues,\n\nplease find attached a liaison statement from ITU-T Study Group 15.\n\n"
          "Best regards,\nHiroshi Ota\nTSB, ITU\n", atts),
     dict(format="rfc4053bis", from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T",
          from_contacts=["tsbsg15@itu.int", "hiroshi.ota@itu.int"], reply_to="tsbsg15@itu.int",
          to_groups=["IETF CCAMP WG"], to_organisation="IETF", to_contacts=["ccamp-chairs@ietf.org"],
          send_to="itu-t-liaison@iab.org", purpose="for_information", deadline=None,
          title="LS on progress of OTN beyond 400G", in_response_to=None, needs_review=False,
          attachments=names(atts)))

# Quoted-printable UTF-8, the legacy purpose "For Comment", an ordinal US date.
n = len(CASES) + 1
text = form([
    ("From", "IEEE 802.1 WG"),
    ("From-Contact", "Glenn Parsons <glenn.parsons@ericsson.example>"),
    ("Send Reply To", "glenn.parsons@ericsson.example"),
    ("To", "IETF DETNET WG"),
    ("To-Contact", "detnet-chairs@ietf.org"),
    ("Purpose", "For Comment"),
    ("Deadline", "March 15th, 2026"),
    ("Title", "Draft P802.1DC \u2013 Quality of Service provision by network systems"),
], "IEEE 802.1 invites DetNet to comment on draft D2.1 of P802.1DC \u2014 \u00bbQoS provision\u00ab \u2014 "
   "before its next ballot.\nComments from individual DetNet participants are also welcome.")
case("form-qp-for-comment-ieee", mail(n, ("Glenn Parsons", "glenn.parsons@ericsson.example"),
                                      "Liaison: P802.1DC for comment", text, cte="quoted-printable"),
     dict(format="rfc4053bis", from_groups=["IEEE 802.1 WG"], from_organisation="IEEE 802",
          from_contacts=["glenn.parsons@ericsson.example"], reply_to="glenn.parsons@ericsson.example",
          to_groups=["IETF DETNET WG"], to_organisation="IETF", to_contacts=["detnet-chairs@ietf.org"],
          send_to=None, purpose="for_comment", deadline="2026-03-15",
          title="Draft P802.1DC \u2013 Quality of Service provision by network systems",
          in_response_to=None, needs_review=True, attachments=[]))

# A response quoting what it answers: the quoted original has its own
# Purpose and Deadline, which are not the response's.
n = len(CASES) + 1
original = form([
    ("From", "IETF OPSAWG WG"),
    ("From-Contact", "opsawg-chairs@ietf.org"),
    ("Send Reply To", "bbf-liaison@iab.org"),
    ("To", "Broadband Forum"),
    ("To-Contact", "liaison@broadband-forum.example"),
    ("Purpose", "For Action"),
    ("Deadline", "2026-01-31"),
    ("Title", "LS on YANG modules for access networks"),
], "OPSAWG asks the BBF which of its YANG modules it intends to publish in 2026.")
text = form([
    ("From", "Broadband Forum"),
    ("From-Contact", "David Sinicrope <liaison@broadband-forum.example>"),
    ("Send Reply To", "liaison@broadband-forum.example"),
    ("To", "IETF OPSAWG WG"),
    ("To-Contact", "opsawg-chairs@ietf.org"),
    ("Send To", "bbf-liaison@iab.org"),
    ("Purpose", "In Response"),
    ("In Response To", "LS-2026-0003"),
    ("Title", "Response to LS-2026-0003 on YANG modules for access networks"),
], "The BBF thanks OPSAWG for its statement. The modules of TR-383 Amendment 7 and TR-355\n"
   "will be published in the second quarter of 2026.")
text += "\nOn 12 January 2026, IETF OPSAWG WG wrote:\n" + "".join(f"> {l}\n" for l in original.splitlines())
case("form-response-quoting-original",
     mail(n, ("BBF Liaison", "liaison@broadband-forum.example"),
          "Re: LS on YANG modules for access networks", text, in_reply_to="<ls-2026-0003@ietf.org>"),
     dict(format="rfc4053bis", from_groups=["Broadband Forum"], from_organisation="Broadband Forum",
          from_contacts=["liaison@broadband-forum.example"], reply_to="liaison@broadband-forum.example",
          to_groups=["IETF OPSAWG WG"], to_organisation="IETF", to_contacts=["opsawg-chairs@ietf.org"],
          send_to="bbf-liaison@iab.org", purpose="in_response", deadline=None,
          title="Response to LS-2026-0003 on YANG modules for access networks",
          in_response_to="LS-2026-0003", needs_review=False, attachments=[]))

# 03/04/2026: 3 April or 4 March? Not guessed.
n = len(CASES) + 1
text = form([
    ("From", "3GPP TSG CT WG4"),
    ("From-Contact", "ct4-chair@3gpp.example"),
    ("Send Reply To", "mailto:3GPPLiaison@etsi.org"),
    ("To", "IETF DMM WG"),
    ("To-Contact", "dmm-chairs@ietf.org"),
    ("Purpose", "For Action"),
    ("Deadline", "03/04/2026"),
    ("Title", "LS on mobility anchor selection for PDU sessions"),
], "CT4 asks DMM whether the anchor selection described in TS 29.244 clause 5.2 conflicts\n"
   "with the DMM deployment models.")
case("form-ambiguous-deadline-ct4",
     mail(n, ("CT4 Chair", "ct4-chair@3gpp.example"), "LS on mobility anchor selection for PDU sessions", text),
     dict(format="rfc4053bis", from_groups=["3GPP TSG CT WG4"], from_organisation="3GPP",
          from_contacts=["ct4-chair@3gpp.example"], reply_to="3gppliaison@etsi.org",
          to_groups=["IETF DMM WG"], to_organisation="IETF", to_contacts=["dmm-chairs@ietf.org"],
          send_to=None, purpose="for_action", deadline=None,
          title="LS on mobility anchor selection for PDU sessions", in_response_to=None,
          needs_review=True, attachments=[]))

# Base64 body in ISO-8859-1, two addressed groups, a dotted day-first date.
n = len(CASES) + 1
text = form([
    ("From", "ETSI ISG NFV"),
    ("From-Contact", "J\u00e9r\u00f4me Dupr\u00e9 <jerome.dupre@etsi.example>"),
    ("Send Reply To", "nfv-support@etsi.example"),
    ("To", "IETF NETMOD WG, IETF NETCONF WG"),
    ("To-Contact", "netmod-chairs@ietf.org, netconf-chairs@ietf.org"),
    ("Purpose", "For Action"),
    ("Deadline", "15.05.2026"),
    ("Title", "LS on YANG modules for NFV descriptors (r\u00e9vision 2)"),
], "ISG NFV asks NETMOD and NETCONF to review the mapping of the NFV descriptors (IFA 011)\n"
   "to YANG and to comment on the use of schema mount.")
case("form-base64-latin1-two-addressees",
     mail(n, ("J\u00e9r\u00f4me Dupr\u00e9", "jerome.dupre@etsi.example"),
          "LS on YANG modules for NFV descriptors", text, charset="iso-8859-1", cte="base64"),
     dict(format="rfc4053bis", from_groups=["ETSI ISG NFV"], from_organisation="ETSI",
          from_contacts=["jerome.dupre@etsi.example"], reply_to="nfv-support@etsi.example",
          to_groups=["IETF NETMOD WG", "IETF NETCONF WG"], to_organisation="IETF",
          to_contacts=["netmod-chairs@ietf.org", "netconf-chairs@ietf.org"], send_to=None,
          purpose="for_action", deadline="2026-05-15",
          title="LS on YANG modules for NFV descriptors (r\u00e9vision 2)", in_response_to=None,
          needs_review=False, attachments=[]))

# A deadline with its weekday and time zone; a technical annex as PDF.
n = len(CASES) + 1
text = form([
    ("From", "ETSI TC CYBER"),
    ("From-Contact", "cyber-chair@etsi.example, Carmen Ruiz <carmen.ruiz@telefonica.example>"),
    ("Send Reply To", "cyber-support@etsi.example"),
    ("To", "IETF TLS WG"),
    ("To-Contact", "tls-chairs@ietf.org"),
    ("Send To", "etsi-liaison@iab.org"),
    ("Purpose", "For Action"),
    ("Deadline", "Friday, 27 March 2026, 23:59 UTC"),
    ("Title", "LS on hybrid key exchange in TLS 1.3"),
], "TC CYBER asks the TLS WG for the expected publication date of the hybrid key exchange\n"
   "design and for its view on the code points listed in the annex.", "TS 103 744 annex (PDF)")
annex = pdf(["ETSI TS 103 744 V1.2.1 - Annex B (informative)", "",
             "Quantum-safe hybrid key exchanges: code points", "",
             "Group\tCode point\tStatus", "X25519MLKEM768\t0x11EC\tdeployed",
             "SecP256r1MLKEM768\t0x11EB\tdeployed", "SecP384r1MLKEM1024\t0x11ED\tproposed", "",
             "The groups above combine an elliptic curve Diffie-Hellman exchange with ML-KEM as "
             "specified in FIPS 203. Implementations should offer at least one of them."])
atts = [("TS103744-annexB.pdf", PDF, annex)]
case("form-weekday-timezone-pdf-annex",
     mail(n, ("Carmen Ruiz", "carmen.ruiz@telefonica.example"), "LS on hybrid key exchange in TLS 1.3", text,
          atts, cc="cyber-chair@etsi.example"),
     dict(format="rfc4053bis", from_groups=["ETSI TC CYBER"], from_organisation="ETSI",
          from_contacts=["cyber-chair@etsi.example", "carmen.ruiz@telefonica.example"],
          reply_to="cyber-support@etsi.example", to_groups=["IETF TLS WG"], to_organisation="IETF",
          to_contacts=["tls-chairs@ietf.org"], send_to="etsi-liaison@iab.org", purpose="for_action",
          deadline="2026-03-27", title="LS on hybrid key exchange in TLS 1.3", in_response_to=None,
          needs_review=False, attachments=names(atts)))

# The form with a Word draft attached for information.
n = len(CASES) + 1
text = form([
    ("From", "Broadband Forum"),
    ("From-Contact", "liaison@broadband-forum.example, Ken Ko <ken.ko@adtran.example>"),
    ("Send Reply To", "liaison@broadband-forum.example"),
    ("To", "IETF OPSAWG WG; IETF IPPM WG"),
    ("To-Contact", "opsawg-chairs@ietf.org, ippm-chairs@ietf.org"),
    ("Purpose", "For Information"),
    ("Deadline", "n/a"),
    ("Title", "WT-454 draft: Access network performance measurement"),
], "The Broadband Forum shares the attached working text WT-454 for information. Comments are\n"
   "welcome but not required.", "WT-454-draft-3.docx")
wt = docx(["Working Text WT-454", "Access network performance measurement", "Issue: 1 Draft 3",
           [["Editor", "Affiliation"], ["Ken Ko", "Adtran"], ["Marta Seda", "Calix"]],
           "1 Purpose and Scope",
           "This Working Text specifies active measurement of access network segments using STAMP "
           "(RFC 8762) and its extensions.",
           "2 References", "[1] RFC 8762, Simple Two-Way Active Measurement Protocol"],
          "WT-454 draft 3")
atts = [("WT-454-draft-3.docx", DOCX, wt)]
case("form-docx-annex-bbf",
     mail(n, ("Ken Ko", "ken.ko@adtran.example"), "BBF liaison: WT-454 for information", text, atts),
     dict(format="rfc4053bis", from_groups=["Broadband Forum"], from_organisation="Broadband Forum",
          from_contacts=["liaison@broadband-forum.example", "ken.ko@adtran.example"],
          reply_to="liaison@broadband-forum.example", to_groups=["IETF OPSAWG WG", "IETF IPPM WG"],
          to_organisation="IETF", to_contacts=["opsawg-chairs@ietf.org", "ippm-chairs@ietf.org"],
          send_to=None, purpose="for_information", deadline=None,
          title="WT-454 draft: Access network performance measurement", in_response_to=None,
          needs_review=False, attachments=names(atts)))

# Contacts continued over several lines, as people write long address lists.
n = len(CASES) + 1
text = ("From: IEEE 802.1 WG\n"
        "From-Contact: Glenn Parsons <glenn.parsons@ericsson.example>,\n"
        "  Jessy Rouyer <jessy.rouyer@nokia.example>,\n"
        "  stds-802-1-l@ieee.example\n"
        "Send Reply To: Glenn Parsons <glenn.parsons@ericsson.example>\n"
        "To: IETF DETNET WG and IETF TSVWG\n"
        "To-Contact: detnet-chairs@ietf.org,\n"
        "  tsvwg-chairs@ietf.org\n"
        "Purpose: For Action\n"
        "Deadline: 12 June 2026\n"
        "Title: Request for review of P802.1Qdv (enhancements to cyclic queuing)\n"
        "Body:\nIEEE 802.1 asks DetNet and TSVWG to review draft D1.3 of P802.1Qdv before its\n"
        "working group ballot.\n\nAttachments: none\n")
case("form-continued-contact-lines",
     mail(n, ("Glenn Parsons", "glenn.parsons@ericsson.example"), "IEEE 802.1 liaison: P802.1Qdv review", text),
     dict(format="rfc4053bis", from_groups=["IEEE 802.1 WG"], from_organisation="IEEE 802",
          from_contacts=["glenn.parsons@ericsson.example", "jessy.rouyer@nokia.example",
                         "stds-802-1-l@ieee.example"], reply_to="glenn.parsons@ericsson.example",
          to_groups=["IETF DETNET WG", "IETF TSVWG WG"], to_organisation="IETF",
          to_contacts=["detnet-chairs@ietf.org", "tsvwg-chairs@ietf.org"], send_to=None,
          purpose="for_action", deadline="2026-06-12",
          title="Request for review of P802.1Qdv (enhancements to cyclic queuing)", in_response_to=None,
          needs_review=False, attachments=[]))

# --- 2. Datatracker "New Liaison Statement" mails ---------------------------


def dt_notification(d):
    reply = f"Please reply by {d['deadline']}" if d.get("deadline") else ""
    ref = f"Referenced liaison: {d['ref']}" if d.get("ref") else ""
    if d.get("attachments"):
        att = "".join(f"\n    {t}\n    https://datatracker.ietf.org/documents/LIAISON/{f}\n"
                      for t, f in d["attachments"])
    else:
        att = "\nNo document has been attached\n"
    return (f"Title: {d['title']}\nSubmission Date: {d['submitted']}\n"
            f"URL of the IETF Web page: https://datatracker.ietf.org/liaison/{d['id']}/\n{reply}\n"
            f"From: {d['frm']} ({d['person']} <{d['response']}>)\n"
            f"To: {d['to']} ({d['to_contacts']})\nCc: {d.get('cc', '')}\n"
            f"Response Contact{d.get('plural', 's')}: {d['response']}\n"
            f"Technical Contact{d.get('plural', 's')}: {d['technical']}\n"
            f"Purpose: {d['purpose']}\n{ref}\nBody: {d['body']}\nAttachments:\n{att}")


def forwarded(note, d, who="Liaison Statement Management Tool <statements@ietf.org>"):
    return (f"{note}\n\n---------- Forwarded message ---------\nFrom: {who}\n"
            f"Date: Fri, 30 Jan 2026 at 16:02\nSubject: New Liaison Statement, \"{d['title']}\"\n"
            f"To: {d['to_contacts']}\n\n" + dt_notification(d))


n = len(CASES) + 1
d = dict(title="LS on IPv6 prefix delegation for 5G residential gateways", submitted="2026-01-30", id=2001,
         deadline="2026-03-31", frm="3GPP/TSG SA WG2", person="Maria Lopez", response="3GPPLiaison@etsi.org",
         to="IETF V6OPS WG", to_contacts="v6ops-chairs@ietf.org", cc="v6ops@ietf.org, 3gpp-liaison@ietf.org",
         technical="maria.lopez@example.com, sa2-chair@3gpp.example", purpose="For action",
         body="SA2 asks V6OPS whether the prefix delegation scheme in TS 23.316 clause 8 matches\n"
              "current operational practice (see the attached LS).",
         attachments=[("S2-2600123 LS on IPv6 prefix delegation", "liaison-2026-01-30-3gpp-tsgsa-sa2-"
                       "ietf-v6ops-ls-on-ipv6-prefix-delegation-attachment-1.docx")])
case("datatracker-forwarded-sa2-action",
     mail(n, ("IAB Liaison Coordinator", "liaison-coordination@iab.org"),
          f"Fwd: New Liaison Statement, \"{d['title']}\"",
          forwarded("FYI: new statement for V6OPS, for action by 31 March.\n\n-- \nLiaison coordination", d),
          to="v6ops-chairs@ietf.org", cc=CENTRAL),
     dict(format="datatracker", from_groups=["3GPP TSG SA WG2"], from_organisation="3GPP",
          from_contacts=["maria.lopez@example.com", "sa2-chair@3gpp.example"], reply_to="3gppliaison@etsi.org",
          to_groups=["IETF V6OPS WG"], to_organisation="IETF", to_contacts=["v6ops-chairs@ietf.org"],
          send_to=None, purpose="for_action", deadline="2026-03-31", title=d["title"], in_response_to=None,
          needs_review=False, attachments=[]))

n = len(CASES) + 1
d = dict(title="Update on SG17 work on PKI and certificate transparency", submitted="2026-01-28", id=2002,
         frm="ITU-T SG17", person="Xiaoya Yang", response="tsbsg17@itu.int", to="IETF LAMPS WG",
         to_contacts="lamps-chairs@ietf.org, lamps@ietf.org", cc="itu-t-liaison@iab.org",
         technical="arnaud.taddei@broadcom.example", purpose="For information",
         body="ITU-T SG17 informs LAMPS that the revision of X.509 (10th edition) was determined at\n"
              "its January 2026 meeting. No action is requested.",
         attachments=[("SG17-LS88", "liaison-2026-01-28-itu-t-sg-17-ietf-lamps-update-on-sg17-attachment-1.pdf")])
case("datatracker-direct-sg17-info",
     mail(n, ("Liaison Statement Management Tool", "statements@ietf.org"),
          f"New Liaison Statement, \"{d['title']}\"", dt_notification(d),
          to="lamps-chairs@ietf.org, lamps@ietf.org", cc="itu-t-liaison@iab.org"),
     dict(format="datatracker", from_groups=["ITU-T Study Group 17"], from_organisation="ITU-T",
          from_contacts=["arnaud.taddei@broadcom.example"], reply_to="tsbsg17@itu.int",
          to_groups=["IETF LAMPS WG"], to_organisation="IETF",
          to_contacts=["lamps-chairs@ietf.org", "lamps@ietf.org"], send_to=None, purpose="for_information",
          deadline=None, title=d["title"], in_response_to=None, needs_review=False, attachments=[]))

n = len(CASES) + 1
d = dict(title="Reply to LS on DetNet OAM for TSN bridges", submitted="2026-01-26", id=2003,
         frm="IEEE 802.1 WG", person="Jessy Rouyer", response="jessy.rouyer@nokia.example",
         to="IETF DETNET WG", to_contacts="detnet-chairs@ietf.org", cc="ieee-802-liaison@iab.org",
         technical="janos.farkas@ericsson.example", purpose="In response",
         ref="LS on OAM for DetNet over TSN (https://datatracker.ietf.org/liaison/1950/)",
         body="IEEE 802.1 thanks DetNet for its statement and confirms that P802.1Qdj covers the\n"
              "OAM functions listed there.")
case("datatracker-forwarded-ieee-in-response",
     mail(n, ("Liaison Manager to IEEE 802", "ieee-802-liaison@iab.org"),
          f"Fwd: New Liaison Statement, \"{d['title']}\"",
          forwarded("Forwarding the reply from 802.1 for your records.", d), to="detnet-chairs@ietf.org",
          cc=CENTRAL),
     dict(format="datatracker", from_groups=["IEEE 802.1 WG"], from_organisation="IEEE 802",
          from_contacts=["janos.farkas@ericsson.example"], reply_to="jessy.rouyer@nokia.example",
          to_groups=["IETF DETNET WG"], to_organisation="IETF", to_contacts=["detnet-chairs@ietf.org"],
          send_to=None, purpose="in_response", deadline=None, title=d["title"], needs_review=False,
          attachments=[]))

n = len(CASES) + 1
d = dict(title="Comments on draft-ietf-teas-ietf-network-slices", submitted="2026-01-29", id=2004,
         deadline="2026-04-01", frm="ITU-T SG13", person="Tatiana Kurakova", response="tsbsg13@itu.int",
         to="IETF TEAS WG", to_contacts="teas-chairs@ietf.org", cc="teas@ietf.org",
         technical="jeong.yoon@etri.example", purpose="For comment",
         body="SG13 invites TEAS to comment on the alignment of its slicing terminology with\n"
              "Y.3100 Amendment 3.")
case("datatracker-for-comment-sg13",
     mail(n, ("Liaison Statement Management Tool", "statements@ietf.org"),
          f"New Liaison Statement, \"{d['title']}\"", dt_notification(d), to="teas-chairs@ietf.org",
          cc="teas@ietf.org"),
     dict(format="datatracker", from_groups=["ITU-T Study Group 13"], from_organisation="ITU-T",
          from_contacts=["jeong.yoon@etri.example"], reply_to="tsbsg13@itu.int", to_groups=["IETF TEAS WG"],
          to_organisation="IETF", to_contacts=["teas-chairs@ietf.org"], send_to=None, purpose="for_comment",
          deadline="2026-04-01", title=d["title"], in_response_to=None, needs_review=True, attachments=[]))

# The notification forwarded as an attachment (message/rfc822).
n = len(CASES) + 1
d = dict(title="LS on QUIC for media delivery over 5G", submitted="2026-01-30", id=2005, deadline="2026-04-20",
         frm="3GPP TSG SA WG4", person="Imre Varga", response="3GPPLiaison@etsi.org", to="IETF QUIC WG",
         to_contacts="quic-chairs@ietf.org", cc="moq-chairs@ietf.org",
         technical="imre.varga@ericsson.example", purpose="For action",
         body="SA4 asks QUIC whether the datagram extension (RFC 9221) may be used for the media\n"
              "delivery profile in TS 26.512.")
inner = email.message.EmailMessage(policy=POLICY)
inner["From"] = "Liaison Statement Management Tool <statements@ietf.org>"
inner["To"] = "quic-chairs@ietf.org"
inner["Cc"] = "moq-chairs@ietf.org"
inner["Subject"] = f"New Liaison Statement, \"{d['title']}\""
inner["Date"] = "Fri, 30 Jan 2026 16:02:11 -0800"
inner["Message-ID"] = "<liaison-2005@datatracker.ietf.org>"
inner.set_content(dt_notification(d), cte="7bit")
case("datatracker-forwarded-as-attachment-sa4",
     mail(n, ("QUIC chairs", "quic-chairs@ietf.org"), f"Fwd: New Liaison Statement, \"{d['title']}\"",
          "Forwarding for the record; the notification is attached.\n", forward=inner),
     # The forwarded message itself is no attachment of the statement: not scored.
     dict(format="datatracker", from_groups=["3GPP TSG SA WG4"], from_organisation="3GPP",
          from_contacts=["imre.varga@ericsson.example"], reply_to="3gppliaison@etsi.org",
          to_groups=["IETF QUIC WG"], to_organisation="IETF", to_contacts=["quic-chairs@ietf.org"],
          send_to=None, purpose="for_action", deadline="2026-04-20", title=d["title"], in_response_to=None,
          needs_review=False))

# The older template's singular labels ("Response Contact:", "Technical Contact:").
n = len(CASES) + 1
d = dict(title="LS on SR policy for 5G transport", submitted="2026-01-22", id=1998, deadline="2026-02-27",
         frm="ITU-T SG13", person="Tatiana Kurakova", response="tsbsg13@itu.int", to="IETF SPRING WG",
         to_contacts="spring-chairs@ietf.org", cc="", technical="rapporteur.q6@sg13.example",
         purpose="For action", plural="",
         body="SG13 asks SPRING whether SR policies can express the transport slices of Y.3150.")
case("datatracker-old-singular-labels",
     mail(n, ("Liaison Statement Management Tool", "statements@ietf.org"),
          f"New Liaison Statement, \"{d['title']}\"", dt_notification(d), to="spring-chairs@ietf.org"),
     dict(format="datatracker", from_groups=["ITU-T Study Group 13"], from_organisation="ITU-T",
          from_contacts=["rapporteur.q6@sg13.example"], reply_to="tsbsg13@itu.int", to_groups=["IETF SPRING WG"],
          to_organisation="IETF", to_contacts=["spring-chairs@ietf.org"], send_to=None, purpose="for_action",
          deadline="2026-02-27", title=d["title"], in_response_to=None, needs_review=False, attachments=[]))

# The coordinator attaches the document downloaded from the Datatracker.
n = len(CASES) + 1
d = dict(title="BBF TR-459 issue 2: Multi-service disaggregated BNG", submitted="2026-01-27", id=2006,
         frm="Broadband Forum", person="David Sinicrope", response="liaison@broadband-forum.example",
         to="IETF RTG Area", to_contacts="rtg-ads@ietf.org", technical="sven.ooghe@nokia.example",
         purpose="For information",
         body="The Broadband Forum has published TR-459 Issue 2, attached, for the information of\n"
              "the Routing Area.",
         attachments=[("TR-459 Issue 2 summary", "liaison-2026-01-27-bbf-tr-459-attachment-1.docx")])
tr = docx(["TR-459 Issue 2 - Executive summary",
           "This Technical Report defines a disaggregated broadband network gateway with a control "
           "plane and user plane separated by the CUPS interface (TR-459).",
           [["Section", "Content"], ["2", "Architecture"], ["3", "Interfaces"], ["4", "Requirements"]]],
          "TR-459 summary")
atts = [("TR-459-issue2-summary.docx", DOCX, tr)]
case("datatracker-with-downloaded-docx-bbf",
     mail(n, ("IAB Liaison Coordinator", "liaison-coordination@iab.org"),
          f"Fwd: New Liaison Statement, \"{d['title']}\"",
          forwarded("For the Routing ADs; I attach the document from the Datatracker.", d), atts,
          to="rtg-ads@ietf.org"),
     dict(format="datatracker", from_groups=["Broadband Forum"], from_organisation="Broadband Forum",
          from_contacts=["sven.ooghe@nokia.example"], reply_to="liaison@broadband-forum.example",
          to_groups=["IETF Routing Area"], to_organisation="IETF", to_contacts=["rtg-ads@ietf.org"],
          send_to=None, purpose="for_information", deadline=None, title=d["title"], in_response_to=None,
          needs_review=False, attachments=names(atts)))

# --- 3. the 3GPP LS template --------------------------------------------------


def gpp_blocks(g):
    rows = [["Title:", g["title"]],
            ["Response to:", g.get("response_line", "")],
            ["Release:", g["release"]],
            ["Work Item:", g["wi"]]]
    rows2 = [["Source:", g["source"]], ["To:", g["to"]], ["Cc:", g.get("cc", "")]]
    rows3 = [["Contact Person:", ""], ["Name:", g["name"]], ["Tel. Number:", g.get("tel", "+33 4 92 94 42 00")],
             ["E-mail Address:", g["email"]]]
    rows4 = [["Send any reply LS to:", "3GPP Liaisons Coordinator, mailto:3GPPLiaison@etsi.org"],
             ["Attachments:", g.get("attachments", "None")]]
    blocks = [f"3GPP {g['meeting']}\t{g['tdoc']}", g["place"], "", rows, "", rows2, "", rows3, "", rows4, "",
              "1. Overall Description:"] + g["description"] + ["", "2. Actions:"]
    blocks += g["actions"] or ["None."]
    blocks += ["", f"3. Date of Next {g['next_group']} Meetings:"] + g["next"]
    return blocks


GPP = []

GPP.append(dict(
    case="3gpp-sa3-tls-zip-docx", pack="zip", tdoc="S3-260412", meeting="TSG-SA WG3 Meeting #125",
    place="Goa, India, 19 - 23 January 2026", title="LS on TLS 1.3 session resumption for SBA",
    release="Rel-19", wi="SCAS_5G", source="SA3", to="IETF TLS WG", cc="SA2", name="Alex Hansen",
    email="alex.hansen@nokia.example",
    description=["SA3 studied the use of TLS 1.3 session resumption between network functions of the 5G "
                 "service based architecture and identified the issues described below."],
    actions=["To IETF TLS WG.", "ACTION:\tSA3 kindly asks IETF TLS WG to provide feedback on the questions "
             "above by 15 April 2026."],
    next_group="TSG-SA WG3", next=["SA3#126\t20 - 24 April 2026\tSan Diego, US",
                                   "SA3#127\t18 - 22 May 2026\tFukuoka, JP"],
    sender=("Alex Hansen", "alex.hansen@nokia.example"),
    exp=dict(from_groups=["3GPP TSG SA WG3"], to_groups=["IETF TLS WG", "3GPP TSG SA WG2"],
             from_contacts=["alex.hansen@nokia.example"], purpose="for_action", deadline="2026-04-15",
             in_response_to=None, needs_review=False)))

GPP.append(dict(
    case="3gpp-sa2-reply-docx", pack="docx", tdoc="S2-2600987", meeting="TSG-SA WG2 Meeting #172",
    place="Fukuoka, Japan, 26 - 30 January 2026", title="Reply LS on IPv6 prefix delegation",
    response_line="LS on IPv6 prefix delegation (LS-2025-0071) from IETF 6MAN WG", release="Rel-19",
    wi="5GSAT_Ph3", source="SA2", to="IETF 6MAN WG", name="Maria Lopez", email="maria.lopez@example.com",
    description=["SA2 thanks 6MAN for its LS on IPv6 prefix delegation (LS-2025-0071).",
                 "SA2 has aligned TS 23.501 with RFC 9663 as suggested."],
    actions=None, next_group="TSG SA WG2", next=["TSG SA WG2 Meeting #173\t13 - 17 April 2026\tWuhan, CN"],
    sender=("3GPP Liaisons", "3GPPLiaison@etsi.org"),
    exp=dict(from_groups=["3GPP TSG SA WG2"], to_groups=["IETF 6MAN WG"],
             from_contacts=["maria.lopez@example.com", "3gppliaison@etsi.org"], purpose="in_response",
             deadline=None, in_response_to="LS-2025-0071", needs_review=False)))

GPP.append(dict(
    case="3gpp-ct4-nested-zip", pack="zip-nested", tdoc="C4-260233", meeting="TSG-CT WG4 Meeting #132",
    place="Dubrovnik, Croatia, 19 - 23 January 2026", title="LS on Diameter AVP code allocation",
    release="Rel-19", wi="TEI19", source="CT4", to="IETF INTAREA WG", cc="CT3", name="Li Wei",
    email="li.wei@huawei.example",
    description=["CT4 has defined the new AVPs listed in the attached CR and needs code points "
                 "from the IANA registry maintained under the IETF's policy."],
    actions=["To IETF INTAREA WG.", "ACTION:\tCT4 asks the IETF to allocate the AVP codes listed in the "
             "attachment."],
    next_group="TSG-CT WG4", next=["CT4#133\t20 - 24 April 2026\tCharleston, US"],
    sender=("Li Wei", "li.wei@huawei.example"),
    exp=dict(from_groups=["3GPP TSG CT WG4"], to_groups=["IETF INTAREA WG", "3GPP TSG CT WG3"],
             from_contacts=["li.wei@huawei.example"], purpose="for_action", deadline=None,
             in_response_to=None, needs_review=True)))

GPP.append(dict(
    case="3gpp-ran2-pdf-info", pack="pdf", tdoc="R2-2600876", meeting="TSG-RAN WG2 Meeting #133",
    place="Athens, Greece, 26 - 30 January 2026", title="LS on ROHC profiles for NR multicast",
    release="Rel-19", wi="NR_MBS_enh", source="RAN2", to="IETF TSVWG", name="Kenji Sato",
    email="kenji.sato@docomo.example",
    description=["RAN2 informs TSVWG that ROHC profile 0x0006 (RFC 6846) will be supported for NR "
                 "multicast and broadcast services from Release 19."],
    actions=None, next_group="TSG RAN WG2", next=["RAN2#134\t13 - 17 April 2026\tMalta"],
    sender=("Kenji Sato", "kenji.sato@docomo.example"),
    exp=dict(from_groups=["3GPP TSG RAN WG2"], to_groups=["IETF TSVWG WG"],
             from_contacts=["kenji.sato@docomo.example"], purpose="for_information", deadline=None,
             in_response_to=None, needs_review=False)))

GPP.append(dict(
    case="3gpp-sa5-action-for-other-group", pack="docx", tdoc="S5-260150", meeting="TSG-SA WG5 Meeting #164",
    place="Wroclaw, Poland, 26 - 30 January 2026", title="LS on YANG models for 5G network slice management",
    release="Rel-19", wi="YANG5G", source="SA5", to="SA2", cc="IETF NETMOD WG", name="Piotr Nowak",
    email="piotr.nowak@orange.example",
    description=["SA5 has agreed YANG models for slice management in TS 28.541 and asks SA2 to check "
                 "them against the slice attributes in TS 23.501. NETMOD is copied for information."],
    actions=["To SA2.", "ACTION:\tSA5 asks SA2 to review the attributes listed in annex A and to reply "
             "before SA5#165."],
    next_group="TSG SA WG5", next=["SA5#165\t20 - 24 April 2026\tXiamen, CN"],
    sender=("Piotr Nowak", "piotr.nowak@orange.example"),
    exp=dict(from_groups=["3GPP TSG SA WG5"], to_groups=["3GPP TSG SA WG2", "IETF NETMOD WG"],
             from_contacts=["piotr.nowak@orange.example"], purpose="for_information", deadline=None,
             in_response_to=None, needs_review=False)))

GPP.append(dict(
    case="3gpp-sa4-zip-with-cr-pdf", pack="zip-multi", tdoc="S4-260301", meeting="TSG-SA WG4 Meeting #135",
    place="Sophia Antipolis, France, 2 - 6 February 2026", title="LS on QUIC datagrams for 5G media streaming",
    response_line="LS on media over QUIC (S4-252211)", release="Rel-19", wi="5GMS_Ph3",
    source="3GPP TSG SA WG4", to="IETF QUIC WG", name="Imre Varga", email="imre.varga@ericsson.example",
    attachments="S4-260299 CR 26.512", description=[
        "SA4 thanks QUIC for its reply and provides the CR that introduces QUIC datagrams in the "
        "5G media streaming profile."],
    actions=["To IETF QUIC WG.", "ACTION:\tSA4 asks the QUIC WG to review the CR and to reply before "
             "20th May 2026."],
    next_group="TSG SA WG4", next=["SA4#136\t11 - 15 May 2026\tBerlin, DE",
                                   "SA4#137\t17 - 21 August 2026\tGothenburg, SE"],
    sender=("Imre Varga", "imre.varga@ericsson.example"),
    exp=dict(from_groups=["3GPP TSG SA WG4"], to_groups=["IETF QUIC WG"],
             from_contacts=["imre.varga@ericsson.example"], purpose="for_action", deadline="2026-05-20",
             in_response_to="S4-252211", needs_review=False)))

GPP.append(dict(
    case="3gpp-cover-mail-conflicts-with-docx", pack="zip", tdoc="S3-260455", meeting="TSG-SA WG3 Meeting #125",
    place="Goa, India, 19 - 23 January 2026", title="LS on EAP-AKA' forward secrecy", release="Rel-19",
    wi="SEAL", source="SA3", to="IETF EMU WG", name="Alex Hansen", email="alex.hansen@nokia.example",
    description=["SA3 plans to mandate EAP-AKA' FS (RFC 9678) for non-3GPP access and asks EMU about "
                 "the status of its errata."],
    actions=["To IETF EMU WG.", "ACTION:\tSA3 asks EMU WG to confirm the status of the errata by "
             "30 April 2026."],
    next_group="TSG-SA WG3", next=["SA3#126\t20 - 24 April 2026\tSan Diego, US"],
    sender=("Alex Hansen", "alex.hansen@nokia.example"),
    cover=("From: 3GPP TSG SA WG3\nTo: IETF EMU WG\nPurpose: For Action\nDeadline: 15 April 2026\n"
           "Title: LS on EAP-AKA' forward secrecy\n\nDear EMU chairs,\n\nplease find attached SA3's LS "
           "S3-260455.\n\nBest regards,\nAlex Hansen\n"),
    # The mail says 15 April, the document 30 April: which one holds is for a person to say.
    exp=dict(from_groups=["3GPP TSG SA WG3"], to_groups=["IETF EMU WG"],
             from_contacts=["alex.hansen@nokia.example"], purpose="for_action", in_response_to=None,
             needs_review=True)))

for g in GPP:
    blocks = gpp_blocks(g)
    doc = docx(blocks, g["title"])
    tdoc = g["tdoc"]
    if g["pack"] == "pdf":
        atts = [(f"{tdoc}.pdf", PDF, pdf(flatten(blocks)))]
    elif g["pack"] == "docx":
        atts = [(f"{tdoc}.docx", DOCX, doc)]
    elif g["pack"] == "zip":
        atts = [(f"{tdoc}.zip", ZIP, fixed_zip([(f"{tdoc}.docx", doc)]))]
    elif g["pack"] == "zip-multi":
        cr = pdf(["3GPP TSG-SA WG4 Meeting #135\tS4-260299", "CHANGE REQUEST", "26.512 CR 0123 rev -",
                  "Title:\tIntroduction of QUIC datagrams", "Source to WG:\tEricsson",
                  "Reason for change: QUIC datagrams (RFC 9221) reduce the latency of media delivery."])
        atts = [(f"{tdoc}.zip", ZIP, fixed_zip([(f"{tdoc}.docx", doc), ("S4-260299.pdf", cr)]))]
    else:  # a zip in a zip, as the meeting server packs an LS with its annexes
        inner = fixed_zip([(f"{tdoc}.docx", doc), ("readme.txt", b"3GPP document package\r\n")])
        atts = [(f"{tdoc}_package.zip", ZIP, fixed_zip([(f"{tdoc}.zip", inner)]))]
    body = g.get("cover") or (f"Dear IETF colleagues,\n\nplease find attached LS {tdoc} from "
                              f"{g['source']}.\n\nBest regards,\n{g['sender'][0]}\n")
    n = len(CASES) + 1
    raw = mail(n, g["sender"], f"[{tdoc}] {g['title']}", body, atts)
    exp = dict(format="3gpp", from_organisation="3GPP", to_organisation="IETF", reply_to="3gppliaison@etsi.org",
               send_to=None, title=g["title"], attachments=names(atts))
    exp.update(g["exp"])
    case(g["case"], raw, exp)

# --- 4. the ITU-T LS layout ------------------------------------------------------


def itu_blocks(t):
    head = [["INTERNATIONAL TELECOMMUNICATION UNION\nTELECOMMUNICATION\nSTANDARDIZATION SECTOR\n"
             "STUDY PERIOD 2025-2028", "", f"{t['ls']}\nSTUDY GROUP {t['sg']}\nOriginal: English"]]
    rows = [["Question(s):", t["q"], "Meeting, date:", t["meeting"]],
            ["Study Group:", t["sg"], "Working Party:", t.get("wp", "-")],
            ["Source:", t["source"]],
            ["Title:", t["title"]]]
    addr = [["For action to:", t.get("action") or "-"],
            ["For comment to:", t.get("comment") or "-"],
            ["For information to:", t.get("info") or "-"],
            ["Approval:", t["approval"]],
            ["Deadline:", t.get("deadline") or "N/A"]]
    for c in t["contacts"]:
        addr.append(["Contact:", f"{c[0]}\n{c[1]}\n{c[2]}", f"Tel: {c[3]}\nE-mail: {c[4]}"])
    return ([head, "", rows, "", "LIAISON STATEMENT", "", addr, ""] + t["text"] +
            ["", "Attachments: " + t.get("attachments", "none")])


ITU = []
ITU.append(dict(
    case="itu-t-sg15-action-and-info-docx", pack="docx", sg="15", ls="SG15-LS142", q="14/15",
    meeting="Geneva, 19-30 January 2026", wp="3", source="ITU-T Study Group 15",
    title="LS on OTN YANG models for beyond-400G interfaces", action="IETF CCAMP WG",
    info="3GPP TSG SA WG5, IEEE 802.3 WG", approval="Agreed to at SG15 meeting (Geneva, 30 January 2026)",
    deadline="15 March 2026",
    contacts=[("Bob Smith", "Acme Networks", "United States", "+1 555 0100", "bob.smith@acme.example"),
              ("Italo Busi", "Huawei Technologies", "Italy", "+39 02 0000 0000", "italo.busi@huawei.example")],
    text=["ITU-T Study Group 15 thanks CCAMP for its continued work on OTN YANG models and asks it to "
          "review the attached draft G.875 amendment by the deadline above."],
    exp=dict(from_groups=["ITU-T Study Group 15"],
             to_groups=["IETF CCAMP WG", "3GPP TSG SA WG5", "IEEE 802.3 WG"], purpose="for_action",
             deadline="2026-03-15", from_contacts=["bob.smith@acme.example", "italo.busi@huawei.example"],
             in_response_to=None, needs_review=False)))
ITU.append(dict(
    case="itu-t-sg13-info-pdf", pack="pdf", sg="13", ls="SG13-LS61", q="6/13",
    meeting="Geneva, 12-23 January 2026", source="ITU-T SG13", title="LS on network slicing terminology",
    info="IETF TEAS WG", approval="Agreed to at Q6/13 meeting (Geneva, 23 January 2026)",
    contacts=[("Chen Jing", "China Telecom", "China", "+86 10 0000 0000", "chen.jing@chinatelecom.example")],
    text=["SG13 informs TEAS of the terms agreed for Y.3100 Amendment 3 on network slicing.",
          "No action is requested."],
    exp=dict(from_groups=["ITU-T Study Group 13"], to_groups=["IETF TEAS WG"], purpose="for_information",
             deadline=None, from_contacts=["chen.jing@chinatelecom.example"], in_response_to=None,
             needs_review=False)))
ITU.append(dict(
    case="itu-t-sg17-comment-pdf", pack="pdf", sg="17", ls="SG17-LS201", q="11/17",
    meeting="Geneva, 14-23 January 2026", source="ITU-T Study Group 17",
    title="LS on post-quantum certificate profiles", comment="IETF LAMPS WG", info="ISO/IEC JTC 1/SC 27",
    approval="Agreed to at SG17 meeting (Geneva, 23 January 2026)", deadline="30 April 2026",
    contacts=[("Eva Klein", "BSI", "Germany", "+49 228 0000 0000", "eva.klein@bsi.example")],
    text=["SG17 invites LAMPS to comment on the draft X.509 amendment on composite signatures."],
    exp=dict(from_groups=["ITU-T Study Group 17"], to_groups=["IETF LAMPS WG", "ISO/IEC JTC 1/SC 27"],
             purpose="for_comment", deadline="2026-04-30", from_contacts=["eva.klein@bsi.example"],
             in_response_to=None, needs_review=True)))
ITU.append(dict(
    case="itu-t-sg11-dotted-deadline-docx", pack="docx", sg="11", ls="SG11-LS45", q="2/11",
    meeting="Geneva, 20-29 January 2026", source="ITU-T Study Group 11",
    title="LS on SIP signalling for emergency calls from IoT devices", action="IETF SIPCORE WG",
    approval="Agreed to at SG11 meeting (Geneva, 29 January 2026)", deadline="30.04.2026",
    contacts=[("Aline Dupont", "Orange", "France", "+33 1 00 00 00 00", "aline.dupont@orange.example")],
    text=["SG11 asks SIPCORE to confirm that the header fields of Q.3615 Annex B are compatible with "
          "RFC 7852."],
    exp=dict(from_groups=["ITU-T Study Group 11"], to_groups=["IETF SIPCORE WG"], purpose="for_action",
             deadline="2026-04-30", from_contacts=["aline.dupont@orange.example"], in_response_to=None,
             needs_review=False)))
ITU.append(dict(
    case="itu-t-sg2-pdf-in-zip", pack="zip-pdf", sg="2", ls="SG2-LS12", q="1/2",
    meeting="Geneva, 13-22 January 2026", source="ITU-T Study Group 2",
    title="LS on E.164 numbering resources for IoT devices", action="IETF DNSOP WG", info="IETF IAB",
    approval="Agreed to at SG2 meeting (Geneva, 22 January 2026)", deadline="2026-05-15",
    contacts=[("Sam Okafor", "NCC", "Nigeria", "+234 9 000 0000", "sam.okafor@ncc.example")],
    text=["SG2 asks DNSOP how ENUM delegations for IoT numbering ranges should be operated."],
    exp=dict(from_groups=["ITU-T Study Group 2"], to_groups=["IETF DNSOP WG", "IAB"], purpose="for_action",
             deadline="2026-05-15", from_contacts=["sam.okafor@ncc.example"], in_response_to=None,
             needs_review=False)))
ITU.append(dict(
    case="itu-t-sg15-reply-docx", pack="docx", sg="15", ls="SG15-LS150", q="10/15",
    meeting="Geneva, 19-30 January 2026", wp="3", source="ITU-T Study Group 15",
    title="LS/r on MPLS-TP OAM interworking (reply to IETF LS-2025-0077)", info="IETF MPLS WG",
    approval="Agreed to at Q10/15 meeting (Geneva, 30 January 2026)",
    contacts=[("Huub van Helvoort", "Hai Gaoming BV", "Netherlands", "+31 6 0000 0000",
               "huub.van.helvoort@example.nl")],
    text=["SG15 thanks the IETF MPLS WG for its LS LS-2025-0077 on MPLS-TP OAM interworking.",
          "G.8113.1 will be aligned with RFC 6371 in its next revision."],
    exp=dict(from_groups=["ITU-T Study Group 15"], to_groups=["IETF MPLS WG"], purpose="in_response",
             deadline=None, from_contacts=["huub.van.helvoort@example.nl"], in_response_to="LS-2025-0077",
             needs_review=False)))

ITU.append(dict(
    case="itu-t-sg20-ietf-only-informed-pdf", pack="pdf", sg="20", ls="SG20-LS33", q="2/20",
    meeting="Geneva, 2-11 February 2026", source="ITU-T Study Group 20",
    title="LS on identifiers for IoT devices in smart cities", action="ISO/IEC JTC 1/SC 6",
    info="IETF 6MAN WG; IETF CBOR WG", approval="Agreed to at SG20 meeting (Geneva, 11 February 2026)",
    deadline="1 June 2026",
    contacts=[("Marco Carugi", "Independent", "Italy", "+39 06 0000 0000", "marco.carugi@example.it")],
    text=["SG20 asks JTC 1/SC 6 to align the identifier scheme of Y.4459 with ISO/IEC 29161 and "
          "informs 6MAN and CBOR of the encoding it intends to use."],
    exp=dict(from_groups=["ITU-T Study Group 20"],
             to_groups=["ISO/IEC JTC 1/SC 6", "IETF 6MAN WG", "IETF CBOR WG"], purpose="for_information",
             from_contacts=["marco.carugi@example.it"], in_response_to=None, needs_review=False)))

for t in ITU:
    blocks = itu_blocks(t)
    tsb = f"tsbsg{t['sg']}@itu.int"
    if t["pack"] == "pdf":
        atts = [(f"{t['ls']}.pdf", PDF, pdf(flatten(blocks)))]
    elif t["pack"] == "zip-pdf":
        atts = [(f"{t['ls']}.zip", ZIP, fixed_zip([(f"{t['ls']}.pdf", pdf(flatten(blocks)))]))]
    else:
        atts = [(f"{t['ls']}.docx", DOCX, docx(blocks, t["title"]))]
    n = len(CASES) + 1
    raw = mail(n, (f"ITU-T SG{t['sg']} Secretariat", tsb), f"ITU-T {t['ls']}: {t['title']}",
               f"Dear Sir/Madam,\n\nplease find attached liaison statement {t['ls']} from ITU-T Study "
               f"Group {t['sg']}.\n\nKind regards,\nTSB\n", atts)
    exp = dict(format="itu-t", from_organisation="ITU-T", to_organisation="IETF", reply_to=None, send_to=None,
               title=t["title"], attachments=names(atts))
    exp.update(t["exp"])
    exp["from_contacts"] = exp["from_contacts"] + [tsb]
    case(t["case"], raw, exp)

# --- 5. letters in prose -----------------------------------------------------------


def letter(head, date, subject, dear, paras, sign):
    return ("\n".join(head) + f"\n\n{date}\n\nSubject: {subject}\n\n{dear}\n\n" + "\n\n".join(paras) +
            "\n\n" + "\n".join(sign) + "\n")


n = len(CASES) + 1
text = letter(["IEEE 802 LAN/MAN Standards Committee", "445 Hoes Lane, Piscataway, NJ 08854, USA"],
              "30 January 2026", "IEEE 802 request regarding YANG for IEEE 802 technologies",
              "Dear Dr. Kuehlewind,",
              ["On behalf of the IEEE 802 LAN/MAN Standards Committee I write to the Internet Architecture "
               "Board about the maintenance of YANG modules for IEEE 802 technologies.",
               "We would appreciate receiving the IAB's views by 30 April 2026, so that they can be "
               "considered at our July plenary session."],
              ["Sincerely,", "", "Paul Nikolich", "Chair, IEEE 802 LMSC", "p.nikolich@ieee.example"])
case("letter-ieee802-to-iab-body",
     mail(n, ("Paul Nikolich", "p.nikolich@ieee.example"), "IEEE 802 request regarding YANG for IEEE 802 "
          "technologies", text, to="iab@iab.org", cc=CENTRAL),
     dict(format="letter", from_groups=["IEEE 802 LMSC"], from_organisation="IEEE 802",
          from_contacts=["p.nikolich@ieee.example"], reply_to=None, to_groups=["IAB"], to_organisation="IETF",
          send_to=None, purpose="for_action", deadline="2026-04-30",
          title="IEEE 802 request regarding YANG for IEEE 802 technologies", in_response_to=None,
          needs_review=True, attachments=[]))

n = len(CASES) + 1
text = letter(["IEEE 802.11 Wireless LAN Working Group"], "29 January 2026",
              "Liaison on EAP methods for 802.11 fast initial link setup", "Dear IETF EMU WG chairs,",
              ["IEEE 802.11 has started work on a revision of fast initial link setup (FILS) that relies on "
               "EAP re-authentication (RFC 6696).",
               "We kindly ask the IETF EMU WG to review the attached material and respond by March 31st, "
               "2026."],
              ["Best regards,", "", "Dorothy Stanley", "Chair, IEEE 802.11 WG", "dstanley@hpe.example"])
atts = [("802.11-26-0123-00-liaison-to-EMU.pdf", PDF, pdf(text.split("\n")))]
case("letter-ieee80211-pdf",
     mail(n, ("Dorothy Stanley", "dstanley@hpe.example"), "Liaison from IEEE 802.11 to IETF EMU",
          "Dear EMU chairs,\n\nplease find our liaison letter attached.\n\nDorothy\n", atts,
          to="emu-chairs@ietf.org", cc=CENTRAL),
     dict(format="letter", from_groups=["IEEE 802.11 WG"], from_organisation="IEEE 802",
          from_contacts=["dstanley@hpe.example"], reply_to=None, to_groups=["IETF EMU WG"],
          to_organisation="IETF", send_to=None, purpose="for_action", deadline="2026-03-31",
          title="Liaison on EAP methods for 802.11 fast initial link setup", in_response_to=None,
          needs_review=True, attachments=names(atts)))

n = len(CASES) + 1
text = letter(["IEEE 802.3 Ethernet Working Group"], "27 January 2026", "Status of IEEE P802.3dg",
              "Dear colleagues of the IETF DetNet working group,",
              ["IEEE 802.3 would like to inform you that P802.3dg (100 Mb/s long-reach single-pair "
               "Ethernet) reached sponsor ballot in January 2026.",
               "This letter is for your information; no action is requested."],
              ["Kind regards,", "", "David Law", "Chair, IEEE 802.3 Ethernet Working Group",
               "dlaw@hpe.example"])
case("letter-ieee8023-info-body",
     mail(n, ("David Law", "dlaw@hpe.example"), "Status of IEEE P802.3dg", text, to="detnet-chairs@ietf.org"),
     dict(format="letter", from_groups=["IEEE 802.3 WG"], from_organisation="IEEE 802",
          from_contacts=["dlaw@hpe.example"], reply_to=None, to_groups=["IETF DETNET WG"], to_organisation="IETF",
          send_to=None, purpose="for_information", deadline=None, title="Status of IEEE P802.3dg",
          in_response_to=None, needs_review=True, attachments=[]))

n = len(CASES) + 1
text = letter(["ETSI", "Technical Committee CYBER", "650 Route des Lucioles, 06921 Sophia Antipolis, France"],
              "28 January 2026", "ETSI TC CYBER work on quantum-safe cryptography migration",
              "Dear IETF Security Area Directors,",
              ["ETSI TC CYBER has published TR 103 619 on the migration to quantum-safe cryptography and "
               "is preparing its revision.",
               "We would welcome your views on the attached report before 1 April 2026."],
              ["Yours sincerely,", "", "Carmen Ruiz", "Chair, ETSI TC CYBER", "cyber-chair@etsi.example"])
atts = [("CYBER-letter-to-IETF-SEC.docx", DOCX, docx(text.split("\n"), "Letter to IETF SEC"))]
case("letter-etsi-cyber-docx",
     mail(n, ("ETSI CYBER Support", "cyber-support@etsi.example"), "Letter from ETSI TC CYBER to the IETF "
          "Security Area", "Dear Security ADs,\n\nplease find attached a letter from ETSI TC CYBER.\n\n"
          "Kind regards,\nCYBER support\n", atts, to="sec-ads@ietf.org", cc=CENTRAL),
     dict(format="letter", from_groups=["ETSI TC CYBER"], from_organisation="ETSI",
          from_contacts=["cyber-chair@etsi.example", "cyber-support@etsi.example"], reply_to=None,
          to_groups=["IETF Security Area"], to_organisation="IETF", send_to=None, purpose="for_action",
          deadline="2026-04-01", title="ETSI TC CYBER work on quantum-safe cryptography migration",
          in_response_to=None, needs_review=True, attachments=names(atts)))

# A reply in prose, in windows-1252 quoted-printable.
n = len(CASES) + 1
text = letter(["ISO/IEC JTC 1/SC 27", "Information security, cybersecurity and privacy protection"],
              "26 January 2026", "Reply to IETF LAMPS on certificate transparency",
              "Dear IETF LAMPS WG chairs,",
              ["In response to your liaison statement LS-2025-0042 of 3 November 2025, SC 27 confirms "
               "that ISO/IEC 9594-8 will reference RFC 9162 for certificate transparency.",
               "SC 27 appreciates the cooperation with the IETF on this topic \u2013 \u00ab merci \u00bb."],
              ["Sincerely,", "", "Laura L\u00f3pez", "Committee Manager, ISO/IEC JTC 1/SC 27",
               "sc27-secretariat@din.example"])
case("letter-sc27-response-cp1252",
     mail(n, ("Laura L\u00f3pez", "sc27-secretariat@din.example"), "Reply to IETF LAMPS on certificate transparency",
          text, to="lamps-chairs@ietf.org", charset="windows-1252", cte="quoted-printable"),
     dict(format="letter", from_groups=["ISO/IEC JTC 1/SC 27"], from_organisation="ISO/IEC JTC 1",
          from_contacts=["sc27-secretariat@din.example"], reply_to=None, to_groups=["IETF LAMPS WG"],
          to_organisation="IETF", send_to=None, purpose="in_response", deadline=None,
          title="Reply to IETF LAMPS on certificate transparency", in_response_to="LS-2025-0042",
          needs_review=True, attachments=[]))

# --- 6. plain mails ------------------------------------------------------------------

PLAIN_EXP = dict(format="plain", from_groups=[], to_groups=[], reply_to=None, send_to=None, purpose=None,
                 deadline=None, in_response_to=None, needs_review=True, attachments=[])

n = len(CASES) + 1
case("plain-question-errata",
     mail(n, ("Jane Roe", "jane.roe@vendor.example"), "Question about RFC 9000 errata",
          "Hello,\n\nI have a question about an erratum in RFC 9000 (section 19.3). Who can help?\n\nThanks,\n"
          "Jane\n"),
     dict(PLAIN_EXP, from_contacts=["jane.roe@vendor.example"], title="Question about RFC 9000 errata"))

n = len(CASES) + 1
case("plain-latin1-qp-german",
     mail(n, ("Martin M\u00fcller", "m.mueller@example.de"), "Anfrage: Zusammenarbeit bei IoT-Sicherheit",
          "Sehr geehrte Damen und Herren,\n\nwir m\u00f6chten eine Zusammenarbeit im Bereich "
          "IoT-Sicherheit anregen. Gibt es daf\u00fcr einen Ansprechpartner?\n\nMit freundlichen "
          "Gr\u00fc\u00dfen\nMartin M\u00fcller\n", charset="iso-8859-1", cte="quoted-printable"),
     dict(PLAIN_EXP, from_contacts=["m.mueller@example.de"], title="Anfrage: Zusammenarbeit bei IoT-Sicherheit"))

n = len(CASES) + 1
case("plain-html-only-invitation",
     mail(n, ("Forum Secretariat", "secretariat@forum.example"), "Invitation to our workshop on network telemetry",
          "<html><body><p>Dear all,</p><p>you are invited to our <b>workshop on network telemetry</b> "
          "on 10 March 2026 in Paris.</p><p>Secretariat</p></body></html>\n", subtype="html"),
     dict(PLAIN_EXP, from_contacts=["secretariat@forum.example"],
          title="Invitation to our workshop on network telemetry"))

# Someone answers a statement informally, quoting it: the quoted fields are
# the original's, not this mail's.
n = len(CASES) + 1
quoted = form([("From", "3GPP TSG SA WG3"), ("From-Contact", "alex.hansen@nokia.example"),
               ("Send Reply To", "3GPPLiaison@etsi.org"), ("To", "IETF TLS WG"),
               ("To-Contact", "tls-chairs@ietf.org"), ("Purpose", "For Action"), ("Deadline", "2026-04-15"),
               ("Title", "LS on TLS 1.3 session resumption for SBA")],
              "SA3 asks TLS for feedback on session resumption.")
case("plain-informal-reply-quoting-statement",
     mail(n, ("Ekr Example", "ekr@rtfm.example"), "Re: LS on TLS 1.3 session resumption for SBA",
          "I think we should just point them at RFC 8446 section 2.2 and be done with it.\n\n-Ekr\n\n"
          "On Mon, Feb 2, 2026 at 9:30 AM Alex Hansen wrote:\n" +
          "".join(f"> {l}\n" for l in quoted.splitlines()), to="tls@ietf.org",
          in_reply_to="<corpus-ls-sa3@liaison.example>"),
     dict(PLAIN_EXP, from_contacts=["ekr@rtfm.example"], title="Re: LS on TLS 1.3 session resumption for SBA"))

n = len(CASES) + 1
flyer = pdf(["NETWORK TELEMETRY WORKSHOP 2026", "", "10 March 2026, Paris", "",
             "Programme", "09:00\tOpening", "09:30\tStreaming telemetry at scale",
             "11:00\tYANG push in practice", "14:00\tPanel: open questions", "",
             "Registration is free of charge."])
atts = [("telemetry-workshop-flyer.pdf", PDF, flyer)]
case("plain-with-pdf-flyer",
     mail(n, ("Forum Secretariat", "secretariat@forum.example"), "Workshop programme",
          "Hi,\n\nthe programme of our workshop is attached.\n\nSecretariat\n", atts),
     dict(PLAIN_EXP, from_contacts=["secretariat@forum.example"], title="Workshop programme",
          attachments=names(atts)))


# --- writing and checking ------------------------------------------------------------


def documents(raw):
    """(name, bytes) of every PDF and DOCX in a message, zips opened (recursively)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = []

    def add(name, data):
        low = name.lower()
        if low.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for i in z.infolist():
                    add(f"{name}/{i.filename}", z.read(i))
        elif low.endswith((".pdf", ".docx")):
            out.append((name, data))

    for part in msg.walk():
        fname = part.get_filename()
        if fname:
            add(fname, part.get_payload(decode=True))
    return out


def check(name, raw):
    import xml.dom.minidom
    for doc, data in documents(raw):
        if doc.lower().endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                assert z.testzip() is None, doc
                for part in z.namelist():
                    if part.endswith((".xml", ".rels")):
                        xml.dom.minidom.parseString(z.read(part))  # well-formed or raises
        elif shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                                  check=True).stdout.decode("utf-8", "replace")
            assert len(text.split()) > 10, f"{name}: {doc} has no text layer"


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for n, (name, raw, expected) in enumerate(CASES, start=1):
        check(name, raw)
        d = os.path.join(OUT, f"{n:02d}-{name}")
        os.makedirs(d)
        with open(os.path.join(d, "message.eml"), "wb") as f:
            f.write(raw)
        with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
    print(f"{len(CASES)} cases in {OUT}")


if __name__ == "__main__":
    sys.exit(main())
