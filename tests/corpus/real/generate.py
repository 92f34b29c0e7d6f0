#!/usr/bin/env python3
"""Writes the real-statement corpus: tests/corpus/real/{train,heldout,correspondence}/NN-body-slug/
with message.eml, expected.json and source.md.

Python standard library only and deterministic: running it again yields
byte-identical files. The DOCX and PDF writers are those of
tests/corpus/generate.py (real OOXML packages, PDF 1.4 with a text layer).

The statements and their published metadata are in sources.py; this file
only puts them into the shapes in which they reach the central address:

  a  the Datatracker page copied as text into a mail (space or tab after
     the labels, as browsers copy them);
  b  the same page as a markdown table;
  c  the Datatracker's "New Liaison Statement" notification, directly
     (Bcc) or forwarded inline or as an attached message;
  d  the body's own LS document (3GPP, ITU-T, ETSI layouts) as .docx/.pdf
     (once inside a .zip) with a short cover mail;
  e  the page pasted into an HTML-only mail: one table row per label;
  f  a prose letter (IEEE, BBF, MEF, IETF) as a PDF or in the mail body.

Folders: split_folders() below (a fixed rule on body and shape, decided
before any measurement) puts all cases of a statement family in train/ or
heldout/. The correspondence cases are invented (they are not published
statements).
"""

import datetime
import email.message
import email.policy
import email.utils
import html
import importlib.util
import json
import os
import shutil
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from sources import ADDL, ADDL_SHORT, STATEMENTS  # noqa: E402

_spec = importlib.util.spec_from_file_location("corpus_base", os.path.join(HERE, "..", "generate.py"))
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)
docx, pdf, fixed_zip, flatten = base.docx, base.pdf, base.fixed_zip, base.flatten
DOCX, PDF, ZIP = base.DOCX, base.PDF, base.ZIP

POLICY = email.policy.SMTP
CENTRAL = "liaison-coordination@iab.org"
TOOL = "Liaison Statement Management Tool <statements@ietf.org>"

# The IETF's liaison managers (role addresses) who forward a body's statements.
MANAGER = {
    "itu-t": ("ITU-T liaison manager", "itu-t-liaison@iab.org"),
    "3gpp": ("3GPP liaison manager", "3gpp-liaison@ietf.org"),
    "ieee": ("IEEE 802 liaison manager", "ieee-802-liaison@iab.org"),
    "etsi": ("ETSI liaison manager", "etsi-liaison@iab.org"),
    "bbf": ("BBF liaison manager", "bbf-liaison@ietf.org"),
    "mef": ("IETF Secretariat", "ietf-action@ietf.org"),
    "iso": ("ISO/IEC JTC 1 liaison manager", "jtc1-liaison@iab.org"),
    "w3c": ("W3C liaison manager", "w3c-liaison@iab.org"),
    "ecma": ("Ecma liaison manager", "ecma-liaison@iab.org"),
}
# For the IETF's own statements: the manager of the addressed body.
OUT_MANAGER = {318: "itu-t", 149: "iso", 1709: "itu-t", 1493: "3gpp", 1640: "mef", 1156: "itu-t",
               241: "itu-t", 1742: "itu-t", 1641: "itu-t", 1404: "itu-t", 1765: "itu-t", 1942: "etsi",
               1299: "w3c", 1297: "ecma"}

SHAPES = {
    "a": "(a) Datatracker page copied as text into a mail",
    "b": "(b) Datatracker page as a markdown table in a mail",
    "c": "(c) the Datatracker's \"New Liaison Statement\" notification",
    "d3gpp": "(d) the body's own LS document (3GPP LS template) attached, with a cover mail",
    "detsi": "(d) the body's own LS document (ETSI ISG LS template) attached, with a cover mail",
    "ditu": "(d) the body's own LS document (ITU-T LS layout) attached, with a cover mail",
    "e": "(e) HTML-only mail, the page's metadata as a table (label cell, value cell)",
    "f": "(f) prose letter as a PDF attachment, with a cover mail",
    "fbody": "(f) prose letter in the mail body",
}


# --- helpers -----------------------------------------------------------------------


def values(v):
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def rowmap(rows):
    return {r[0]: values(r[1]) for r in rows}


def submitted(st, rows):
    m = rowmap(rows)
    for k in ("Submitted Date", "Posted Date", "Submission date"):
        if m.get(k):
            return m[k][0]
    return "2020-01-01"


def mail_date(day, hour=9, minute=12):
    d = datetime.datetime.strptime(day, "%Y-%m-%d") + datetime.timedelta(days=1)
    d = d.replace(hour=hour, minute=minute, tzinfo=datetime.timezone.utc)
    return email.utils.format_datetime(d)


