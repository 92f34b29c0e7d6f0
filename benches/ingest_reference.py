#!/usr/bin/env python3
"""The reference benches/ingest.rs measures liaisond against: a short,
straightforward script doing the core of the job with the standard library
only. It reads every message of a mailbox over IMAP (imaplib, one FETCH per
message), parses it (email), reads the form's fields with a regex, inserts
the message, its fields and its attachments' hashes into SQLite (sqlite3,
a commit per message) and marks it \\Seen. Prints
{"messages": N, "seconds": S} on stdout.

    ingest_reference.py HOST PORT USER PASSWORD DATABASE
"""

import email
import email.policy
import hashlib
import imaplib
import json
import re
import sqlite3
import sys
import time

FIELD = re.compile(r"^(From|To|Purpose|Deadline|Title):[ \t]*(.+?)\s*$", re.M)


def main():
    host, port, user, password, database = sys.argv[1:6]
    db = sqlite3.connect(database)
    db.execute(
        "CREATE TABLE IF NOT EXISTS statements (id INTEGER PRIMARY KEY, message_id TEXT,"
        " sender TEXT, subject TEXT, fields TEXT, attachments TEXT, raw BLOB)"
    )
    started = time.monotonic()
    imap = imaplib.IMAP4(host, int(port))
    imap.login(user, password)
    imap.select("INBOX")
    _, found = imap.uid("search", None, "ALL")
    uids = found[0].split()
    for uid in uids:
        _, fetched = imap.uid("fetch", uid, "(BODY.PEEK[])")
        raw = fetched[0][1]
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        fields = dict(FIELD.findall(text))
        attachments = [
            {"name": a.get_filename(), "sha256": hashlib.sha256(a.get_content()).hexdigest()}
            for a in msg.iter_attachments()
        ]
        db.execute(
            "INSERT INTO statements (message_id, sender, subject, fields, attachments, raw)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                msg["Message-ID"],
                msg["From"],
                msg["Subject"],
                json.dumps(fields),
                json.dumps(attachments),
                raw,
            ),
        )
        db.commit()
        imap.uid("store", uid, "+FLAGS", "(\\Seen)")
    imap.logout()
    print(json.dumps({"messages": len(uids), "seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main()