def long_date(day):
    d = datetime.datetime.strptime(day, "%Y-%m-%d")
    return f"{d.day} {d.strftime('%B %Y')}"


def make_mail(n, sender, to, subject, body, *, cc=None, date, subtype="plain", charset="utf-8", cte=None,
              attachments=(), attached_msg=None, headers=()):
    msg = email.message.EmailMessage(policy=POLICY)
    name, addr = sender
    msg["From"] = email.utils.formataddr((name, addr)) if name else addr
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = f"<real-{n:02d}@liaison-corpus.example>"
    for k, v in headers:
        msg[k] = v
    if cte is None:
        try:
            body.encode("ascii")
            cte = "7bit"
        except UnicodeEncodeError:
            cte = "8bit"
    msg.set_content(body, subtype=subtype, charset=charset, cte=cte)
    for fname, (major, minor), data in attachments:
        msg.add_attachment(data, major, minor, filename=fname)
    if attached_msg is not None:
        msg.add_attachment(attached_msg)
    if msg.is_multipart():
        msg.set_boundary(f"=_real_{n:02d}_mixed")
        for part in msg.iter_parts():  # mail clients write MIME-Version only in the top header
            del part["MIME-Version"]
    return msg.as_bytes(policy=POLICY)


# --- the page shapes -------------------------------------------------------------------


def page_rows(st, case):
    return st[case.get("rows", "rows")]


def render_text(st, case):
    rows = page_rows(st, case)
    sep_default = case.get("sep", " ")
    lines = []
    if case.get("skip", st.get("skip")):
        lines += ["Skip to main content", ""]
    lines += ["Liaison statement", st["title"], ""]
    addl = case.get("addl", st.get("addl"))
    if addl:
        lines += [ADDL if addl == "long" else ADDL_SHORT]
    for row in rows:
        label, vals = row[0], values(row[1])
        sep = row[2] if len(row) > 2 else sep_default
        if not vals:
            lines.append(label)
        else:
            lines.append(f"{label}{sep}{vals[0]}")
            lines += vals[1:]
    if st.get("body_label"):
        lines.append("Body")
    lines.append(st["body"])
    return "\n".join(lines) + "\n"


def render_markdown(st, case):
    rows = page_rows(st, case)
    pipes = case.get("pipes", True)
    lines = ["Liaison statement", st["title"]]
    if st.get("addl"):
        lines += [ADDL if st["addl"] == "long" else ADDL_SHORT]
    lines.append("")
    for i, row in enumerate(rows):
        cell = case.get("join", " ").join(values(row[1]))
        lines.append(f"| {row[0]} | {cell} |" if pipes else f"{row[0]} | {cell} |")
        if i == 0:
            lines.append("|---|---|" if pipes else "---|---|---|")
    lines.append("| Body |" if pipes else "Body |")
    lines.append(st["body"])
    return "\n".join(lines) + "\n"


def render_html(st, case):
    rows = page_rows(st, case)
    out = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>',
           '<body><div class="WordSection1">',
           "<p>Hello,</p><p>for the record, the statement as posted on the Datatracker:</p>",
           f"<h2>Liaison statement</h2><h3>{html.escape(st['title'])}</h3>"]
    if st.get("addl"):
        out.append(f"<p><small>{html.escape(ADDL)}</small></p>")
    out.append('<table border="1" cellspacing="0" cellpadding="4">')
    for row in rows:
        vals = values(row[1])
        cell = "<br>".join(html.escape(v) for v in vals)
        out.append(f'<tr><th align="left" valign="top">{html.escape(row[0])}</th><td>{cell}</td></tr>')
    out.append("</table>")
    for para in st["body"].split("\n\n"):
        out.append("<p>" + "<br>\n".join(html.escape(l) for l in para.split("\n")) + "</p>")
    out.append("</div></body></html>")
    return "\n".join(out) + "\n"


def notification(st, case):
    """The Datatracker's notification, as the current tool formats it (see the
    archived example, mail-archive netmod msg16308)."""
    if st.get("notif"):
        nf = dict(st["notif"])
        day = nf["date"]
    else:
        m = rowmap(st["rows"])
        day = submitted(st, st["rows"])

        def joined(vs):
            return " ".join(vs) if any(v.endswith(";") for v in vs) else ", ".join(vs)

        dl = m.get("Deadline", [""])[0].split(" ")[0] if m.get("Deadline") else None
        atts = [a for a in m.get("Attachments", []) if a != "(None)"]
        ref = m.get("Liaisons referred by this one")
        nf = dict(from_=case.get("from_override") or m["From Contact"][0], to=m.get("To Contacts", []),
                  cc=m.get("Cc", []), response=joined(m.get("Response Contact", [])),
                  technical=joined(m.get("Technical Contact", [])), purpose=m["Purpose"][0], deadline=dl,
                  referenced=(ref[0], case.get("ref_url")) if ref else None, attachments=atts)
    lines = [f"Title: {st['title']}", f"Submission Date: {day}",
             f"URL of the IETF Web page: https://datatracker.ietf.org/liaison/{st['lid']}/",
             f"Please reply by {nf['deadline']}" if nf.get("deadline") else ""]
    heads = [f"From: {nf['from_']}", "To: " + ",".join(nf["to"]), "Cc: " + ",".join(nf["cc"]),
             f"Response Contacts: {nf['response']}", f"Technical Contacts: {nf['technical']}"]
    if case.get("wrap"):
        heads = [textwrap.fill(h, 79, break_long_words=False, break_on_hyphens=False) for h in heads]
    lines += heads + [f"Purpose: {nf['purpose']}", ""]
    if nf.get("referenced"):
        title, url = nf["referenced"]
        ref = f"Referenced liaison: {title}" + (f" ({url})" if url else "")
        if case.get("wrap"):
            ref = textwrap.fill(ref, 79, break_long_words=False, break_on_hyphens=False)
        lines += [ref, ""]
    lines.append(f"Body: {st['body']}")
    if nf.get("attachments") is not None:
        lines.append("Attachments:")
        if nf["attachments"]:
            for a in nf["attachments"]:
                lines += ["", f"    {a}"]
            lines.append("")
        else:
            lines += ["", "No document has been attached", ""]
    return day, nf, "\n".join(lines) + "\n"


# --- the body's own documents ------------------------------------------------------------


def sections(body):
    """Splits a 3GPP-style body into description, actions, next meetings."""
    parts = {"desc": [], "act": [], "next": []}
    cur = "desc"
    for line in body.split("\n"):
        low = line.lower().lstrip("123. ")
        if line[:1] in "123" and low.startswith("overall description"):
            cur = "desc"
            continue
        if line[:1] in "123" and low.startswith("actions"):
            cur = "act"
            continue
        if line[:1] in "123" and low.startswith("date"):
            cur = "next"
            continue
        parts[cur].append(line)
    return {k: "\n".join(v).strip() for k, v in parts.items()}


def paragraphs(text):
    return [p.replace("\n", " ") for p in text.split("\n\n") if p.strip()]


def blocks_3gpp(st, case):
    sec = sections(st["body"])
    rows1 = [["Title:", st["title"]], ["Response to:", ""], ["Release:", case.get("release", "")],
             ["Work Item:", case.get("wi", "")]]
    rows2 = [["Source:", case["source"]], ["To:", case["to"]], ["Cc:", ""]]
    name, mail = case["contact"]
    rows3 = [["Contact Person:", ""], ["Name:", name]]
    if mail:
        rows3.append(["E-mail Address:", mail])
    rows4 = []
    if case.get("reply"):
        rows4.append(["Send any reply LS to:", case["reply"]])
    rows4.append(["Attachments:", "None"])
    blocks = []
    if case.get("meeting_line"):
        blocks += [case["meeting_line"], ""]
    blocks += [rows1, "", rows2, "", rows3, "", rows4, "", "1. Overall Description:"]
    blocks += paragraphs(sec["desc"])
    blocks += ["", "2. Actions:"]
    acts = case.get("actions")
    if acts is None:
        acts = sec["act"].split("\n") if sec["act"] else ["None."]
    blocks += acts
    nxt = case.get("next")
    if nxt is None:
        nxt = sec["next"].split("\n") if sec["next"] else []
    if nxt:
        blocks += ["", f"3. Date of Next {case.get('next_group', 'Meetings')}:"] + nxt
    return blocks


def blocks_etsi(st, case):
    sec = sections(st["body"])
    rows = [["Title:", st["title"]], ["From:", "ETSI ISG ZSM"],
            ["To:", "IETF ART Area, IETF OPS Area, IETF OPSAWG"], ["Cc:", ""], ["Response to:", ""],
            ["Contact:", "ISG_ZSM@LIST.ETSI.ORG"], ["Send any reply to:", "ZSMsupport@etsi.org"],
            ["Attachments:", "None"]]
    return (["ETSI ISG ZSM\tZSM(25)000129r1", "", rows, "", "1. Overall description"] + paragraphs(sec["desc"]) +
            ["", "2. Actions", "To IETF ART Area, OPS Area and OPSAWG:",
             "ACTION: ISG ZSM kindly asks for feedback on this work and on related IETF activities by "
             "8 September 2025."])


def blocks_itu(st, case):
    head = [[f"INTERNATIONAL TELECOMMUNICATION UNION\nTELECOMMUNICATION\nSTANDARDIZATION SECTOR\n"
             f"STUDY PERIOD {case['period']}", "", f"{case['ls']}\nSTUDY GROUP {case['sg']}\nOriginal: English"]]
    rows = [["Question(s):", case["q"] or ""], ["Source:", f"ITU-T Study Group {case['sg']}"],
            ["Title:", st["title"]]]
    name, mail = case["contact"]
    addr = [["For action to:", case["action_to"] or "-"], ["For information to:", case["info_to"] or "-"],
            ["Deadline:", case["deadline_text"] or "-"],
            ["Contact:", name + (f"\nE-mail: {mail}" if mail else "")]]
    return [head, "", rows, "", "LIAISON STATEMENT", "", addr, ""] + paragraphs(st["body"])


def wrap_cells(blocks, width=62):
    """For a PDF: table values wrapped to their column, as a word processor would."""
    out = []
    for b in blocks:
        if isinstance(b, list):
            b = [[row[0]] + ["\n".join(w for part in c.split("\n") for w in (textwrap.wrap(part, width) or [""]))
                             for c in row[1:]] for row in b]
        out.append(b)
    return out


def letter_lines(st, case, reflow=False):
    lines = list(case["letterhead"]) + ["", case["date"], "", case["to_line"]]
    if case.get("cc_line"):
        lines.append(case["cc_line"])
    lines.append(case.get("subject_line") or f"Subject: {st['title']}")
    if case.get("ref_line"):
        lines.append(case["ref_line"])
    lines.append("")
    body = st["body"]
    if case.get("dear") and not body.startswith("Dear"):
        lines += [case["dear"], ""]
    if reflow:  # a PDF letter: paragraphs flow to the page's width
        paras = [" ".join(p.split("\n")) for p in body.split("\n\n")]
        body = "\n\n".join(paras)
    lines += body.split("\n") + [""] + list(case["sign"])
    return lines


# --- cases --------------------------------------------------------------------------------


def manager_for(st):
    if st["org"] == "ietf":
        return MANAGER[OUT_MANAGER[st["lid"]]]
    return MANAGER[st["org"]]


INTROS = [
    "Hi,\n\ncopying the statement below from the Datatracker for the record.\n",
    "Dear all,\n\nthe following liaison statement was posted on the Datatracker; pasting it here so it is "
    "recorded.\n",
    "FYI, statement as posted:\n",
    "Hello,\n\nplease log the liaison statement below (copied from the Datatracker page).\n\nThanks\n",
]


def build(n, st, case):
    shape = case["shape"]
    rows = st.get("rows")
    day = submitted(st, page_rows(st, case)) if rows else st["notif"]["date"]
    date = mail_date(day, 9 + n % 8, (n * 7) % 60)
    charset = case.get("charset", "utf-8")
    cte = case.get("cte")
    atts = []
    drop_atts = False
    if shape in ("a", "b"):
        text = render_text(st, case) if shape == "a" else render_markdown(st, case)
        intro = INTROS[n % len(INTROS)]
        subject = [f"Fwd: Liaison statement: {st['title']}", f"Liaison statement {st['lid']}: {st['title']}",
                   f"FW: {st['title']}", f"Liaison Statement - {st['title']}"][n % 4]
        raw = make_mail(n, manager_for(st), CENTRAL, subject, intro + "\n" + text, date=date, charset=charset,
                        cte=cte, headers=[("User-Agent", "Mozilla Thunderbird")] if n % 2 else [])
    elif shape == "e":
        body = render_html(st, case)
        raw = make_mail(n, manager_for(st), CENTRAL, f"FW: Liaison statement - {st['title']}", body, date=date,
                        subtype="html", cte="quoted-printable",
                        headers=[("Thread-Topic", st["title"]), ("X-MS-Has-Attach", ""),
                                 ("Content-Language", "en-US")])
    elif shape == "c":
        day, nf, text = notification(st, case)
        subject = f'New Liaison Statement, "{st["title"]}"'
        tdate = mail_date(day, 7, 3)[:-6] + " -0700"
        if case.get("direct"):
            raw = make_mail(n, ("Liaison Statement Management Tool", "statements@ietf.org"), ", ".join(nf["to"]),
                            subject, text, cc=", ".join(nf["cc"]) or None, date=tdate, charset=charset, cte=cte,
                            headers=[("X-IETF-IDTracker", "12.40.0"), ("Auto-Submitted", "auto-generated"),
                                     ("Precedence", "bulk")])
        elif case.get("forward") == "inline":
            fwd = (f"Forwarding for the record.\n\n---------- Forwarded message ---------\nFrom: {TOOL}\n"
                   f"Date: {tdate}\nSubject: {subject}\nTo: {', '.join(nf['to'])}\nCc: {', '.join(nf['cc'])}\n\n")
            raw = make_mail(n, case["forwarder"], CENTRAL, "Fwd: " + subject, fwd + text, date=date,
                            charset=charset, cte=cte)
        else:
            inner = email.message.EmailMessage(policy=POLICY)
            inner["From"] = TOOL
            inner["To"] = ", ".join(nf["to"])
            if nf["cc"]:
                inner["Cc"] = ", ".join(nf["cc"])
            inner["Subject"] = subject
            inner["Date"] = tdate
            inner["Message-ID"] = f"<liaison-{st['lid']}@datatracker.ietf.org>"
            inner["Auto-Submitted"] = "auto-generated"
            inner.set_content(text, cte="quoted-printable")
            raw = make_mail(n, case["forwarder"], CENTRAL, "Fwd: " + subject,
                            "Forwarding the Datatracker notification (attached) for the record.\n", date=date,
                            attached_msg=inner)
            drop_atts = True
    elif shape in ("d3gpp", "detsi", "ditu"):
        blocks = {"d3gpp": blocks_3gpp, "detsi": blocks_etsi, "ditu": blocks_itu}[shape](st, case)
        doc = case["doc"]
        if case.get("pdf") or doc.endswith(".pdf"):
            data = pdf(flatten(wrap_cells(blocks)))
            atts.append((doc, PDF, data))
        else:
            data = docx(blocks, st["title"])
            if case.get("zip"):
                atts.append((case["zip"], ZIP, fixed_zip([(doc, data)])))
            else:
                atts.append((doc, DOCX, data))
        if case.get("extra_doc"):
            atts.append((case["extra_doc"], PDF, pdf([st["title"], "", "Attachment", "",
                                                      "(annex to the liaison statement; contents not reproduced)"])))
        sender = case["sender"] if case["sender"][1] else manager_for(st)
        raw = make_mail(n, sender, CENTRAL, f"LS: {st['title']}", case["cover"] + "\n", cc=case.get("cc"),
                        date=date, attachments=atts, charset=charset, cte=cte)
    elif shape == "f":
        data = pdf(letter_lines(st, case, reflow=True))
        atts.append((case["doc"], PDF, data))
        sender = case["sender"] if case["sender"][1] else manager_for(st)
        raw = make_mail(n, sender, CENTRAL, f"Liaison: {st['title']}", case["cover"], date=date, attachments=atts)
    elif shape == "fbody":
        text = "\n".join(letter_lines(st, case)) + "\n"
        raw = make_mail(n, case["sender"], CENTRAL, st["title"], text, date=date, charset=charset, cte=cte)
    else:
        raise ValueError(shape)

    exp = dict(st["exp"])
    exp.update(case.get("exp_over", {}))
    for k in case.get("drop", []) + case.get("exp_drop", []):
        exp.pop(k, None)
    if "attachments" not in exp or atts:
        exp["attachments"] = [a[0] for a in atts]
    if drop_atts:
        exp.pop("attachments", None)
    exp["kind"] = "statement"
    return raw, exp


def source_md(name, st, case, folder):
    lines = [f"# {name}", "",
             f"Statement: Datatracker liaison {st['lid']}, \"{st['title']}\".", "",
             "Sources (as stored by the search tool):"]
    lines += [f"- <{u}>" for u in st["urls"]]
    lines += ["", f"Shape: {SHAPES[case['shape']]}.", "",
              f"Folder: {folder} (family {st['fam']} in sources.py; the fixed rule of split_folders() in "
              "generate.py, on body and shape only, decided before any measurement).", "",
              "What is published and kept exactly: the title, the labels and values of the page (groups as the "
              "Datatracker names them, dates, purpose, deadline, contacts, Cc, attachment titles, referrals).",
              "",
              "What is ours: the body text is paraphrased and shortened from the published body (not the "
              "published wording); the mail envelope (sender, date, subject, cover note) is constructed to show "
              "how such a statement reaches the central address; the sender is the IETF liaison manager's role "
              "address or the address the statement itself publishes."]
    sh = case["shape"]
    if sh == "c":
        lines += ["", "The notification follows the layout of the Datatracker's current notification mail (as "
                  "archived on the IETF lists); attachments are listed by title only, as their file URLs are "
                  "not in the stored page.",
                  "", "The notification names contacts, not groups: expected.json keeps a group only where the "
                  "mail's own text (subject or body) names it"
                  + (f"; left out here: {', '.join(case['exp_drop'])}." if case.get("exp_drop") else ".")]
    if sh.startswith("d"):
        lines += ["", "The attached LS document is reconstructed from the published metadata in the body's "
                  "template; fields the statement does not publish (release, work item, approval, meeting) are "
                  "left empty, and expected.json leaves out what this layout cannot carry (e.g. the "
                  "Datatracker's To Contacts)."]
    if sh in ("f", "fbody"):
        lines += ["", "The letter is laid out from the published metadata and the paraphrased body; "
                  "expected.json holds the published metadata."]
    names_only = any("<>" in v or "< >" in v for r in st.get(case.get("rows", "rows"), []) or []
                     for v in values(r[1]))
    if names_only or any(isinstance(v, str) and "@" not in v and v
                         for k in ("from_contacts", "to_contacts") for v in st["exp"].get(k, [])):
        lines += ["", "Contacts: the page shows some contacts by name only (the Datatracker hides the "
                  "addresses, `Name <>`); expected.json holds those names exactly as written."]
    if "reply_to" in st["exp"] and st["exp"]["reply_to"] and "," in st["exp"]["reply_to"]:
        lines += ["", "reply_to: the page gives several response contacts; expected.json joins them with "
                  "\", \" in the page's order."]
    for note in st.get("notes", []) + ([case["note"]] if case.get("note") else []):
        lines += ["", f"Note: {note}"]
    return "\n".join(lines) + "\n"


# --- correspondence (invented) ------------------------------------------------------------

CORR = []


def corr(slug, raw, title, what):
    CORR.append((slug, raw, dict(kind="correspondence", title=title), what))


def build_correspondence():
    n = 101
    corr("personal-question-liaison-process",
         make_mail(n, ("Priya Raman", "priya.raman@example.net"), CENTRAL,
                   "How do I send a liaison statement to the IETF?",
                   "Hello,\n\nI work for a small industry consortium and we would like to tell the IETF about a "
                   "document we are writing. Is there a form, or do we simply mail it to this address? Do we need "
                   "a formal liaison relationship first?\n\nThank you for any pointers,\nPriya\n",
                   date="Tue, 03 Mar 2026 14:22:10 +0530"),
         "How do I send a liaison statement to the IETF?",
         "A personal question to the central address.")
    n += 1
    flyer = pdf(["WORKSHOP ON NETWORK DIGITAL TWINS", "", "Berlin, 12-13 October 2026", "",
                 "Call for participation", "Keynotes, panels and demos on digital twins for network operations.",
                 "Registration opens 1 June 2026.", "", "Organised by the Network Twins Industry Forum"])
    corr("workshop-flyer-html-pdf",
         make_mail(n, ("Network Twins Industry Forum", "events@ntif.example.org"), CENTRAL,
                   "Invitation: Workshop on Network Digital Twins, Berlin, 12-13 October 2026",
                   "<html><body><p>Dear colleagues,</p><p>We are pleased to invite you to our <b>Workshop on "
                   "Network Digital Twins</b> in Berlin on 12-13 October 2026. The flyer is attached.</p>"
                   "<p>Kind regards,<br>NTIF events team</p></body></html>\n", subtype="html",
                   cte="quoted-printable", date="Wed, 18 Mar 2026 08:00:00 +0100",
                   attachments=[("NTIF-digital-twins-workshop-2026.pdf", PDF, flyer)]),
         "Invitation: Workshop on Network Digital Twins, Berlin, 12-13 October 2026",
         "A conference flyer: HTML mail with a PDF flyer.")
    n += 1
    corr("mailing-list-post-copied",
         make_mail(n, ("Kenji Ito", "kenji.ito@example.jp"), "netmod@ietf.org",
                   "Re: [netmod] Liaison from BBF on ONU templates",
                   "Lou, all,\n\nI read the BBF liaison about copying YANG groupings. I think the WG should answer "
                   "that the groupings are fine as long as the licence text is kept. Happy to help draft a reply.\n\n"
                   "Kenji\n\n_______________________________________________\nnetmod mailing list\n"
                   "netmod@ietf.org\nhttps://mailman3.ietf.org/mailman3/lists/netmod.ietf.org\n",
                   cc=CENTRAL, date="Thu, 12 Jun 2025 03:41:09 +0900",
                   headers=[("List-Id", "NETCONF Data Modeling Language <netmod.ietf.org>"),
                            ("List-Post", "<mailto:netmod@ietf.org>"),
                            ("List-Unsubscribe", "<mailto:netmod-leave@ietf.org>"),
                            ("In-Reply-To", "<liaison-2006@datatracker.ietf.org>")]),
         "Re: [netmod] Liaison from BBF on ONU templates",
         "A mailing-list post copied to the central address (List-* headers, no Precedence).")
    n += 1
    corr("exchange-automatic-reply",
         make_mail(n, ("Chen, Wei", "wei.chen@example.com"), CENTRAL,
                   "Automatic reply: LS on supporting transmission of large identity in EAP-AKA\u2019",
                   "I am out of the office until 15 June with limited access to e-mail. For urgent matters please "
                   "contact my colleague Anna (anna.k@example.com).\n\nWei\n",
                   date="Sat, 30 May 2026 10:02:44 +0000",
                   headers=[("X-Auto-Response-Suppress", "All"), ("X-MS-Exchange-Inbox-Rules-Loop", "wei.chen@example.com"),
                            ("Thread-Topic", "LS on supporting transmission of large identity in EAP-AKA\u2019"),
                            ("In-Reply-To", "<ack-2026-0031@liaison-corpus.example>")]),
         "Automatic reply: LS on supporting transmission of large identity in EAP-AKA\u2019",
         "An Exchange out-of-office reply: X-Auto-Response-Suppress, no Auto-Submitted.")
    n += 1
    corr("vacation-program-reply",
         make_mail(n, ("Martin Fischer", "m.fischer@example.de"), CENTRAL,
                   "Re: Liaison statement LS-2026-0042 received",
                   "Ich bin bis zum 20. Juli nicht im B\u00fcro und lese meine E-Mails nur unregelm\u00e4\u00dfig.\n"
                   "I am away until 20 July and read my mail only occasionally.\n\nMartin Fischer\n",
                   date="Mon, 06 Jul 2026 06:15:00 +0200", charset="iso-8859-1", cte="quoted-printable",
                   headers=[("Precedence", "junk"), ("X-Mailer", "vacation 1.2.7"),
                            ("In-Reply-To", "<ack-2026-0042@liaison-corpus.example>")]),
         "Re: Liaison statement LS-2026-0042 received",
         "A vacation program's reply (Precedence: junk, no Auto-Submitted), Latin-1 quoted-printable.")
    n += 1
    corr("thank-you-note",
         make_mail(n, ("Lena Svensson", "lena.svensson@example.se"), CENTRAL,
                   "Re: Your liaison statement has been recorded (LS-2026-0017)",
                   "Many thanks for the quick acknowledgement and for forwarding our statement to the working "
                   "group. We look forward to the discussion.\n\nBest regards,\nLena\n\n"
                   "> Your statement \"LS on QoS monitoring for industrial networks\" was recorded as\n"
                   "> LS-2026-0017 and sent to the IETF DETNET WG.\n",
                   date="Fri, 13 Feb 2026 16:40:00 +0100",
                   headers=[("In-Reply-To", "<ack-2026-0017@liaison-corpus.example>")]),
         "Re: Your liaison statement has been recorded (LS-2026-0017)",
         "A thank-you note in reply to an acknowledgement, quoting it.")
    n += 1
    corr("newsletter",
         make_mail(n, ("Standards Digest", "newsletter@standards-digest.example"), CENTRAL,
                   "Standards Digest - March 2026: 6G, PQC migration and more",
                   "<html><body><h1>Standards Digest</h1><p>March 2026</p><ul><li>6G study items approved</li>"
                   "<li>Post-quantum migration: where the SDOs stand</li><li>Upcoming meetings</li></ul>"
                   "<p><a href=\"https://standards-digest.example/unsubscribe\">Unsubscribe</a></p>"
                   "</body></html>\n", subtype="html", cte="base64", date="Sun, 01 Mar 2026 07:00:00 +0000",
                   headers=[("List-Unsubscribe", "<https://standards-digest.example/unsubscribe>"),
                            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("Precedence", "bulk")]),
         "Standards Digest - March 2026: 6G, PQC migration and more",
         "A newsletter: HTML, base64, List-Unsubscribe, Precedence: bulk.")
    n += 1
    corr("question-french-latin1",
         make_mail(n, ("\u00c9lodie Marchand", "elodie.marchand@example.fr"), CENTRAL,
                   "Question sur une d\u00e9claration de liaison",
                   "Bonjour,\n\nnous avons re\u00e7u une d\u00e9claration de liaison de l'IETF le mois dernier. "
                   "\u00c0 qui devons-nous adresser notre r\u00e9ponse ? Faut-il utiliser un mod\u00e8le "
                   "particulier ?\n\nCordialement,\n\u00c9lodie Marchand\n",
                   date="Thu, 09 Apr 2026 11:05:00 +0200", charset="iso-8859-1", cte="8bit"),
         "Question sur une d\u00e9claration de liaison",
         "A question in French, Latin-1 8bit.")
    n += 1
    corr("meeting-invitation-calendar",
         make_mail(n, ("Liaison coordination call", "calendar@example.org"), CENTRAL,
                   "Invitation: IETF-ITU-T coordination call @ Tue 14 Apr 2026 14:00 UTC",
                   "You have been invited to the IETF-ITU-T coordination call on Tuesday 14 April 2026, 14:00-15:00 "
                   "UTC.\n\nJoin: https://meet.example.org/coordination\n",
                   date="Tue, 07 Apr 2026 09:00:00 +0000",
                   attachments=[("invite.ics", ("text", "calendar"),
                                 b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//corpus//EN\r\nMETHOD:REQUEST\r\n"
                                 b"BEGIN:VEVENT\r\nUID:coord-2026-04-14@example.org\r\nDTSTAMP:20260407T090000Z\r\n"
                                 b"DTSTART:20260414T140000Z\r\nDTEND:20260414T150000Z\r\n"
                                 b"SUMMARY:IETF-ITU-T coordination call\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]),
         "Invitation: IETF-ITU-T coordination call @ Tue 14 Apr 2026 14:00 UTC",
         "A calendar invitation (text/calendar attachment).")


# --- main --------------------------------------------------------------------------------


def split_folders():
    """The fixed train/heldout rule, decided on body and shape only, before any measurement.

    Statements of one family (a statement and the reply published with it) stay together. The
    families are sorted by (body, shape of their first case, family number); every third one of
    that list, starting with the first, goes to train, the others to heldout. Sorting by body and
    shape spreads both evenly over the two folders.

    Families added later (batch=2, for issue 14) are split by the same rule among themselves, so
    that adding them moves no family of the first batch.
    """
    fams = {}
    for st in sorted(STATEMENTS, key=lambda s: (s["fam"], s["lid"])):
        fams.setdefault(st["fam"], st)
    out = {}
    for batch in sorted({st.get("batch", 1) for st in fams.values()}):
        mine = [f for f in fams if fams[f].get("batch", 1) == batch]
        order = sorted(mine, key=lambda f: (fams[f]["org"], fams[f]["cases"][0]["shape"][0], f))
        out.update({f: ("train" if i % 3 == 0 else "heldout") for i, f in enumerate(order)})
    return out




def main():
    for d in ("train", "heldout", "correspondence"):
        p = os.path.join(HERE, d)
        if os.path.isdir(p):
            shutil.rmtree(p)
    n = 0
    counts = {}
    folders = split_folders()
    for st in sorted(STATEMENTS, key=lambda s: (s["fam"], s["lid"])):
        folder = folders[st["fam"]]
        for i, case in enumerate(st["cases"]):
            n += 1
            raw, exp = build(n, st, case)
            base.check(f"{n:02d}", raw)
            suffix = "" if len(st["cases"]) == 1 else f"-{case['shape'][0]}{i + 1}"
            name = f"{n:02d}-{st['org']}-{st['slug']}{suffix}"
            d = os.path.join(HERE, folder, name)
            os.makedirs(d)
            with open(os.path.join(d, "message.eml"), "wb") as f:
                f.write(raw)
            with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
                json.dump(exp, f, indent=2, sort_keys=True, ensure_ascii=False)
                f.write("\n")
            with open(os.path.join(d, "source.md"), "w", encoding="utf-8") as f:
                f.write(source_md(name, st, case, folder))
            counts[(folder, st["org"], case["shape"])] = counts.get((folder, st["org"], case["shape"]), 0) + 1
    build_correspondence()
    for i, (slug, raw, exp, what) in enumerate(CORR, start=1):
        name = f"{100 + i}-{slug}"
        base.check(name, raw)
        d = os.path.join(HERE, "correspondence", name)
        os.makedirs(d)
        with open(os.path.join(d, "message.eml"), "wb") as f:
            f.write(raw)
        with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
            json.dump(exp, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        with open(os.path.join(d, "source.md"), "w", encoding="utf-8") as f:
            f.write(f"# {name}\n\nNot a published statement: invented for the corpus (correspondence that "
                    f"reaches the central address but is no liaison statement).\n\n{what}\n")
    print(f"{n} statement cases, {len(CORR)} correspondence cases")
    for k in sorted(counts):
        print(" ", k, counts[k])


if __name__ == "__main__":
    sys.exit(main())
