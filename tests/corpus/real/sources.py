"""Published liaison statements the real corpus is built from.

Every page below is transcribed from the public Datatracker page named in
`urls` (or a mirror of it: sandbox.ietf.org, tracker.tools.ietf.org, a
proxy), as the search tool returned it: the labels, the order of the rows,
the values (names, addresses, empty values, `<>` for hidden addresses, the
glitches such as "CcScott Mansfield" where a copy lost the separator) are
the page's. Only the `body` texts are paraphrased and shortened by us; they
are not the published wording.

A row is (label, value) or (label, value, separator); a value is a string or
a list of strings (one per line on the page); None or [] is a label shown
without a value. `exp` is the statement's metadata as published, mapped to
expected.json (groups as rules/directory.toml names them, else as written).

`fam` orders the statements (a family is a statement and, where we used
it, its published reply). The folder is decided by a fixed rule before
anything is measured (see split_folders() in generate.py): families sorted
by (body, shape of the first case, fam), every third one from the first ->
train, the others -> heldout. Every case made from one family stays in that
family's folder.
"""

ADDL = ("Additional information about IETF liaison relationships is available on the IETF webpage and "
        "the Internet Architecture Board liaison webpage.")
ADDL_SHORT = "Additional information about IETF liaison relationships is available on the Internet Architecture Board liaison webpage."

DT = "https://datatracker.ietf.org/liaison/{}/"

STATEMENTS = []


def S(**kw):
    STATEMENTS.append(kw)


# --- 1 ------------------------------------------------------------------------
S(fam=1, lid=153, org="itu-t", slug="sg15-ason-related-work", urls=[DT.format(153)],
  title="ASON-related Work", addl=None,
  rows=[("State", "Posted"), ("Submitted Date", "2005-11-25"), ("From Group", "ITU-T-SG-15"),
        ("From Contact", "Greg Jones"), ("To Group", "ccamp"), ("Purpose", "For action"),
        ("Deadline", "2006-01-27 Action Taken"), ("Attachments", "ASON-related Work")],
  body_label=False,
  body=("Q14/15 has been following CCAMP's work on routing and signalling for ASON. It supports the\n"
        "routing work and the new solutions draft, and asks that future working group drafts on the\n"
        "topic be sent to Q14/15 for information and comment.\n\n"
        "On signalling, Q14/15 notes that CCAMP's solutions differ from G.7713.2 and remains open to\n"
        "converging them. It asks CCAMP to tell Q14/15 when ASON-related drafts are close to completion,\n"
        "ideally around working group last call. The action date allows replies to be discussed at the\n"
        "February SG15 meeting."),
  exp=dict(from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T", from_contacts=["Greg Jones"],
           to_groups=["IETF CCAMP WG"], to_organisation="IETF", purpose="for_action", deadline="2006-01-27",
           title="ASON-related Work", in_response_to=None),
  cases=[dict(shape="a", sep="\t")])

# --- 2 ------------------------------------------------------------------------
S(fam=2, lid=2162, org="3gpp", slug="sa3-large-identity-eap-aka", urls=[DT.format(2162)],
  title="LS on supporting transmission of large identity in EAP-AKA\u2019", addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2026-05-29"), ("From Group", "3GPP-TSG-SA-WG3"),
        ("From Contact", "Tao Wan <t.wan@cablelabs.com>"), ("To Group", "emu"),
        ("To Contacts", ["Joseph Salowey <joe@salowey.net>", "Peter Yee <peter@akayla.com>"]),
        ("Cc", ["Deb Cooley <debcooley1@gmail.com>", "Peter Yee <peter@akayla.com>",
                "Joseph Salowey <joe@salowey.net>", "EAP Method Update Discussion List <emu@ietf.org>",
                "Christopher Inacio <stndrds-inacio@andrew.cmu.edu>", "Charles Eckel <eckelcu@cisco.com>"]),
        ("Response Contact", ["3GPP Liaisons Coordinator <3GPPLiaison@etsi.org>",
                              "Peter Schmitt <Peter.Schmitt@huawei.com>"]),
        ("Purpose", "For action"), ("Deadline", "2026-08-07 Action Needed"),
        ("Attachments", "LS on supporting transmission of large identity in EAP-AKA\u2019")],
  body_label=True,
  body=("1. Overall description\n"
        "SA3 is studying the move to post-quantum cryptography, including computing the SUCI with PQC\n"
        "algorithms. Such a SUCI may exceed the EAP MTU (1020 bytes) and the Ethernet MTU, but neither\n"
        "EAP nor EAP-AKA' can fragment an identity that large. SA3 asks EMU to consider updating EAP-AKA'\n"
        "so that larger identities can be carried."),
  exp=dict(from_groups=["3GPP TSG SA WG3"], from_organisation="3GPP", from_contacts=["t.wan@cablelabs.com"],
           reply_to="3gppliaison@etsi.org, peter.schmitt@huawei.com", to_groups=["IETF EMU WG"],
           to_organisation="IETF", to_contacts=["joe@salowey.net", "peter@akayla.com"], purpose="for_action",
           deadline="2026-08-07", title="LS on supporting transmission of large identity in EAP-AKA\u2019",
           in_response_to=None),
  cases=[dict(shape="b", cte="quoted-printable"),
         dict(shape="d3gpp", doc="LS on supporting transmission of large identity in EAP-AKA.docx",
              source="SA3", to="IETF EMU", contact=("Tao Wan", "t.wan@cablelabs.com"),
              reply="3GPP Liaisons Coordinator, mailto:3GPPLiaison@etsi.org\n"
                    "Peter Schmitt, mailto:Peter.Schmitt@huawei.com",
              actions=["To IETF EMU.",
                       "ACTION:\tSA3 kindly asks IETF EMU to consider updating EAP-AKA' to support the "
                       "transmission of identities larger than the EAP MTU, and would appreciate a reply "
                       "by 7 August 2026."],
              next_group="TSG-SA WG3", next=[],
              sender=("Tao Wan", "t.wan@cablelabs.com"), cc="3gpp-liaison@ietf.org",
              cover="Dear liaison coordinators,\n\nplease find attached an LS from 3GPP SA3 to the IETF EMU "
                    "working group, for action.\n\nBest regards,\nTao",
              drop=["to_contacts"])])

# --- 3 ------------------------------------------------------------------------
S(fam=3, lid=1530, org="ieee", slug="8021-cfm-yang-response", urls=[DT.format(1530)],
  title="Liaison response to ITU-T SG15 and MEF on YANG for CFM", addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2017-06-19"), ("From Group", "IEEE-802-1"),
        ("From Contact", "Glenn Parsons"), ("To Group", "OPS"), ("To Contacts", ["Warren Kumari", "Benoit Claise"]),
        ("Cc", ["Benoit Claise", "Eric Gray", "The IETF Chair", "Warren Kumari"], ""),
        ("Response Contact", ["Paul Nikolich", "Glen Parsons", "John Messenger"]),
        ("Purpose", "For information"), ("Attachments", "liaison-response-CFM-YANG-0517-v01")],
  body_label=False,
  body=("IEEE 802.1 thanks MEF Forum and ITU-T SG15 for their responses to its March 2017 liaison on\n"
        "information and data modelling for Ethernet OAM, and for supporting its proposal.\n\n"
        "Taking that feedback into account, IEEE 802.1 prepared at its May 2017 interim the PAR for a new\n"
        "project, 802.1Qcx \"YANG Data Model for Connectivity Fault Management\": a UML information model\n"
        "and YANG data model for 802.1Q CFM, covering the OpCodes allocated to IEEE, as independent as\n"
        "possible of the data plane, taking MEF 38/39 and their errata as input, and developed openly on\n"
        "GitHub."),
  exp=dict(from_groups=["IEEE 802.1 WG"], from_organisation="IEEE 802", from_contacts=["Glenn Parsons"],
           reply_to="Paul Nikolich, Glen Parsons, John Messenger",
           to_groups=["IETF Operations and Management Area"], to_organisation="IETF",
           to_contacts=["Warren Kumari", "Benoit Claise"], purpose="for_information", deadline=None,
           title="Liaison response to ITU-T SG15 and MEF on YANG for CFM"),
  cases=[dict(shape="a", sep=" ")])

# --- 4 ------------------------------------------------------------------------
S(fam=4, lid=2083, org="bbf", slug="published-work-items-nov-2025", urls=[DT.format(2083)],
  title="Recently published Broadband Forum Work Items (November 2025)", addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2025-12-03"), ("From Group", "BROADBAND-FORUM"),
        ("From Contact", "lylavoie@iol.unh.edu"), ("To Groups", "ippm, netmod, rtgwg"),
        ("To Contacts", ["Jeff Tantsura <jefftant.ietf@gmail.com>", "Yingzhen Qu <yingzhen.ietf@gmail.com>",
                         "Kent Watsen <kent+ietf@watsen.net>", "Lou Berger <lberger@labn.net>",
                         "Marcus Ihlar <marcus.ihlar@ericsson.com>", "Thomas Graf <thomas.graf@swisscom.com>"]),
        ("Cc", ["Marcus Ihlar <marcus.ihlar@ericsson.com>", "Lou Berger <lberger@labn.net>",
                "Jeff Tantsura <jefftant.ietf@gmail.com>", "Mahesh Jethanandani <mjethanandani@gmail.com>",
                "Xueyan Song <song.xueyan2@zte.com.cn>", "Jim Guichard <james.n.guichard@futurewei.com>",
                "Ketan Talaulikar <ketant.ietf@gmail.com>", "Mohamed Boucadair <mohamed.boucadair@orange.com>",
                "Routing Area Working Group Discussion List <rtgwg@ietf.org>",
                "Network Modeling Discussion List <netmod@ietf.org>", "Yingzhen Qu <yingzhen.ietf@gmail.com>",
                "Thomas Graf <thomas.graf@swisscom.com>",
                "IP Performance Measurement Discussion List <ippm@ietf.org>", "Kent Watsen <kent+ietf@watsen.net>",
                "Gunter Van de Velde <gunter.van_de_velde@nokia.com>",
                "Liaisons at BBF <liaisons@broadband-forum.org>", "Lincoln Lavoie <lylavoie@iol.unh.edu>",
                "Craig Thomas <cthomas@broadband-forum.org>", "Karina Rocha-Gabbard <krocha@broadband-forum.org>"]),
        ("Purpose", "For information"), ("Attachments", "(None)")],
  body_label=True,
  body=("The Broadband Forum shares its most recently published work, available from its online\n"
        "technical library:\n\n"
        "TR-106a6 Data Model Template for CWMP Endpoints and USP Agents - the template behind the\n"
        "structure of the TR-181 Device:2 data model.\n\n"
        "TR-181i2a20 Device:2 Data Model - the data model for CWMP endpoints and USP agents."),
  exp=dict(from_groups=["Broadband Forum"], from_organisation="Broadband Forum",
           from_contacts=["lylavoie@iol.unh.edu"],
           to_groups=["IETF IPPM WG", "IETF NETMOD WG", "rtgwg"], to_organisation="IETF",
           to_contacts=["jefftant.ietf@gmail.com", "yingzhen.ietf@gmail.com", "kent+ietf@watsen.net",
                        "lberger@labn.net", "marcus.ihlar@ericsson.com", "thomas.graf@swisscom.com"],
           purpose="for_information", deadline=None,
           title="Recently published Broadband Forum Work Items (November 2025)", in_response_to=None),
  cases=[dict(shape="e"),
         dict(shape="c", forward="attached", exp_drop=["to_groups"], forwarder=("BBF liaison manager", "bbf-liaison@ietf.org"))])

# --- 5 ------------------------------------------------------------------------
S(fam=5, lid=1520, org="mef", slug="soam-yang-coordination", urls=["http://tracker.tools.ietf.org/liaison/1520/",
                                                                   DT.format(1520)],
  title="SOAM YANG work coordination", addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2017-05-03"), ("From Group", "MEF"),
        ("From Contact", "Raghu Ranganathan"), ("To Group", "lime"),
        ("To Contacts", ["Carlos Pignataro", "Ron Bonica"]),
        ("Cc", ["Ron Bonica", "Warren Kumari", "Carlos Pignataro", "Benoit Claise",
                "Layer Independent OAM Management in the Multi-Layer Environment Discussion List",
                "Raghu Ranganathan"], ""),
        ("Response Contact", None), ("Purpose", "For information"),
        ("Attachments", "L00265_001_2017Q2-LiaisononSOAMYANG_Ranganathan copy")],
  body_label=False,
  body=("MEF Forum thanks IEEE 802.1 and ITU-T SG15 for their answers to its liaisons on SOAM FM and PM\n"
        "YANG. MEF accepts that each organisation defines the base YANG modules for the OpCodes it\n"
        "allocates, with the base MD/MA/MEP material done in IEEE 802.1, and will wait for those modules\n"
        "rather than revise MEF 38 and MEF 39 now. It asks about expected timelines and describes its own\n"
        "related work on LSO interface profiles and a network resource model. MEF meets next on July\n"
        "24-27 in Toronto."),
  exp=dict(from_groups=["MEF"], from_organisation="MEF", from_contacts=["Raghu Ranganathan"], reply_to=None,
           to_groups=["lime"], to_organisation="IETF", to_contacts=["Carlos Pignataro", "Ron Bonica"],
           purpose="for_information", deadline=None, title="SOAM YANG work coordination"),
  cases=[dict(shape="a", sep=" ", cte="base64")])

# --- 6 ------------------------------------------------------------------------
S(fam=6, lid=318, org="ietf", slug="ccamp-sg15-cooperation", urls=[DT.format(318)],
  title="Cooperative Relationship between ITU-T SG15 and CCAMP", addl=None, skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2007-04-08"), ("From Group", "ccamp"),
        ("From Contact", "Adrian Farrel"), ("To Group", "ITU-T-SG-15"), ("To Contacts", "Greg Jones <>"),
        ("Cc", ["Yoichi Maeda <>", "Stephen Trowbridge <>", "Kam Lam <>", "Scott Bradner <>", "Ross Callon <>",
                "Dave Ward <>", "CCAMP Mailing List <>"]),
        ("Response Contact", ["Adrian Farrel <>", "Deborah Brungard <>"]),
        ("Technical Contact", ["Adrian Farrel <>", "Deborah Brungard <>"]),
        ("Purpose", "For action"), ("Deadline", "2007-06-25 Action Taken"), ("Attachments", "(None)")],
  body_label=False,
  body=("The CCAMP working group thanks SG15 for its liaison and answers separately the part of it that\n"
        "deals with how the two groups cooperate. CCAMP notes the growing cooperation of recent years:\n"
        "it sends a liaison representative to SG15 plenary and interim meetings, and reserves a slot at\n"
        "each IETF meeting for an update on ITU-T work. It only asks for review of material it considers\n"
        "stable, and it describes how it sees the way forward for the ASON routing work."),
  exp=dict(from_groups=["IETF CCAMP WG"], from_organisation="IETF",
           from_contacts=["Adrian Farrel", "Deborah Brungard"], reply_to="Adrian Farrel, Deborah Brungard",
           to_groups=["ITU-T Study Group 15"], to_organisation="ITU-T", to_contacts=["Greg Jones"],
           purpose="for_action", deadline="2007-06-25",
           title="Cooperative Relationship between ITU-T SG15 and CCAMP", in_response_to=None),
  cases=[dict(shape="a", sep=" ")])

S(fam=6, lid=339, org="itu-t", slug="sg15-ccamp-cooperation-reply", urls=[DT.format(339)],
  title="Cooperative Relationship between ITU-T SG15 and CCAMP", addl=None, layout="old",
  rows=[("Submission date", "2007-06-26"), ("From", "ITU-T SG 15 (Greg Jones)"), ("Response contact", None),
        ("Technical contact", None), ("Purpose", "For information"),
        ("Attachments", "Cooperative Relationship between ITU-T SG15 and CCAMP - body text")],
  body_label=False,
  body=("Q14/15 thanks CCAMP for its liaison response on the cooperation between the two groups and\n"
        "answers the points about the ASON routing cooperation; procedural questions are left to the\n"
        "meeting of the IETF and SG15 management teams. Q14/15 is increasingly concerned about the\n"
        "progress of the routing protocol extensions needed for the G.7715.1 requirements, and sees their\n"
        "completion as the most urgent item for better cooperation."),
  exp=dict(from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T", from_contacts=["Greg Jones"],
           reply_to=None, purpose="for_information", deadline=None,
           title="Cooperative Relationship between ITU-T SG15 and CCAMP"),
  notes=["The stored page has no To line (the old page layout); to_groups and to_contacts are left out."],
  cases=[dict(shape="a", sep="\t")])

# --- 7 ------------------------------------------------------------------------
S(fam=7, lid=2010, org="etsi", slug="zsm-agents-autonomy", urls=[DT.format(2010)],
  title="ZSM work on Agent and Autonomy", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2025-07-02"), ("From Group", "ETSI-ISG-ZSM"),
        ("From Contact", "ISG_ZSM@LIST.ETSI.ORG"), ("To Groups", "ART, OPS, opsawg"),
        ("To Contacts", ["Joe Clarke <jclarke@cisco.com>", "Beno\u00eet Claise <benoit.claise@huawei.com>",
                         "Orie Steele <orie@or13.io>", "Andy Newton <andy@hxr.us>",
                         "Mahesh Jethanandani <mjethanandani@gmail.com>",
                         "Mohamed Boucadair <mohamed.boucadair@orange.com>"]),
        ("Cc", ["Joe Clarke <jclarke@cisco.com>", "Beno\u00eet Claise <benoit.claise@huawei.com>",
                "Operations and Management Area Working Group Discussion List <opsawg@ietf.org>",
                "Andy Newton <andy@hxr.us>", "Mahesh Jethanandani <mjethanandani@gmail.com>",
                "The IETF Chair <chair@ietf.org>", "Orie Steele <orie@or13.io>",
                "Mohamed Boucadair <mohamed.boucadair@orange.com>"]),
        ("Response Contact", "ZSMsupport@etsi.org"), ("Purpose", "For action"),
        ("Deadline", "2025-09-08 Action Needed"),
        ("Attachments", "ZSM(25)000129r1_Proposed_Liaison_on_ZSM_work_on_Agent_and_Autonomy.docx")],
  body_label=True,
  body=("1. Overall description:\n"
        "ETSI ISG ZSM informs the IETF of its work on agents and on network autonomy. ZSM 020 (Agents in\n"
        "Autonomous Networks) looks at how agents can manage networks and services and communicate with\n"
        "each other; ZSM 021 (ZSM Framework from Automation to Autonomy) looks at the gap between\n"
        "today's automation and autonomy and at the capabilities needed to close it.\n\n"
        "2. Actions:\n"
        "ISG ZSM asks the addressed IETF groups for feedback on this work and on related IETF activities."),
  exp=dict(from_groups=["ETSI-ISG-ZSM"], from_organisation="ETSI", from_contacts=["isg_zsm@list.etsi.org"],
           reply_to="zsmsupport@etsi.org",
           to_groups=["IETF Applications and Real-Time Area", "IETF Operations and Management Area",
                      "IETF OPSAWG WG"], to_organisation="IETF",
           to_contacts=["jclarke@cisco.com", "benoit.claise@huawei.com", "orie@or13.io", "andy@hxr.us",
                        "mjethanandani@gmail.com", "mohamed.boucadair@orange.com"],
           purpose="for_action", deadline="2025-09-08", title="ZSM work on Agent and Autonomy",
           in_response_to=None),
  cases=[dict(shape="detsi", doc="ZSM(25)000129r1_Proposed_Liaison_on_ZSM_work_on_Agent_and_Autonomy.docx",
              sender=("ETSI ZSM Support", "ZSMsupport@etsi.org"),
              cover="Dear colleagues,\n\non behalf of ETSI ISG ZSM please find attached a liaison statement "
                    "on our work on agents and autonomy. We would appreciate your feedback by 8 September "
                    "2025.\n\nBest regards,\nZSM Support",
              exp_over=dict(from_groups=["ETSI ISG ZSM"]), drop=["to_contacts"]),
         dict(shape="a", sep=" ", charset="iso-8859-1", cte="8bit")])

# --- 8 ------------------------------------------------------------------------
S(fam=8, lid=1457, org="itu-t", slug="sg13-fg-imt2020-gap-analysis", urls=["http://sandbox.ietf.org/liaison/1457/"],
  title=("LS on \u201cReport on standard gap analysis\u201d, from ITU-T Focus Group on IMT-2020 and on "
         "extension of lifetime of Focus Group IMT-2020"), addl=None,
  rows=[("Posted Date", "2016-02-26"), ("From Group", "ITU-T-SG-13"), ("From Contact", "Tatiana Kurakova"),
        ("To Group", "IETF"), ("To Contacts", "The IETF Chair"), ("Cc", ["Scott Mansfield", "The IETF Chair"], ""),
        ("Purpose", "For information"),
        ("Attachments", ["Agreed ToR for the FG IMT-2020.", "FG IMT-2020: Report on Standards Gap Analysis."])],
  body_label=False,
  body=("SG13 set up the Focus Group on IMT-2020 in 2015 to find the standards gaps for the non-radio\n"
        "parts of 5G. The Focus Group has delivered its gap analysis: 85 gaps in five areas (high-level\n"
        "architecture, network softwarization, end-to-end QoS, fronthaul/backhaul, ICN), attached as\n"
        "Annex 1. SG13 also extended the Focus Group until 31 December 2016 with new terms of reference\n"
        "(Annex 2)."),
  exp=dict(from_groups=["ITU-T Study Group 13"], from_organisation="ITU-T", from_contacts=["Tatiana Kurakova"],
           to_groups=["IETF"], to_organisation="IETF", to_contacts=["The IETF Chair"],
           purpose="for_information", deadline=None,
           title=("LS on \u201cReport on standard gap analysis\u201d, from ITU-T Focus Group on IMT-2020 and on "
                  "extension of lifetime of Focus Group IMT-2020"), in_response_to=None),
  cases=[dict(shape="a", sep=" ")])

# --- 9 ------------------------------------------------------------------------
S(fam=9, lid=1554, org="3gpp", slug="sa2-ipv6-prefix-ssc", urls=[DT.format(1554)],
  title="LS on indicating service continuity usage of the additional IPv6 prefix in Router Advertisement",
  addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2018-01-16"), ("From Group", "3GPP-TSGSA-SA2"),
        ("From Contact", "Chang hong"), ("To Groups", "6man, dmm, INT"),
        ("To Contacts", ["Sri Gundavelli <sgundave@cisco.com>", "Dapeng Liu <maxpassion@gmail.com>",
                         "Terry Manderson <terry.manderson@icann.org>", "Suresh Krishnan <suresh@kaloom.com>",
                         "Robert Hinden <bob.hinden@gmail.com>", "Ole Troan <otroan@employees.org>"]),
        ("Cc", ["Dapeng Liu <maxpassion@gmail.com>", "Terry Manderson <terry.manderson@icann.org>",
                "IPv6 Maintenance Discussion List <ipv6@ietf.org>", "Ole Troan <otroan@employees.org>",
                "Sri Gundavelli <sgundave@cisco.com>", "The IETF Chair <chair@ietf.org>",
                "Robert Hinden <bob.hinden@gmail.com>",
                "Distributed Mobility Management Discussion List <dmm@ietf.org>",
                "Suresh Krishnan <suresh@kaloom.com>"]),
        ("Response Contact", ["georg.mayer.huawei@gmx.com", "3GPPLiaison@etsi.org"]),
        ("Purpose", "For information"),
        ("Attachments", "S2-179625_e-mail_rev2_S2-179363_LS_out_to_IETF_Internet_Area_DMM_6MAN")],
  body_label=True,
  body=("1. Overall Description: SA2 informs the IETF of the three session and service continuity (SSC)\n"
        "modes defined in TS 23.501 and of its use of multi-homed IPv6 PDU sessions, where a new prefix is\n"
        "announced with a Router Advertisement and RFC 4191 route information. SA2 is looking for a way to\n"
        "tell the UE how a new prefix may be used for service continuity, and notes the DMM draft on\n"
        "on-demand mobility."),
  exp=dict(from_groups=["3GPP TSG SA WG2"], from_organisation="3GPP", from_contacts=["Chang hong"],
           reply_to="georg.mayer.huawei@gmx.com, 3gppliaison@etsi.org",
           to_groups=["IETF 6MAN WG", "IETF DMM WG", "IETF Internet Area"], to_organisation="IETF",
           to_contacts=["sgundave@cisco.com", "maxpassion@gmail.com", "terry.manderson@icann.org",
                        "suresh@kaloom.com", "bob.hinden@gmail.com", "otroan@employees.org"],
           purpose="for_information", deadline=None,
           title="LS on indicating service continuity usage of the additional IPv6 prefix in Router Advertisement",
           in_response_to=None),
  cases=[dict(shape="b", pipes=False, cte="base64")])

# --- 10 -----------------------------------------------------------------------
S(fam=10, lid=1764, org="ieee", slug="8021-deterministic-sg13-response",
  urls=["https://sandbox.ietf.org/liaison/1764/"],
  title="Liaison response to work items related to deterministic communication in ITU-T SG13", addl=None,
  rows=[("State", "Posted"), ("Submitted Date", "2021-11-22"), ("From Group", "IEEE-802-1"),
        ("From Contact", "Glenn Parsons"), ("To Group", "detnet"), ("To Contacts", ["Lou Berger", "J\u00e1nos Farkas"]),
        ("Cc", ["Eric Gray", "John Scudder", "Lou Berger", "Deterministic Networking Discussion List",
                "J\u00e1nos Farkas", "Alvaro Retana", "Martin Vigoureux"], ""),
        ("Response Contact", ["Paul Nikolich", "Glenn Parsons", "John Messenger"]),
        ("Purpose", "For action"), ("Deadline", "2021-12-31 Action Needed"),
        ("Attachments", "liaison-response-itu-t-SG13-LS217-determcommunics-1121-v01")],
  body_label=False,
  body=("IEEE 802.1 thanks ITU-T SG13 for SG13-LS217 on its work items on deterministic communication.\n"
        "It points out the three coordinated efforts in this area - IEEE TSN, IETF DetNet and 3GPP SA2 -\n"
        "and explains how the TSN task group works on profiles for industrial automation, automotive and\n"
        "aerospace with the organisations leading those applications, and coordinates with IETF and\n"
        "3GPP for needs beyond a local or metropolitan area network."),
  exp=dict(from_groups=["IEEE 802.1 WG"], from_organisation="IEEE 802", from_contacts=["Glenn Parsons"],
           reply_to="Paul Nikolich, Glenn Parsons, John Messenger", to_groups=["IETF DETNET WG"],
           to_organisation="IETF", to_contacts=["Lou Berger", "J\u00e1nos Farkas"], purpose="for_action",
           deadline="2021-12-31",
           title="Liaison response to work items related to deterministic communication in ITU-T SG13"),
  cases=[dict(shape="a", sep="\t", cte="quoted-printable")])

# --- 11 -----------------------------------------------------------------------
S(fam=11, lid=1722, org="bbf", slug="ippm-capacity-metric-interest", urls=[DT.format(1722)],
  title="Broadband Forum interest in draft-ietf-ippm-capacity-metric-method", addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2021-03-05"), ("From Contact", "Lincoln Lavoie"),
        ("To Groups", "ippm, TSV"), ("To Contacts", ["Lars Eggert <>", "Tommy Pauly <>", "Ian Swett <>"]),
        ("Cc", ["The IETF Chair <>", "Ian Swett <>", "Tommy Pauly <>", "Dave Sinicrope <>", "Martin Duke <>",
                "IP Performance Measurement Discussion List <>", "Magnus Westerlund <>",
                "Liaisons at Broadband Forum <>", "Statements at IETF <>", "Jared Mauch <>", "Ken Ko <>",
                "April Nowicki <>", "David Sinicrope <>"]),
        ("Response Contact", None), ("Purpose", "For information"),
        ("Attachments", "LIAISE-439-IPPMWGondraft-ietf-ippm-capacity-metric-method")],
  body_label=False,
  body=("The Broadband Forum intends to use \"Metrics and Methods for One-way IP Capacity\"\n"
        "(draft-ietf-ippm-capacity-metric-method) in its follow-on work to TR-471 and to keep the two\n"
        "aligned. It would like to see the draft progress to a standards track RFC; interested BBF\n"
        "participants will take part in the IETF work, and the BBF asks IPPM to keep it informed of the\n"
        "draft's progress."),
  exp=dict(from_groups=["Broadband Forum"], from_organisation="Broadband Forum", from_contacts=["Lincoln Lavoie"],
           to_groups=["IETF IPPM WG", "IETF Web and Internet Transport Area"], to_organisation="IETF",
           to_contacts=["Lars Eggert", "Tommy Pauly", "Ian Swett"], purpose="for_information", deadline=None,
           title="Broadband Forum interest in draft-ietf-ippm-capacity-metric-method", in_response_to=None),
  notes=["The page has no From Group row; the letter itself is signed for the Broadband Forum "
         "(Technical Committee Chair), so from_groups is the Broadband Forum.",
         "TSV (the former Transport Area) is mapped to the directory's WIT area, which lists "
         "'Transport Area' and 'TSV Area' as aliases."],
  cases=[dict(shape="f", doc="LIAISE-439-IPPMWGondraft-ietf-ippm-capacity-metric-method.pdf",
              letterhead=["Broadband Forum"],
              to_line="To: IETF IPPM WG and IETF Transport Area (Lars Eggert, Tommy Pauly, Ian Swett)",
              date="5 March 2021", dear="Dear colleagues,",
              sign=["Your consideration is greatly appreciated.", "", "Lincoln Lavoie,",
                    "Broadband Forum Technical Committee Chair"],
              sender=("BBF liaison manager", "bbf-liaison@ietf.org"),
              cover="Forwarding the attached liaison from the Broadband Forum to IPPM and the Transport "
                    "area, for information.\n")])

# --- 12 -----------------------------------------------------------------------
S(fam=12, lid=1346, org="mef", slug="yang-service-oam-models", urls=["https://sandbox.ietf.org/liaison/1346/"],
  title="Liaison to IETF on YANG Service OAM models", addl=None,
  rows=[("State", "Posted"), ("Submitted Date", "2014-07-31"), ("From Group", "MEF"),
        ("From Contact", "Mike Bencheck"), ("To Group", "netmod"),
        ("To Contacts", ["J\u00fcrgen Sch\u00f6nw\u00e4lder", "Tom Nadeau"]),
        ("Cc", ["Benoit Claise", "Joel Jaeggli", "Nan Chen", "Bill Bjorkman", "Raghu Ranganathan"], ""),
        ("Response Contact", None), ("Purpose", "For information"),
        ("Attachments", "Liaison to IETF on YANG Service OAM models")],
  body_label=False,
  body=("Dear J\u00fcrgen Sch\u00f6nw\u00e4lder, Tom Nadeau, and Benoit Claise:\n\n"
        "The MEF tells the NETMOD working group that it has published YANG modules for Service OAM fault\n"
        "management (MEF 38) and performance monitoring (MEF 39). They overlap with the working group's\n"
        "goals in the MD, MA (MEG) and MEP definitions, and MEF asks the IETF to review them and consider\n"
        "using them. The MEF Technical Committee meets next in Atlanta, October 27-29, 2014."),
  exp=dict(from_groups=["MEF"], from_organisation="MEF", from_contacts=["Mike Bencheck"], reply_to=None,
           to_groups=["IETF NETMOD WG"], to_organisation="IETF",
           to_contacts=["J\u00fcrgen Sch\u00f6nw\u00e4lder", "Tom Nadeau"], purpose="for_information",
           deadline=None, title="Liaison to IETF on YANG Service OAM models", in_response_to=None),
  cases=[dict(shape="a", sep=" ", charset="iso-8859-1", cte="quoted-printable")])

# --- 13 -----------------------------------------------------------------------
S(fam=13, lid=149, org="ietf", slug="avt-mmusic-sc29-response", urls=[DT.format(149)],
  title="Response to Liaison Statement SC 29 N 6689", addl=None, skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2005-11-13"), ("From Group", "IETF"),
        ("From Contact", "Stephen L. Casner"), ("To Group", "ISO-IEC-JTC1-SC29-WG11"),
        ("To Contacts", "Yukiko Ogura <>"), ("Response Contact", "Stephen Casner <>"),
        ("Technical Contact", ["Joerg Ott <>", "Colin Perkins <>"]), ("Purpose", "In response"),
        ("Attachments", "(None)")],
  body_label=False,
  body=("In response to the MPEG liaison statement of April 2005 (Busan): the MMUSIC and AVT working\n"
        "groups were introduced to the MPEG-21 DIA ideas at IETF 62 and reviewed the related drafts. The\n"
        "clear consensus of both groups was that the suggested approach has numerous issues and is not\n"
        "compatible with Internet technologies as practised for many years; the minutes of both working\n"
        "group sessions give the details."),
  exp=dict(from_groups=["IETF"], from_organisation="IETF",
           from_contacts=["Stephen L. Casner", "Joerg Ott", "Colin Perkins"], reply_to="Stephen Casner",
           to_groups=["ISO-IEC-JTC1-SC29-WG11"], to_organisation="ISO/IEC JTC 1", to_contacts=["Yukiko Ogura"],
           purpose="in_response", deadline=None, title="Response to Liaison Statement SC 29 N 6689"),
  notes=["in_response_to is left out: the page has no 'Liaisons referred' row, and the title (SC 29 N 6689) "
         "and the body (N7181) name different documents."],
  cases=[dict(shape="a", sep=" ")])

# --- 14 -----------------------------------------------------------------------
S(fam=14, lid=1504, org="itu-t", slug="fg-imt2020-completion", urls=["http://tracker.tools.ietf.org/liaison/1504/"],
  title=("LS on the completion of ITU-T Focus Group on IMT-2020 and start of normative work in ITU-T "
         "Study Group 13"), addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2017-01-24"), ("From Group", "ITU-T-FG-IMT-2020"),
        ("From Contact", "Peter Ashwood-Smith"), ("To Group", "IETF"),
        ("To Contacts", ["The IETF Chair", "The IETF Chair", ""]), ("Response Contact", None),
        ("Purpose", "For information"), ("Attachments", "sp16-fgimt-2020-oLS-0004")],
  body_label=False,
  body=("The ITU-T Focus Group on IMT-2020 (May 2015 - December 2016) identified 85 non-radio standards\n"
        "gaps for 5G and produced draft Recommendations and Technical Reports on network architecture,\n"
        "softwarization, end-to-end QoS and management, fronthaul/backhaul and ICN. In 2017 SG13 starts\n"
        "normative work on the non-radio aspects of IMT-2020 in a dedicated working party, based on the\n"
        "Focus Group's output; its first meeting is in Geneva, 6-17 February 2017."),
  exp=dict(from_groups=["ITU-T-FG-IMT-2020"], from_organisation="ITU-T", from_contacts=["Peter Ashwood-Smith"],
           reply_to=None, to_groups=["IETF"], to_organisation="IETF", to_contacts=["The IETF Chair"],
           purpose="for_information", deadline=None,
           title=("LS on the completion of ITU-T Focus Group on IMT-2020 and start of normative work in ITU-T "
                  "Study Group 13"), in_response_to=None),
  cases=[dict(shape="e")])

# --- 15 -----------------------------------------------------------------------
S(fam=15, lid=1590, org="3gpp", slug="ct4-user-plane-analysis", urls=[DT.format(1590)],
  title="LS OUT on User Plane Analysis", addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2018-07-26"), ("From Group", "3GPP-TSGCT-CT4"),
        ("From Contact", "Sridhar Bhaskaran"), ("To Groups", "dmm, IETF"),
        ("To Contacts", ["The IETF Chair <>", "Sri Gundavelli <>", "Dapeng Liu <>"]),
        ("Cc", ["Dapeng Liu <>", "The IESG <>", "Terry Manderson <>", "Sri Gundavelli <>", "The IETF Chair <>",
                "Distributed Mobility Management Discussion List <>", "Suresh Krishnan <>"]),
        ("Response Contact", None), ("Purpose", "For information"),
        ("Attachments", "C4-185491-LSOUT-IETF-GTP-U")],
  # the other stored copy of the same page (older layout)
  rows_old=[("State", "Posted"), ("Posted Date", "2018-07-26"), ("From Group", "3GPP-TSGCT-CT4"),
            ("To Groups", "dmm, IETF"), ("Purpose", "For information")],
  body_label=False,
  body=("1. Overall Description:\n"
        "CT4 reviewed draft-hmm-dmm-5g-uplane-analysis-00, based on the discussion paper C4-185292, and\n"
        "gives DMM its initial feedback. CT4 stresses that the evaluation criteria for the user plane\n"
        "protocol study (FS_UPPS) in 5GC are defined by CT4, whose work has only just started.\n\n"
        "2. Actions:\n"
        "To IETF DMM Group.\n"
        "CT4 kindly requests IETF DMM to take this initial feedback into account.\n\n"
        "3. Date of Next CT and CT4 Meetings:\n"
        "CT4#86\t20th - 24th Aug 2018\tWest Palm Beach, US\n"
        "CT#81\t10th - 11th Sep 2018\tGold Coast, Australia\n"
        "CT4#86bis\t15th - 19th Oct 2018\tVilnius, Lithuania"),
  exp=dict(from_groups=["3GPP TSG CT WG4"], from_organisation="3GPP", from_contacts=["Sridhar Bhaskaran"],
           reply_to=None, to_groups=["IETF DMM WG", "IETF"], to_organisation="IETF",
           to_contacts=["The IETF Chair", "Sri Gundavelli", "Dapeng Liu"], purpose="for_information",
           deadline=None, title="LS OUT on User Plane Analysis", in_response_to=None),
  cases=[dict(shape="d3gpp", doc="C4-185491-LSOUT-IETF-GTP-U.docx", zip="C4-185491.zip", source="CT4",
              to="IETF DMM WG, IETF", contact=("Sridhar Bhaskaran", None), reply=None, wi="FS_UPPS",
              meeting_line="3GPP TSG CT WG4\tC4-185491",
              sender=("3GPP liaison manager", "3gpp-liaison@ietf.org"),
              cover="Hi,\n\nthe attached LS from CT4 to DMM (C4-185491) was approved at the last CT4 "
                    "meeting; it is for information.\n\nRegards,\n3GPP liaison manager",
              drop=["to_contacts", "reply_to"]),
         dict(shape="a", sep=" ", rows="rows_old",
              exp_drop=["from_contacts", "to_contacts", "reply_to"],
              note="Second stored copy of the page, older layout without contacts and attachments.")])

# --- 16 -----------------------------------------------------------------------
S(fam=16, lid=1551, org="ieee", slug="8021-cfm-yang-to-lime", urls=["http://sandbox.ietf.org/liaison/1551/"],
  title="Liaison on CFM YANG", addl=None,
  rows=[("Posted Date", "2017-12-18"), ("From Group", "IEEE-802-1"), ("From Contact", "Glenn Parsons"),
        ("To Group", "lime"), ("To Contacts", ["Carlos Pignataro", "Ron Bonica"]),
        ("Cc", ["Ron Bonica", "Warren Kumari", "Carlos Pignataro",
                "Layer Independent OAM Management in the Multi-Layer Environment Discussion List",
                "Benoit Claise", "Eric Gray"], ""),
        ("Response Contact", ["Paul Nikolich", "Glen Parsons", "John Messenger"]),
        ("Purpose", "For information"), ("Attachments", "liaision-response-BBF-84-1117-v01")],
  body_label=False,
  body=("Thank you for your liaisons of May and September 2017 on YANG model development and on a YANG\n"
        "model for CFM OAM, and for offering to coordinate while IEEE 802.1 works on a CFM YANG model\n"
        "that can serve as the base for the BBF, MEF, ITU-T and other models.\n\n"
        "We will share a first draft of our P802.1Qcx model with you as soon as it exists and continue\n"
        "to develop it on GitHub. P802.1Qcp is the base for P802.1Qcx and follows the IETF NMDA datastore\n"
        "guidelines. To make P802.1Qcx meet your needs we would appreciate your requirements and usage\n"
        "scenarios for CFM, the TR-383a1 models, and the modifications you identified to MEF 38 and 39."),
  exp=dict(from_groups=["IEEE 802.1 WG"], from_organisation="IEEE 802", from_contacts=["Glenn Parsons"],
           reply_to="Paul Nikolich, Glen Parsons, John Messenger", to_groups=["lime"], to_organisation="IETF",
           to_contacts=["Carlos Pignataro", "Ron Bonica"], purpose="for_information", deadline=None,
           title="Liaison on CFM YANG"),
  cases=[dict(shape="f", doc="liaision-response-BBF-84-1117-v01.pdf",
              letterhead=["IEEE 802.1 Working Group"],
              to_line="To: IETF LIME WG (Carlos Pignataro, Ron Bonica)",
              date="December 2017", dear="Dear Colleagues,",
              sign=["Sincerely,", "", "Glenn Parsons", "Chair, IEEE 802.1 WG", "",
                    "Response contacts: Paul Nikolich, Glen Parsons, John Messenger"],
              sender=("IEEE 802 liaison manager", "ieee-802-liaison@iab.org"),
              cover="Please record the attached liaison from IEEE 802.1 to LIME (for information).\n")])

# --- 17 -----------------------------------------------------------------------
S(fam=17, lid=2006, org="bbf", slug="onu-management-at-scale",
  urls=["https://www.mail-archive.com/netmod@ietf.org/msg16308.html", DT.format(2006), DT.format(2083)],
  title="Addressing ONU Management at Scale", addl=None,
  notif=dict(date="2025-06-11", from_="Lincoln Lavoie <lylavoie@iol.unh.edu>",
             to=["Kent Watsen <kent+ietf@watsen.net>", "Lou Berger <lberger@labn.net>"],
             cc=["Xueyan Song <song.xueyan2@zte.com.cn>", "Kent Watsen <kent+ietf@watsen.net>",
                 "Network Modeling Discussion List <netmod@ietf.org>", "Lou Berger <lberger@labn.net>",
                 "Mohamed Boucadair <mohamed.boucadair@orange.com>",
                 "Mahesh Jethanandani <mjethanandani@gmail.com>"],
             response="lylavoie@iol.unh.edu", technical="", purpose="For information",
             referenced=("Follow up on Management at Scale Projects", DT.format(1935)), attachments=None),
  body=("Dear Colleagues\n\n"
        "The Broadband Forum (BBF) is working on WT-505: ONU Management at Scale, an enhancement of TR-385\n"
        "(YANG Modules for PON Management) that you heard about through LIAISE-595 in 2023. As a\n"
        "short-term solution BBF will define \"ONU templates\" used by \"ONU instances\", which shrinks the\n"
        "configuration datastore considerably; this complements the IETF work on template requirements,\n"
        "with which BBF intends to realign later.\n\n"
        "With this liaison BBF informs you that the new YANG groupings it defines for these templates\n"
        "will copy YANG definitions from IETF modules, following the corrected legal provisions."),
  exp=dict(from_groups=["Broadband Forum"], from_organisation="Broadband Forum",
           from_contacts=["lylavoie@iol.unh.edu"], reply_to="lylavoie@iol.unh.edu", to_organisation="IETF",
           to_contacts=["kent+ietf@watsen.net", "lberger@labn.net"], purpose="for_information", deadline=None,
           title="Addressing ONU Management at Scale",
           in_response_to="Follow up on Management at Scale Projects", attachments=[]),
  notes=["This is the Datatracker's own notification as archived on the netmod list. The archive "
         "truncates addresses (lylav...@iol.unh.edu); the full addresses are those the Datatracker "
         "publishes for the same people on liaison 2083.",
         "The notification names contacts, not groups: to_groups is left out (not verified); "
         "from_groups is the Broadband Forum the body names.",
         "The archived copy ends in the body; the Attachments section is not reproduced."],
  cases=[dict(shape="c", direct=True, wrap=True)])

# --- 18 -----------------------------------------------------------------------
S(fam=18, lid=1506, org="mef", slug="mef38-soam-fm-yang", urls=[DT.format(1506)],
  title="2017Q2-Liaison on MEF 38-SOAM FM YANG", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2017-03-14"), ("From Group", "MEF"),
        ("From Contact", "Raghu Ranganathan"), ("To Group", "lime"),
        ("To Contacts", ["Carlos Pignataro <>", "Ron Bonica <>"]),
        ("Cc", ["Ron Bonica <>", "Joel Jaeggli <>", "Carlos Pignataro <>", "Benoit Claise <>",
                "Layer Independent OAM Management in the Multi-Layer Environment Discussion List <>",
                "Raghu Ranganathan <>"]),
        ("Response Contact", None), ("Purpose", "For information"),
        ("Attachments", "L00259_001_2017Q2-LiaisononMEF38-SOAMFMYANG_Ranganathan"),
        ("Liaisons referring to this one", "IEEE 802.1 CFM YANG module")],
  body_label=False,
  body=("MEF Forum is considering a revision (MEF 38.1) of its Service OAM Fault Management YANG module;\n"
        "so far it has identified errata, attached. As IEEE 802.1 and ITU-T SG15 developed the SOAM FM\n"
        "tools and are working on related models, MEF would appreciate their input on the scope of the\n"
        "revision and on developing the updated module together. MEF is also looking at MEF 39 (SOAM PM\n"
        "YANG). MEF meets next on April 24-27 in Frankfurt."),
  exp=dict(from_groups=["MEF"], from_organisation="MEF", from_contacts=["Raghu Ranganathan"], reply_to=None,
           to_groups=["lime"], to_organisation="IETF", to_contacts=["Carlos Pignataro", "Ron Bonica"],
           purpose="for_information", deadline=None, title="2017Q2-Liaison on MEF 38-SOAM FM YANG",
           in_response_to=None),
  cases=[dict(shape="b", pipes=True, join="<br>")])

# --- 19 -----------------------------------------------------------------------
S(fam=19, lid=1709, org="ietf", slug="fg-net2030-response", urls=[DT.format(1709)],
  title="Liaison response on FG Net2030 Deliverables", addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2020-11-24"), ("From Group", "IETF"),
        ("From Contact", "Alissa Cooper"), ("To Group", "ITU-T-SG-13"), ("To Contacts", "tsbsg13@itu.int"),
        ("Cc", ["Scott Mansfield <Scott.Mansfield@Ericsson.com>", "The IETF Chair <chair@ietf.org>",
                "The IESG <iesg@ietf.org>", "iab@iab.org"]),
        ("Response Contact", "The IETF Chair <chair@ietf.org>"), ("Purpose", "In response"),
        ("Attachments", "(None)"),
        ("Liaisons referred by this one", "LS/o on Deliverables of Focus Group NET2030")],
  body_label=True,
  body=("The IETF thanks SG13 for sharing the output of the completed Focus Group NET2030. The\n"
        "deliverables explore interesting technologies but lack the clarity and specificity needed to\n"
        "start standardization; in particular their gap analysis does not evaluate the relevant\n"
        "existing standards of the IETF and other SDOs (see also the IETF's reply to TSAG in liaison\n"
        "1677). Without a real gap analysis and coordination with other SDOs the IETF remains concerned\n"
        "about how the results would be used."),
  exp=dict(from_groups=["IETF"], from_organisation="IETF", from_contacts=["Alissa Cooper"],
           reply_to="chair@ietf.org", to_groups=["ITU-T Study Group 13"], to_organisation="ITU-T",
           to_contacts=["tsbsg13@itu.int"], purpose="in_response", deadline=None,
           title="Liaison response on FG Net2030 Deliverables",
           in_response_to="LS/o on Deliverables of Focus Group NET2030"),
  cases=[dict(shape="a", sep=" ")])

# --- 20 -----------------------------------------------------------------------
S(fam=20, lid=1534, org="itu-t", slug="sg15-imt2020-transport", urls=[DT.format(1534)],
  title="Initiation of work to support IMT-2020/5G in the Transport Network", addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2017-07-06"), ("From Group", "ITU-T-SG-15"),
        ("From Contact", "Hiroshi Ota"), ("To Group", "IETF"), ("To Contacts", "The IETF Chair"),
        ("Cc", ["John Drake", "Scott Mansfield", "The IETF Chair"], ""), ("Response Contact", None),
        ("Purpose", "For information"), ("Attachments", "SG15-LS54")],
  body_label=False,
  body=("WP3/15, responsible for optical transport networks, has started a Technical Report GSTR-TN5G,\n"
        "\"Transport network support of IMT-2020/5G\". It will describe a reference model, deployment\n"
        "scenarios (topology, interfaces, capacity, latency and synchronization requirements),\n"
        "control/management interfaces and the support of network slicing, and will guide the other\n"
        "WP3/15 Questions; related work items may be added in February 2018. An interim meeting is\n"
        "planned for 16-20 October 2017 in Europe."),
  exp=dict(from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T", from_contacts=["Hiroshi Ota"],
           to_groups=["IETF"], to_organisation="IETF", purpose="for_information", deadline=None,
           title="Initiation of work to support IMT-2020/5G in the Transport Network", in_response_to=None),
  cases=[dict(shape="ditu", doc="SG15-LS54.docx", ls="SG15-LS54", sg="15", q=None, period="2017-2020",
              info_to="IETF", action_to=None, deadline_text=None, contact=("Hiroshi Ota", None),
              sender=("TSB SG15", "tsbsg15@itu.int"),
              cover="Dear Sir/Madam,\n\nplease find attached liaison statement SG15-LS54 from ITU-T Study "
                    "Group 15, for information.\n\nBest regards,\nTSB")])

# --- 21 -----------------------------------------------------------------------
S(fam=21, lid=1528, org="3gpp", slug="tsg-sa-ngp-reply", urls=[DT.format(1528)],
  title="Reply LS to liaison statement on requesting support for defining next generation protocols",
  addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2017-06-15"), ("From Group", "3GPP-TSG-SA"),
        ("From Contact", "Georg Mayer"), ("To Group", "IETF"), ("To Contacts", ["The IETF Chair", "The IETF Chair"]),
        ("Response Contact", None), ("Purpose", "For information"), ("Attachments", "SP-170579")],
  body_label=False,
  body=("TSG SA thanks ETSI ISG NGP for its liaison on defining next generation protocols, which was\n"
        "discussed in TSG CT, RAN and SA. Given the short 5G timeline (Rel-15/Rel-16) 3GPP will not start\n"
        "a study on completely new protocols, but adaptations of existing protocols are in scope of the\n"
        "CT studies and NGP members may contribute there. 3GPP does not intend to coordinate between NGP\n"
        "and the IETF, and could look at larger protocol changes beyond Rel-16."),
  exp=dict(from_groups=["3GPP TSG SA"], from_organisation="3GPP", from_contacts=["Georg Mayer"],
           to_groups=["IETF"], to_organisation="IETF", purpose="for_information", deadline=None,
           title="Reply LS to liaison statement on requesting support for defining next generation protocols"),
  notes=["in_response_to is left out: the statement answers ETSI ISG NGP's liaison, but the page has no "
         "referral row."],
  cases=[dict(shape="d3gpp", doc="SP-170579.docx", source="TSG SA", to="IETF",
              contact=("Georg Mayer", None), reply=None, meeting_line="3GPP TSG SA\tSP-170579",
              sender=("3GPP liaison manager", "3gpp-liaison@ietf.org"),
              cover="FYI - reply LS from TSG SA (SP-170579), copied to the IETF.\n",
              drop=["reply_to"])])

# --- 22 -----------------------------------------------------------------------
S(fam=22, lid=1543, org="ieee", slug="8021-im-dm-oam-response", urls=[DT.format(1543)],
  title="Liaison response to ITU - T SG15 regarding coordination on IM/DM for OAM", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2017-09-18"), ("From Group", "IEEE-802-1"),
        ("From Contact", "Glenn Parsons"), ("To Group", "OPS"), ("To Contacts", ["Warren Kumari <>", "Benoit Claise <>"]),
        ("Cc", ["Benoit Claise <>", "Eric Gray <>", "The IETF Chair <>", "Warren Kumari <>"]),
        ("Response Contact", ["Paul Nikolich <>", "Glen Parsons <>", "John Messenger <>"]),
        ("Purpose", "For information"), ("Attachments", "liaison-response-ITU-T-SG15-LS43-0717-v01")],
  body_label=False,
  body=("Thank you for your liaison response (SG15-TD29R1/PLEN Annex I). IEEE 802.1 approved the PAR for\n"
        "P802.1Qcx (YANG Data Model for CFM) at its July 2017 plenary, and notes that the new Q14/15 work\n"
        "item on G.8052.1 will take P802.1Qcx as input. We will share our UML information model and YANG\n"
        "data model as they progress, so that G.8052.1 can build on them for the G.8013/Y.1731 parts,\n"
        "and we welcome meeting jointly in Geneva before the next SG15 plenary, including at the joint\n"
        "workshop on 27 January 2018."),
  exp=dict(from_groups=["IEEE 802.1 WG"], from_organisation="IEEE 802", from_contacts=["Glenn Parsons"],
           reply_to="Paul Nikolich, Glen Parsons, John Messenger",
           to_groups=["IETF Operations and Management Area"], to_organisation="IETF",
           to_contacts=["Warren Kumari", "Benoit Claise"], purpose="for_information", deadline=None,
           title="Liaison response to ITU - T SG15 regarding coordination on IM/DM for OAM", attachments=[]),
  cases=[dict(shape="fbody", letterhead=["IEEE 802.1 Working Group"],
              to_line="To: IETF Operations and Management Area (Warren Kumari, Benoit Claise)",
              cc_line="Cc: Eric Gray, The IETF Chair",
              date="18 September 2017", dear="Dear Colleagues,",
              sign=["Sincerely,", "", "Glenn Parsons", "Chair, IEEE 802.1 WG", "",
                    "Please send any response to Paul Nikolich, Glen Parsons and John Messenger."],
              sender=("IEEE 802 liaison manager", "ieee-802-liaison@iab.org"), cte="quoted-printable")])

# --- 23 -----------------------------------------------------------------------
S(fam=23, lid=1566, org="bbf", slug="tr-384-disaggregated-bng", urls=["http://tracker.tools.ietf.org/liaison/1566/"],
  title="The Disaggregated Architecture of BNG in BBF TR-384", addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2018-03-15"), ("From Contact", "David Sinicrope"),
        ("To Groups", "i2rs, RTG"),
        ("To Contacts", ["Susan Hares", "Jeffrey Haas", "Alia Atlas", "Alvaro Retana", "Deborah Brungard"]),
        ("Cc", ["Deborah Brungard", "Susan Hares", "David Sinicrope", "Alia Atlas", "Alvaro Retana",
                "The IETF Chair", "Russ White", "Interface to the Routing System Discussion List"], ""),
        ("Purpose", "For information"), ("Attachments", "BBF2IETF.LIAISE-128-v04")],
  body_label=False,
  body=("Dear colleagues,\n\n"
        "BBF informs the IETF that it has approved TR-384, \"Cloud Central Office Reference Architectural\n"
        "Framework\". TR-384 disaggregates the Broadband Network Gateway and separates its service control\n"
        "plane, which can be centralized and virtualized, from a distributed user plane; the interfaces\n"
        "between them still need study. Work on these interfaces has started in the IETF, for example\n"
        "the information model of the control/user plane separated BNG."),
  exp=dict(from_groups=["Broadband Forum"], from_organisation="Broadband Forum", from_contacts=["David Sinicrope"],
           to_groups=["i2rs", "IETF Routing Area"], to_organisation="IETF",
           to_contacts=["Susan Hares", "Jeffrey Haas", "Alia Atlas", "Alvaro Retana", "Deborah Brungard"],
           purpose="for_information", deadline=None, title="The Disaggregated Architecture of BNG in BBF TR-384",
           in_response_to=None),
  notes=["The page has no From Group row; the body says the statement is from the BBF."],
  cases=[dict(shape="a", sep="\t")])

# --- 24 -----------------------------------------------------------------------
S(fam=24, lid=1584, org="mef", slug="ip-service-definition", urls=[DT.format(1584)],
  title="MEF Starting IP Service Definition Work", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2018-07-06"), ("From Group", "MEF"),
        ("From Contact", "JASON WOLFE"), ("To Groups", "netmod, OPS, RTG"),
        ("To Contacts", ["J\u00fcrgen Sch\u00f6nw\u00e4lder <>", "Tom Nadeau <>", "Alvaro Retana <>",
                         "Deborah Brungard <>", "Martin Vigoureux <>", "Warren Kumari <>", "Ignas Bagdonas <>"]),
        ("Cc", ["Ignas Bagdonas <>", "Deborah Brungard <>", "Kent Watsen <>", "Warren Kumari <>",
                "Martin Vigoureux <>", "Alvaro Retana <>", "The IETF Chair <>", "Joel Jaeggli <>", "Lou Berger <>",
                "Network Modeling Discussion List <>", "Raghu Ranganathan <>"]),
        ("Response Contact", None), ("Purpose", "For information"),
        ("Attachments", "LS00285_001_Liaison to IETF on Start of IP Service Definition Work_Wolfe")],
  body_label=False,
  body=("MEF's Services and Applications Committees have started defining IP services, building on the\n"
        "IP Service Attributes of MEF 61 and complementing the IP Services OAM and activation testing work\n"
        "already liaised to the IETF. The first use cases are Internet Access and Private IP-VPN\n"
        "services; the definitions constrain the attributes for each service and are meant to drive the\n"
        "models of Lifecycle Service Orchestration."),
  exp=dict(from_groups=["MEF"], from_organisation="MEF", from_contacts=["JASON WOLFE"], reply_to=None,
           to_groups=["IETF NETMOD WG", "IETF Operations and Management Area", "IETF Routing Area"],
           to_organisation="IETF",
           to_contacts=["J\u00fcrgen Sch\u00f6nw\u00e4lder", "Tom Nadeau", "Alvaro Retana", "Deborah Brungard",
                        "Martin Vigoureux", "Warren Kumari", "Ignas Bagdonas"],
           purpose="for_information", deadline=None, title="MEF Starting IP Service Definition Work",
           in_response_to=None),
  cases=[dict(shape="e")])

# --- 25 -----------------------------------------------------------------------
S(fam=25, lid=1493, org="ietf", slug="dime-rfc4006-reply-sa5", urls=[DT.format(1493)],
  title="Reply to the LS to IETF for clarification on RFC 4006 for Diameter base protocol", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2016-09-20"), ("From Group", "dime"),
        ("From Contact", "Lionel Morand"), ("To Group", "3GPP-TSG-SA-WG5"), ("To Contacts", None),
        ("Cc", ["Benoit Claise <>", "Lionel Morand <>", "Joel Jaeggli <>", "Jouni Korhonen <>",
                "Diameter Maintenance and Extensions Discussion List <>", "Gonzalo Camarillo <>",
                "Stephen Farrell <>", "Georg Mayer <>"]),
        ("Response Contact", ["Jouni Korhonen <>", "Lionel Morand <>"]), ("Purpose", "In response"),
        ("Attachments", "(None)"),
        ("Liaisons referred by this one", "LS to IETF for clarification on RFC 4006 for Diameter Base Protocol")],
  body_label=False,
  body=("The DIME working group thanks SA5 for its question on RFC 4006. Of the two options SA5 raised,\n"
        "DIME decided to update RFC 4006 so that the Diameter credit-control application relies on RFC\n"
        "6733, fixes known issues and follows RFC 7423; completion is planned for November 2017. DIME\n"
        "reminds SA5 that RFC 6733 is a new version of the Diameter base protocol specification, not a\n"
        "new protocol."),
  exp=dict(from_groups=["dime"], from_organisation="IETF", from_contacts=["Lionel Morand"],
           reply_to="Jouni Korhonen, Lionel Morand", to_groups=["3GPP TSG SA WG5"], to_organisation="3GPP",
           to_contacts=[], purpose="in_response", deadline=None,
           title="Reply to the LS to IETF for clarification on RFC 4006 for Diameter base protocol",
           in_response_to="LS to IETF for clarification on RFC 4006 for Diameter Base Protocol"),
  cases=[dict(shape="e")])

# --- 26 -----------------------------------------------------------------------
S(fam=26, lid=509, org="itu-t", slug="sg13-response-to-iab", urls=["http://sandbox.ietf.org/liaison/509/"],
  title="Response to IETF IAB liaison", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2009-03-05"), ("From Group", "ITU-T-SG-13"),
        ("From Contact", "Tatiana Kurakova"), ("To Group", "IAB"), ("To Contacts", "Olaf Kolkman <>"),
        ("Cc", "Scott Bradner <>"), ("Response Contact", ["Olivier Le Grand < >", "Naotaka Morita <>"]),
        ("Technical Contact", ["Olivier Le Grand < >", "Naotaka Morita <>"]), ("Purpose", "For action"),
        ("Deadline", "2009-08-01 Action Taken"),
        ("Attachments", "Draft Recommendation ITU-T Y.2015 (Y.ipsplit)")],
  body_label=False,
  body=("SG13 thanks the IAB for its liaison (SG13 TD GEN 0050) on Y.2015, Y.FAid-loc-split and\n"
        "Y.ipv6split. Y.2015 has been extensively revised with input from IETF participants; it remains\n"
        "requirements-oriented and covers IMS-based systems beyond the IETF's scope, and SG13 sees no\n"
        "conflict with IETF work. SG13 attaches Y.2015 as approved in January 2009 and asks for the IAB's\n"
        "guidance on IETF solutions that could meet these requirements."),
  exp=dict(from_groups=["ITU-T Study Group 13"], from_organisation="ITU-T",
           from_contacts=["Tatiana Kurakova", "Olivier Le Grand", "Naotaka Morita"],
           reply_to="Olivier Le Grand, Naotaka Morita", to_groups=["IAB"], to_organisation="IETF",
           to_contacts=["Olaf Kolkman"], purpose="for_action", deadline="2009-08-01",
           title="Response to IETF IAB liaison"),
  notes=["in_response_to is left out: the page has no referral row (the body cites SG13 TD GEN 0050)."],
  cases=[dict(shape="a", sep=" ")])

# --- 27 -----------------------------------------------------------------------
S(fam=27, lid=2151, org="3gpp", slug="sa3-pqc-rfcs", urls=[DT.format(2151)],
  title="LS on Post-Quantum Cryptography RFCs", addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2026-04-21"), ("From Group", "3GPP-TSG-SA-WG3"),
        ("From Contact", "Mohsin Khan <mohsin.a.khan@ericsson.com>"), ("To Group", "SEC"),
        ("To Contacts", ["Deb Cooley <debcooley1@gmail.com>", "Christopher Inacio <stndrds-inacio@andrew.cmu.edu>"]),
        ("Cc", ["Charles Eckel <eckelcu@cisco.com>", "Deb Cooley <debcooley1@gmail.com>",
                "Christopher Inacio <stndrds-inacio@andrew.cmu.edu>", "The IETF Chair <chair@ietf.org>"]),
        ("Response Contact", ["3GPP Liaisons Coordinator <3GPPLiaison@etsi.org>",
                              "Peter Schmitt <Peter.Schmitt@huawei.com>"]),
        ("Purpose", "For information"), ("Attachments", "LS on Post-Quantum Cryptography RFCs")],
  body_label=True,
  body=("1 Overall description\n\n"
        "SA3 is preparing normative work on the migration to PQC. Most of 3GPP's asymmetric cryptography\n"
        "relies on IETF protocols, so SA3 needs RFCs that specify PQC for X.509, CRLs, OCSP, CMP, TLS 1.3,\n"
        "IKEv2, JWS and JWE in time. SA3 has seen TLS WG discussions suggesting that an RFC is not always\n"
        "needed, e.g. for IANA registrations, and explains why internet-drafts do not work for 3GPP as\n"
        "long-term normative references."),
  exp=dict(from_groups=["3GPP TSG SA WG3"], from_organisation="3GPP", from_contacts=["mohsin.a.khan@ericsson.com"],
           reply_to="3gppliaison@etsi.org, peter.schmitt@huawei.com", to_groups=["IETF Security Area"],
           to_organisation="IETF", to_contacts=["debcooley1@gmail.com", "stndrds-inacio@andrew.cmu.edu"],
           purpose="for_information", deadline=None, title="LS on Post-Quantum Cryptography RFCs",
           in_response_to=None),
  cases=[dict(shape="c", direct=True, bcc=True, cte="base64", exp_drop=["to_groups"]),
         dict(shape="b", pipes=True)])

# --- 28 -----------------------------------------------------------------------
S(fam=28, lid=1942, org="ietf", slug="sec-etsi-cyber-qsc-response", urls=[DT.format(1942)],
  title="Response to the Liason Statement on Quantum Safe Cryptographic Protocol Inventory", addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2024-07-25"), ("From Group", "SEC"),
        ("From Contact", "Deb Cooley"), ("To Group", "ESTI-TC-CYBER"),
        ("To Contacts", ["campagna@amazon.com", "CyberSupport@etsi.org"]),
        ("Cc", ["The IETF Chair <chair@ietf.org>", "Paul Wouters <paul.wouters@aiven.io>",
                "Deb Cooley <debcooley1@gmail.com>", "Russ Housley <housley@vigilsec.com>",
                "Tim Hollebeek <tim.hollebeek@digicert.com>", "Yoav Nir <ynir.ietf@gmail.com>",
                "Tero Kivinen <kivinen@iki.fi>", "Sofia Celi <sceli@brave.com>",
                "Paul Hoffman <paul.hoffman@icann.org>", "Joseph Salowey <joe@salowey.net>",
                "Sean Turner <sean+ietf@sn3rd.com>", "Deirdre Connolly <durumcrustulum@gmail.com>"]),
        ("Response Contact", ["Paul Wouters <paul.wouters@aiven.io>", "Deb Cooley <debcooley1@gmail.com>"]),
        ("Purpose", "In response"), ("Attachments", "(None)"),
        ("Liaisons referred by this one", "Quantum Safe Cryptographic Protocol Inventory")],
  body_label=True,
  body=("The IETF thanks ETSI TC CYBER for its liaison \"Quantum Safe Cryptographic Protocol Inventory\"\n"
        "(liaison 1893) and for keeping the IETF informed. PQC migration is a priority: the IETF is adding\n"
        "PQC key exchange, encryption and signatures as soon as NIST finalizes ML-KEM, ML-DSA and SLH-DSA,\n"
        "pre-standard algorithms are marked not recommended, hybrids and pure PQ options are being\n"
        "discussed, and nothing has yet been proposed as mandatory to implement."),
  exp=dict(from_groups=["IETF Security Area"], from_organisation="IETF", from_contacts=["Deb Cooley"],
           reply_to="paul.wouters@aiven.io, debcooley1@gmail.com", to_groups=["ETSI TC CYBER"],
           to_organisation="ETSI", to_contacts=["campagna@amazon.com", "cybersupport@etsi.org"],
           purpose="in_response", deadline=None,
           title="Response to the Liason Statement on Quantum Safe Cryptographic Protocol Inventory",
           in_response_to="Quantum Safe Cryptographic Protocol Inventory"),
  notes=["The Datatracker spells the addressee ESTI-TC-CYBER (sic); expected uses the directory's "
         "ETSI TC CYBER.",
         "The From Contact is shown by name only; the notification uses the address the same page "
         "publishes for Deb Cooley in its Cc and Response Contact rows."],
  cases=[dict(shape="b", pipes=False, charset="windows-1252", cte="quoted-printable"),
         dict(shape="c", forward="inline", exp_drop=["from_groups"], forwarder=("ETSI liaison manager", "etsi-liaison@iab.org"),
              from_override="Deb Cooley <debcooley1@gmail.com>")])

# --- 29 -----------------------------------------------------------------------
S(fam=29, lid=1600, org="bbf", slug="converged-core-single-cups", urls=["http://sandbox.ietf.org/liaison/1600/"],
  title="Converged Core and single CUPS architecture", addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2018-10-03"), ("Purpose", "For information"),
        ("Attachments", "LIAISE-225_ietf-cups_FINAL CORRECTED")],
  body_label=False,
  body=("In March 2018 the BBF informed the IETF about the disaggregated BNG architecture of TR-384; that\n"
        "liaison did not mean the BBF had selected a protocol. The BBF's Wireless-Wireline Convergence\n"
        "work with 3GPP on 5G fixed-mobile convergence is expected to change CUPS interfaces (PFCP) for\n"
        "some BNG functions. The BBF has not yet studied whether a single protocol could serve both TR-384\n"
        "and the convergence work, and welcomes further dialogue."),
  exp=dict(purpose="for_information", deadline=None, title="Converged Core and single CUPS architecture"),
  notes=["The stored page shows no From/To rows at all; only the keys the page gives are scored. "
         "The body shows it comes from the BBF, but from_groups is left out because the page does not say."],
  cases=[dict(shape="a", sep=" ")])

# --- 30 -----------------------------------------------------------------------
S(fam=30, lid=1664, org="mef", slug="operator-l1-w64-update", urls=[DT.format(1664)],
  title="Update on Operator L1 Service Attributes and Services (MEF W64)", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2019-12-06"), ("From Group", "MEF"), ("From Contact", "MEF Liaison"),
        ("To Group", "ccamp"), ("To Contacts", ["Daniele Ceccarelli <>", "Fatai Zhang <>"]),
        ("Cc", ["Deborah Brungard <>", "Fatai Zhang <>", "Martin Vigoureux <>", "Alvaro Retana <>",
                "Daniele Ceccarelli <>", "Common Control and Measurement Plane Discussion List <>",
                "Raghu Ranganathan <>", "Kevin Vachon <>"]),
        ("Response Contact", None), ("Purpose", "For information"),
        ("Attachments", "LS00307_001_MEF Liaison on MEF W64_Rouyer")],
  body_label=False,
  body=("Following earlier liaisons, MEF's project on Operator Layer 1 Service Attributes and Services\n"
        "(MEF W64) is nearly complete. It defines the attributes of UNI-to-ENNI (access) and ENNI-to-ENNI\n"
        "(transit) Layer 1 services between operators. The working draft, attached, is due for final\n"
        "approval after the November 2019 meeting; comments can no longer change it but are welcome for\n"
        "future work. MEF meets next in February, April and July 2020."),
  exp=dict(from_groups=["MEF"], from_organisation="MEF", from_contacts=["MEF Liaison"],
           to_groups=["IETF CCAMP WG"], to_organisation="IETF", to_contacts=["Daniele Ceccarelli", "Fatai Zhang"],
           purpose="for_information", deadline=None,
           title="Update on Operator L1 Service Attributes and Services (MEF W64)", in_response_to=None),
  cases=[dict(shape="f", doc="LS00307_001_MEF Liaison on MEF W64_Rouyer.pdf",
              letterhead=["MEF Forum"], to_line="To: IETF CCAMP WG (Daniele Ceccarelli, Fatai Zhang)",
              date="December 2019", dear="Dear colleagues,", sign=["Best regards,", "", "MEF Liaison"],
              sender=("MEF Liaison", None),
              cover="Dear CCAMP chairs,\n\nplease find attached a liaison from MEF on MEF W64.\n\nMEF Liaison\n")])

# --- 31 -----------------------------------------------------------------------
S(fam=31, lid=1640, org="ietf", slug="ccamp-mef63-reply", urls=[DT.format(1640)],
  title="Reply to LS on Update on MEF 63 and Operator L1 Service Attributes", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2019-04-11"), ("From Group", "ccamp"),
        ("From Contact", "Scott Mansfield"), ("To Group", "MEF"), ("To Contacts", None),
        ("Cc", ["Deborah Brungard <>", "Fatai Zhang <>", "Martin Vigoureux <>", "Alvaro Retana <>",
                "Daniele Ceccarelli <>", "Common Control and Measurement Plane Discussion List <>",
                "Raghu Ranganathan <>"]),
        ("Response Contact", None), ("Technical Contact", None), ("Purpose", "For action"),
        ("Deadline", "2019-05-31 Action Taken"), ("Attachments", "(None)"),
        ("Liaisons referred by this one", "Update on MEF 63 and Operator L1 Service Attributes")],
  body_label=False,
  body=("Thank you for informing us of the newly published MEF 63 and of other MEF work on Layer 1\n"
        "services. CCAMP has a working group document defining a YANG data model for the L1 Connectivity\n"
        "Service (L1CSM), consistent with MEF 63 and following NMDA, and will soon issue a last call;\n"
        "please follow or comment on the CCAMP list, and keep CCAMP informed of your service model work.\n\n"
        "Daniele Ceccarelli (CCAMP Chair), Fatai Zhang (CCAMP Chair), and Scott Mansfield (IETF's MEF\n"
        "Liaison)"),
  exp=dict(from_groups=["IETF CCAMP WG"], from_organisation="IETF", from_contacts=["Scott Mansfield"],
           reply_to=None, to_groups=["MEF"], to_organisation="MEF", to_contacts=[], purpose="for_action",
           deadline="2019-05-31", title="Reply to LS on Update on MEF 63 and Operator L1 Service Attributes",
           in_response_to="Update on MEF 63 and Operator L1 Service Attributes"),
  cases=[dict(shape="a", sep=" ")])

# --- 32 -----------------------------------------------------------------------
S(fam=32, lid=2106, org="itu-t", slug="sg17-ai-security-strategy", urls=[DT.format(2106)],
  title=("LS on the progress of the Correspondence Group on SG17 Strategy for AI Security in "
         "Telecommunications/ICTs (CG-AISEC-STRAT)"), addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2026-01-30"), ("From Group", "ITU-T-SG-17"),
        ("From Contact", "tsbsg17@itu.int"), ("To Groups", "IAB, IESG"),
        ("To Contacts", ["The IESG <iesg@ietf.org>", "The IAB Chair <iab-chair@iab.org>"]),
        ("Cc", ["The IESG <iesg@ietf.org>", "The IETF Chair <chair@ietf.org>",
                "Scott Mansfield <Scott.Mansfield@Ericsson.com>", "The IAB <iab@iab.org>",
                "The IAB Chair <iab-chair@iab.org>"]),
        ("Response Contact", ["arnaud.taddei@broadcom.com;", "jiaxw9@chinaunicom.cn;",
                              "debora.comparin@thalesgroup.com;", "hunaying@caict.ac.cn;", "jmtsweni@csir.co.za"]),
        ("Technical Contact", "arnaud.taddei@broadcom.com"),
        ("Action Holder Contacts", "Scott Mansfield <Scott.Mansfield@Ericsson.com>"),
        ("Purpose", "For action"), ("Deadline", "2026-03-09 Action Taken"),
        ("Attachments",
         "Draft CG-AISEC-STRAT Deliverable \u201cArtificial intelligence security standardization strategy")],
  body_label=True,
  body=("SG17 informs the IAB and IESG that its April 2025 meeting set up a Correspondence Group to\n"
        "develop an SG17 strategy on AI security for telecommunications/ICTs, positioning SG17 as lead\n"
        "study group while coordinating with other organizations. The group's draft deliverable,\n"
        "\"Artificial intelligence security standardization strategy\", is attached; SG17 will keep it\n"
        "up to date and invites comments."),
  exp=dict(from_groups=["ITU-T Study Group 17"], from_organisation="ITU-T",
           from_contacts=["tsbsg17@itu.int", "arnaud.taddei@broadcom.com"],
           reply_to=("arnaud.taddei@broadcom.com, jiaxw9@chinaunicom.cn, debora.comparin@thalesgroup.com, "
                     "hunaying@caict.ac.cn, jmtsweni@csir.co.za"),
           to_groups=["IAB", "IESG"], to_organisation="IETF", to_contacts=["iesg@ietf.org", "iab-chair@iab.org"],
           purpose="for_action", deadline="2026-03-09",
           title=("LS on the progress of the Correspondence Group on SG17 Strategy for AI Security in "
                  "Telecommunications/ICTs (CG-AISEC-STRAT)"), in_response_to=None),
  cases=[dict(shape="b", pipes=True, cte="quoted-printable"),
         dict(shape="c", direct=True)])

# --- 33 -----------------------------------------------------------------------
S(fam=33, lid=1156, org="ietf", slug="rtg-mpls-tp-g81131-approval", urls=[DT.format(1156)],
  title="Approval of MPLS-TP document related to G.8113.1 code point and two other MPLS-TP documents",
  addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2012-05-15"), ("From Group", "RTG"),
        ("From Contact", "Adrian Farrel"), ("To Group", "ITU-T-SG-15"), ("To Contacts", None),
        ("Cc", ["John Drake <>", "Scott Mansfield <>", "Stewart Bryant <>", "Adrian Farrel <>",
                "The IETF Chair <>", "Malcolm Johnson <>", "Yoichi Maeda <>", "Steve Trowbridge <>",
                "Greg Jones <>", "The IESG <>", "Eliot Lear <>"]),
        ("Response Contact", ["Adrian Farrel <>", "Scott Mansfield <>"]),
        ("Technical Contact", "Scott Mansfield <>"), ("Purpose", "For action"),
        ("Deadline", "2033-02-28 Action Needed"), ("Attachments", "(None)"),
        ("Liaisons referring to this one", "Response to Liaison concerning approval of MPLS-TP Documents")],
  body_label=False,
  body=("The IESG has approved three Internet-Drafts for publication as Informational RFCs. One of them,\n"
        "draft-betts-itu-oam-ach-code-point, asks IANA for a Pseudowire Associated Channel Type for\n"
        "G.8113.1, which it references normatively, so it cannot be published before the ITU-T approves\n"
        "G.8113.1. When that happens, please send a liaison to the Routing Area so that IANA can register\n"
        "the code point and the RFC can be completed. The IESG will add a note about the IETF's own\n"
        "MPLS-TP OAM tools to the RFC."),
  exp=dict(from_groups=["IETF Routing Area"], from_organisation="IETF",
           from_contacts=["Adrian Farrel", "Scott Mansfield"], reply_to="Adrian Farrel, Scott Mansfield",
           to_groups=["ITU-T Study Group 15"], to_organisation="ITU-T", to_contacts=[], purpose="for_action",
           deadline="2033-02-28",
           title="Approval of MPLS-TP document related to G.8113.1 code point and two other MPLS-TP documents",
           in_response_to=None),
  cases=[dict(shape="b", pipes=True, join="<br>")])

# --- 34 -----------------------------------------------------------------------
S(fam=34, lid=1847, org="3gpp", slug="sa3-sctp-auth-dtls-reply", urls=[DT.format(1847)],
  title="Reply LS on SCTP-AUTH and DTLS", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2023-06-07"), ("From Group", "3GPP"),
        ("From Contact", "Charles Eckel"), ("To Group", "tsvwg"),
        ("To Contacts", ["Gorry Fairhurst <>", "Marten Seemann <>"]),
        ("Cc", ["Zaheduzzaman Sarker <>", "Gorry Fairhurst <>", "Marten Seemann <>", "Charles Eckel <>",
                "Transport Area Working Group Discussion List <>", "Martin Duke <>"]),
        ("Response Contact", ["Lionel Morand <>", "Susanna Kooistra <>"]), ("Purpose", "For action"),
        ("Deadline", "2023-12-01 Action Needed"),
        ("Attachments", "S3-233355_revision_of_S3-233054_SCTP-AUTH and DTLS"),
        ("Liaisons referred by this one", "Updated LS to 3GPP regarding SCTP-AUTH and DTLS"),
        ("Liaisons referring to this one", "DTLS for SCTP next steps and request for input")],
  body_label=False,
  body=("1 Overall description\n"
        "SA3 thanks TSVWG for pointing out the vulnerabilities of SCTP-AUTH and DTLS over SCTP, which it\n"
        "considers serious. DTLS over SCTP is mandatory on N2, Xn, F1 and E1 since Release 15, so all the\n"
        "vulnerabilities need to be solved, preferably in DTLS and without unsupported DTLS features.\n"
        "SA3 asks TSVWG to work on and publish a solution as soon as possible.\n\n"
        "2 Actions\n"
        "To: IETF Transport Area Working Group (TSVWG)\n"
        "ACTION: SA3 asks TSVWG to take the above into account and to keep SA3 updated.\n\n"
        "3 Dates of next TSG SA WG 3 meetings\n"
        "SA3#112\t14 - 18 August 2023\tGoteborg, Sweden\n"
        "SA3#113\t6 - 10 November 2023\tChicago, USA"),
  exp=dict(from_groups=["3GPP"], from_organisation="3GPP", from_contacts=["Charles Eckel"],
           reply_to="Lionel Morand, Susanna Kooistra", to_groups=["IETF TSVWG WG"], to_organisation="IETF",
           to_contacts=["Gorry Fairhurst", "Marten Seemann"], purpose="for_action", deadline="2023-12-01",
           title="Reply LS on SCTP-AUTH and DTLS",
           in_response_to="Updated LS to 3GPP regarding SCTP-AUTH and DTLS"),
  cases=[dict(shape="a", sep=" ")])

# --- 35 -----------------------------------------------------------------------
S(fam=35, lid=1101, org="itu-t", slug="sg15-ls332-g81132-iesg", urls=[DT.format(1101)],
  title="LS332 - Consent of Recommendation ITU-T G.8113.2/Y.1372.2 -> IESG", addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2011-10-06"), ("From Group", "ITU-T-SG-15"),
        ("From Contact", "Greg Jones"), ("To Group", "IESG"), ("To Contacts", None), ("Response Contact", None),
        ("Technical Contact", None), ("Purpose", "For action"), ("Deadline", "2011-10-28 Action Taken"),
        ("Attachments", ["LS332 - Consent of Recommendation ITU-T G.8113.2/Y.1372.2 - pdf body",
                         "LS332 - Consent of Recommendation ITU-T G.8113.2/Y.1372.2 - pdf attach"]),
        ("Liaisons referring to this one", "Completion of RFCs needed for G.8113.2")],
  body_label=False,
  body=("The experts of Q10/15 have agreed to consent Recommendation ITU-T G.8113.2/Y.1372.2, OAM\n"
        "mechanisms for MPLS-TP networks using the tools defined for MPLS, meeting the RFC 5860\n"
        "requirements. Four MPLS-TP OAM Internet-Drafts (framework, CC/CV/RDI, fault management, on-demand\n"
        "CV) need to be approved and in the RFC Editor queue by 28 October 2011 so that the ITU-T last\n"
        "call can complete before the December SG15 plenary."),
  exp=dict(from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T", from_contacts=["Greg Jones"],
           reply_to=None, to_groups=["IESG"], to_organisation="IETF", to_contacts=[], purpose="for_action",
           deadline="2011-10-28", title="LS332 - Consent of Recommendation ITU-T G.8113.2/Y.1372.2 -> IESG",
           in_response_to=None),
  cases=[dict(shape="a", sep=" ")])

S(fam=35, lid=1103, org="itu-t", slug="sg15-ls332-g81132-pwe3", urls=[DT.format(1103)],
  title="LS332 - Consent of Recommendation ITU-T G.8113.2/Y.1372.2 -> PWE3", addl=None, layout="old",
  rows=[("Submission date", "2011-10-06"), ("From", "ITU-T SG 15 (Greg Jones)"),
        ("To", "Pseudowire Emulation Edge to Edge (,"), ("Response contact", ",,", ""), ("Technical contact", None),
        ("Purpose", "For action"), ("Deadline", "2011-10-28 Action Needed"),
        ("Attachments", ["LS332 - Consent of Recommendation ITU-T G.8113.2/Y.1372.2 - pdf body",
                         "LS332 - Consent of Recommendation ITU-T G.8113.2/Y.1372.2 - pdf attach"])],
  body_label=False,
  body=("Q10/15 informs PWE3 that it has agreed to consent G.8113.2/Y.1372.2, the MPLS-TP OAM\n"
        "Recommendation based on the tools defined for MPLS. The framework, CC/CV/RDI, fault management\n"
        "and on-demand CV drafts need to reach the RFC Editor queue by 28 October 2011 for the ITU-T last\n"
        "call to end before the December SG15 plenary; the lock instruct/loopback draft is only in the\n"
        "bibliography."),
  exp=dict(from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T", from_contacts=["Greg Jones"],
           to_groups=["Pseudowire Emulation Edge to Edge"], to_organisation="IETF", purpose="for_action",
           deadline="2011-10-28", title="LS332 - Consent of Recommendation ITU-T G.8113.2/Y.1372.2 -> PWE3",
           in_response_to=None),
  notes=["Old page layout: the page stripped the addresses, leaving '(,' and ',,'; to_contacts and "
         "reply_to are left out. PWE3 is not in the directory, so the group is as written."],
  cases=[dict(shape="a", sep=" ")])

# --- 36 -----------------------------------------------------------------------
S(fam=36, lid=1678, org="3gpp", slug="sa-multipath-quic-atsss", urls=[DT.format(1678)],
  title="LS on need for Multi-Path QUIC for ATSSS", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2020-04-01"), ("From Group", "3GPP"),
        ("From Contact", "Susanna Kooistra"), ("To Group", "IETF"), ("To Contacts", "The IETF Chair <>"),
        ("Cc", ["The IESG <>", "The IETF Chair <>", "Gonzalo Camarillo <>"]), ("Response Contact", None),
        ("Purpose", "For information"),
        ("Attachments", "SP-200095_S2-2002593_SP-190558_Revised_SID_FS_ATSSS_Ph2_rm"),
        ("Liaisons referring to this one", "Re: LS on need for Multi-Path QUIC for ATSSS")],
  body_label=False,
  body=("1. Overall Description:\n"
        "3GPP approved a Rel-17 study on ATSSS phase 2 (steering, switching and splitting traffic over\n"
        "3GPP and non-3GPP access), including further steering methods based on IETF protocols. The\n"
        "study has not started; it targets mostly UDP traffic, including latency-sensitive traffic, so\n"
        "3GPP is interested in regular feedback on the multipath extensions to QUIC.\n\n"
        "2. Actions:\n"
        "To IETF group:\n"
        "ACTION: 3GPP SA asks the IETF to take this into account when prioritizing multipath QUIC work.\n\n"
        "3. Date of Next TSG-SA Meetings:\n"
        "3GPP TSG SA#88\t17th - 19th June 2020\tMalm\u00f6, SWEDEN"),
  exp=dict(from_groups=["3GPP"], from_organisation="3GPP", from_contacts=["Susanna Kooistra"], reply_to=None,
           to_groups=["IETF"], to_organisation="IETF", to_contacts=["The IETF Chair"], purpose="for_information",
           deadline=None, title="LS on need for Multi-Path QUIC for ATSSS", in_response_to=None),
  cases=[dict(shape="a", sep="\t")])

# --- 37 -----------------------------------------------------------------------
S(fam=37, lid=241, org="ietf", slug="ccamp-sg15-t-mpls-cooperation", urls=[DT.format(241)],
  title="Continued IETF / SG15 Cooperation on T-MPLS and other MPLS Issues", addl=None, layout="old",
  rows=[("Submission date", "2006-07-03"), ("From", "IETF CCAMP WG (Adrian Farrel)"), ("To", "ITU-T SG15 (Greg jones)"),
        ("Cc", "Loa Andersson, George Swallow, Deborah Brungard, Ross Callon, Bill Fenner, Stewart Bryant, "
               "Danny McPherson, Mark Townsley, IESG, IAB, Steve Trowbridge, Malcolm Betts, Ghani Abbas, "
               "Houlin Zhao, Yoichi Maeda, Jari Arkko, Scott Bradner, Scott Brim, CCAMP mailing list, MPLS "
               "mailing list, PWE3 mailing list"),
        ("Response contact", "Adrian Farrel, Ross Callon"), ("Technical contact", "Stewart Bryant, Loa Andersson"),
        ("Purpose", "For action"), ("Deadline", "2006-09-25 Action Taken"), ("Attachments", "(None)")],
  body_label=False,
  body=("We thank SG15 for inviting IETF experts to the recent SG15 rapporteur meeting in Ottawa, where\n"
        "several IETF chairs and an area director took part in the Question 12 discussion of the T-MPLS\n"
        "specifications. The meeting was cooperative and much improved mutual understanding; this\n"
        "liaison sets out how the IETF proposes to continue the cooperation on T-MPLS and other MPLS\n"
        "issues."),
  exp=dict(from_groups=["IETF CCAMP WG"], from_organisation="IETF",
           from_contacts=["Adrian Farrel", "Stewart Bryant", "Loa Andersson"], reply_to="Adrian Farrel, Ross Callon",
           to_groups=["ITU-T Study Group 15"], to_organisation="ITU-T", to_contacts=["Greg jones"],
           purpose="for_action", deadline="2006-09-25",
           title="Continued IETF / SG15 Cooperation on T-MPLS and other MPLS Issues", in_response_to=None),
  cases=[dict(shape="a", sep=" ")])

# --- 38 -----------------------------------------------------------------------
_T1444 = ("LS - Reply to ITU-T SG11 relevant activities on \u201cInternet Speed Measurements\u201d "
          "(reply to SG11-LS91)")
S(fam=38, lid=1444, org="itu-t", slug="sg12-internet-speed-measurements", urls=[DT.format(1444)],
  title=_T1444, addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2015-11-24"), ("From Group", "ITU-T-SG-12"),
        ("From Contact", "Judit Kiss"), ("To Group", "ippm"),
        ("To Contacts", ["Brian Trammell", "Bill Cerveny", "Scott Mansfield", "Bill Cerveny", "Brian Trammell",
                         "Spencer Dawkins", "IP Performance Metrics Discussion List", "Martin Stiemerling"]),
        ("Response Contact", "A. C. Morton"), ("Purpose", "For information"), ("Attachments", "oLS90")],
  rows_new=[("State", "Posted"), ("Submitted Date", "2015-11-24"), ("From Group", "ITU-T-SG-12"),
            ("From Contact", "Martin Adolph"), ("To Group", "ippm"),
            ("To Contacts", ["Brian Trammell <>", "Bill Cerveny <>", "Scott Mansfield <>", "Bill Cerveny <>",
                             "Brian Trammell <>", "Spencer Dawkins <>", "IP Performance Metrics Discussion List <>",
                             "Martin Stiemerling <>"]),
            ("Response Contact", "A. C. Morton <>"), ("Purpose", "For information"), ("Attachments", "oLS90")],
  body_label=False,
  body=("Study Group 12, lead study group on QoS and QoE, works closely with the IETF IPPM working group\n"
        "and encourages SG11 to involve the IETF. In the short time available it lists issues with the\n"
        "draft text of Q15/11 on Internet speed measurements: it does not use the relevant SG12\n"
        "Recommendations (e.g. the requirements of Y.1540 clause 6.12), nor the relevant IETF RFCs, and\n"
        "descriptions of popular measurement studies are no basis for an international standard."),
  exp=dict(from_groups=["ITU-T Study Group 12"], from_organisation="ITU-T", from_contacts=["Judit Kiss"],
           reply_to="A. C. Morton", to_groups=["IETF IPPM WG"], to_organisation="IETF",
           to_contacts=["Brian Trammell", "Bill Cerveny", "Scott Mansfield", "Spencer Dawkins",
                        "IP Performance Metrics Discussion List", "Martin Stiemerling"],
           purpose="for_information", deadline=None, title=_T1444),
  notes=["The two stored copies of this page differ in the From Contact (Judit Kiss in the older layout, "
         "Martin Adolph in the current one); each case expects the contact its own copy shows.",
         "in_response_to is left out: the title says it replies to SG11-LS91 (a liaison to SG11), "
         "the page has no referral row."],
  cases=[dict(shape="a", sep=" "),
         dict(shape="a", sep=" ", rows="rows_new", addl="long", exp_over=dict(from_contacts=["Martin Adolph"]))])

# --- 39 -----------------------------------------------------------------------
S(fam=39, lid=1742, org="ietf", slug="ippm-sg12-capacity-reply-2021", urls=[DT.format(1742)],
  title="Reply to ITU-T SG12 LS - Harmonization of IP Capacity and Latency", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2021-05-21"), ("From Group", "ippm"),
        ("From Contact", "Tommy Pauly"), ("To Group", "ITU-T-SG-12"), ("To Contacts", None),
        ("Cc", ["Scott Mansfield <>", "Zaheduzzaman Sarker <> <>", "IP Performance Measurement Discussion List <>",
                "Tommy Pauly <>", "Martin Duke <>", "Ian Swett <>", "< >"]),
        ("Response Contact", ["Tommy Pauly <>", "Ian Swett <>"]), ("Purpose", "In response"),
        ("Attachments", "(None)"),
        ("Liaisons referred by this one",
         "LS on harmonization of IP Capacity and Latency Parameters: Consent of Draft Rec. Y.1540 on IP packet "
         "transfer performance parameters and New Annex A with Lab & Field Evaluation Plans")],
  body_label=False,
  body=("The IPPM working group thanks SG12 for its liaison on the Maximum IP-layer Capacity metric and\n"
        "methods in revised Y.1540. The coordinated IETF specification has progressed well, helped by\n"
        "new reviewers and by SG12's lab and field results, and is expected to be approved shortly. The\n"
        "next step seems to be a test protocol supporting the method; IPPM will keep SG12 informed.\n\n"
        "IPPM Chairs\nTommy Pauly\nIan Swett"),
  exp=dict(from_groups=["IETF IPPM WG"], from_organisation="IETF", from_contacts=["Tommy Pauly"],
           reply_to="Tommy Pauly, Ian Swett", to_groups=["ITU-T Study Group 12"], to_organisation="ITU-T",
           to_contacts=[], purpose="in_response", deadline=None,
           title="Reply to ITU-T SG12 LS - Harmonization of IP Capacity and Latency",
           in_response_to=("LS on harmonization of IP Capacity and Latency Parameters: Consent of Draft Rec. "
                           "Y.1540 on IP packet transfer performance parameters and New Annex A with Lab & "
                           "Field Evaluation Plans")),
  cases=[dict(shape="a", sep=" ")])

# --- 40 -----------------------------------------------------------------------
S(fam=40, lid=1453, org="itu-t", slug="sg12-qos-work-sg11-reply", urls=[DT.format(1453),
                                                                       "http://sandbox.ietf.org/liaison/1453/"],
  title=("LS/r to ITU-T SG11 on \u201cQoS-related work in ITU-T SG11\u201d (SG11-LS 105) [from ITU-T SG12]"),
  addl="short",
  rows=[("State", "Posted"), ("Submitted Date", "2016-02-02"), ("From Group", "ITU-T-SG-12"),
        ("From Contact", "Martin Adolph"), ("To Group", "ippm"),
        ("To Contacts", ["Brian Trammell <>", "Bill Cerveny <>", "Scott Mansfield <>", "Bill Cerveny <>",
                         "Brian Trammell <>", "Spencer Dawkins <>", "IP Performance Metrics Discussion List <>",
                         "Martin Stiemerling <>"]),
        ("Response Contact", None), ("Purpose", "For information"),
        ("Attachments", ["oLS 095-td863R1", "oLS 095att-td862R1"])],
  body_label=False,
  body=("SG12 thanks SG11 for its reply on Recommendations close to SG12's mandate. It recognizes the\n"
        "revised scope of Q.3960 but notes that \"Internet access\", \"Internet connection\" and \"Internet\n"
        "service\" are not defined ITU terms, so international applicability must be de-scoped, and it\n"
        "again asks SG11 to build on Y.1540, which defines IP-layer performance parameters."),
  exp=dict(from_groups=["ITU-T Study Group 12"], from_organisation="ITU-T", from_contacts=["Martin Adolph"],
           to_groups=["IETF IPPM WG"], to_organisation="IETF", purpose="for_information", deadline=None,
           title=("LS/r to ITU-T SG11 on \u201cQoS-related work in ITU-T SG11\u201d (SG11-LS 105) [from ITU-T SG12]")),
  notes=["The sandbox copy names Judit Kiss as From Contact; this case follows the datatracker copy."],
  cases=[dict(shape="ditu", doc="oLS 095-td863R1.pdf", extra_doc="oLS 095att-td862R1.pdf", ls="SG12-LS95",
              sg="12", q=None, period="2013-2016", info_to="IETF IPPM WG (cc)", action_to=None, deadline_text=None,
              contact=("Martin Adolph", None), sender=("TSB SG12", None), pdf=True,
              cover="Dear colleagues,\n\nplease find attached SG12's reply to SG11 on QoS-related work, sent to "
                    "IPPM for information, with its attachment.\n\nITU-T SG12 secretariat")])

# --- 41 -----------------------------------------------------------------------
_REF1641 = ("LS - Harmonization of IP Capacity and Latency Parameters: Revision of Draft Rec. Y.1540 on IP packet "
            "transfer performance parameters and New Annex A with Lab Evaluation Plan")
S(fam=41, lid=1641, org="ietf", slug="ippm-sg12-capacity-reply-2019", urls=[DT.format(1641)],
  title="Reply to ITU-T SG12 LS - Harmonization of IP Capacity and Latency", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2019-04-25"), ("From Group", "ippm"),
        ("From Contact", "Scott Mansfield"), ("To Group", "ITU-T-SG-12"), ("To Contacts", "A. C. Morton <>"),
        ("Cc", ["Scott Mansfield <>", "Bill Cerveny <>", "IP Performance Measurement Discussion List <>",
                "Mirja K\u251c\u255dhlewind <>", "Brian Trammell <>", "Magnus Westerlund <>", "Tommy Pauly <>",
                "David Sinicrope <>"]),
        ("Response Contact", ["Brian Trammell <>", "Bill Cerveny <>", "Tommy Pauly <>"]),
        ("Technical Contact", None), ("Purpose", "For information"), ("Attachments", "(None)"),
        ("Liaisons referred by this one", _REF1641)],
  body_label=False,
  body=("IPPM thanks SG12 for the results of its evaluation of IP capacity and latency metrics and\n"
        "welcomes harmonizing these measurements. It comments that UDP is the basis of most IPPM\n"
        "measurement work, that the method should treat the path as a black box, that diff-serv marking\n"
        "adds complexity, and that live network tests may be affected by operator policy."),
  exp=dict(from_groups=["IETF IPPM WG"], from_organisation="IETF", from_contacts=["Scott Mansfield"],
           reply_to="Brian Trammell, Bill Cerveny, Tommy Pauly", to_groups=["ITU-T Study Group 12"],
           to_organisation="ITU-T", to_contacts=["A. C. Morton"], purpose="for_information", deadline=None,
           title="Reply to ITU-T SG12 LS - Harmonization of IP Capacity and Latency", in_response_to=_REF1641),
  notes=["The page itself shows 'Mirja K\u251c\u255dhlewind' (a mis-decoded \u00fc); kept as published."],
  cases=[dict(shape="b", pipes=True)])

# --- 42 -----------------------------------------------------------------------
_T1399 = "LS on call for comments on an IETF WG on Internet Video Codec (netvc) [to IETF IESG]"
S(fam=42, lid=1399, org="itu-t", slug="sg16-netvc-comments",
  urls=["http://tracker.tools.ietf.org/liaison/1399/", DT.format(1399)],
  title=_T1399, addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2015-05-05"), ("From Group", "ITU-T-SG-16"),
        ("From Contact", "Rosa De Vivero"), ("To Group", "IETF"),
        ("To Contacts", ["The IETF Chair", "Michael Knappe", "Roni Even"]), ("Response Contact", None),
        ("Purpose", "For action"), ("Deadline", "2015-05-30 Action Needed"), ("Attachments", _T1399),
        ("Liaisons referring to this one",
         "Response to LS on call for comments on an IETF WG on Internet Video Codec (netvc)")],
  rows_dt=[("Posted Date", "2015-05-05"), ("From Group", "ITU-T-SG-16"), ("From Contact", "Rosa De Vivero"),
           ("To Group", "IETF"), ("To Contacts", ["The IETF Chair", "Michael Knappe", "Roni Even"]),
           ("Purpose", "For action"), ("Deadline", "2015-05-30")],
  body_label=False,
  body=("SG16 experts saw the IESG's call for comments of 26 April 2015 on a proposed Internet Video Codec\n"
        "working group and ask what need the new work addresses. Being \"competitive\" with widely used\n"
        "standards seems an odd goal for standardization, HEVC is a recent major advance, and no technical\n"
        "deficiency for interactive web use is known; many bodies (VCEG, MPEG, SMPTE, IEEE, VESA) already\n"
        "work in this area. SG16 would welcome information on any needs not yet identified."),
  exp=dict(from_groups=["ITU-T Study Group 16"], from_organisation="ITU-T", from_contacts=["Rosa De Vivero"],
           to_groups=["IETF"], to_organisation="IETF", to_contacts=["The IETF Chair", "Michael Knappe", "Roni Even"],
           purpose="for_action", deadline="2015-05-30", title=_T1399, in_response_to=None),
  notes=["Two stored copies: tracker.tools (with State, Response Contact, Attachments and the "
         "referring liaison) and the datatracker (older layout, no suffix after the deadline)."],
  cases=[dict(shape="a", sep=" ", exp_over=dict(reply_to=None)),
         dict(shape="a", sep="\t", rows="rows_dt")])

# --- 43 -----------------------------------------------------------------------
_T1404 = "Response to LS on call for comments on an IETF WG on Internet Video Codec (netvc)"
S(fam=43, lid=1404, org="ietf", slug="rai-netvc-response-sg16",
  urls=[DT.format(1404), "https://www.mail-archive.com/video-codec@ietf.org/msg00127.html"],
  title=_T1404, addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2015-05-20"), ("From Group", "RAI"),
        ("From Contact", "Alissa Cooper"), ("To Group", "ITU-T-SG-16"), ("To Contacts", None),
        ("Cc", ["Michael Knappe <>", "Roni Even <>", "Ben Campbell <>", "Alissa Cooper <>", "The IETF Chair <>"]),
        ("Purpose", "In response"), ("Attachments", "(None)"), ("Liaisons referred by this one", _T1399)],
  body_label=False,
  body=("Dear ITU-T SG 16,\n\n"
        "We are writing in response to your liaison asking about the goals of the proposed NETVC working\n"
        "group. In its charter \"competitive\" means comparable in quality and efficiency and commercially\n"
        "interesting to deploy, including licensing terms. NETVC would be one more effort among several;\n"
        "we see it as helping interoperability where licensing now hinders it. What sets it apart is the\n"
        "goal of royalty-free licensing together with state-of-the-art quality."),
  exp=dict(from_groups=["RAI"], from_organisation="IETF", from_contacts=["Alissa Cooper"],
           to_groups=["ITU-T Study Group 16"], to_organisation="ITU-T", to_contacts=[], purpose="in_response",
           deadline=None, title=_T1404, in_response_to=_T1399, attachments=[]),
  notes=["RAI (the former Real-time Applications and Infrastructure area) is not in the directory; "
         "kept as written."],
  cases=[dict(shape="fbody", letterhead=["Internet Engineering Task Force (IETF)"],
              to_line="To: ITU-T Study Group 16",
              cc_line="Cc: Michael Knappe, Roni Even, Ben Campbell, The IETF Chair",
              subject_line=f"Subject: {_T1404}", ref_line=f"In response to: {_T1399}",
              date="20 May 2015", dear=None,
              sign=["Regards,", "Alissa Cooper, IETF RAI area director", "on behalf of the IESG"],
              sender=("The IESG", "iesg@ietf.org"), charset="us-ascii")])

# --- 44 -----------------------------------------------------------------------
_T1573 = ("LS on updated terms of reference and request to appoint vice-chairs or representatives to the "
          "Collaboration on ITS communication standards (from CITS)")
S(fam=44, lid=1573, org="itu-t", slug="cits-tor-vice-chairs",
  urls=[DT.format(1573), "http://sandbox.ietf.org/liaison/1573/"],
  title=_T1573, addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2018-05-02"), ("From Group", "ITU"),
        ("From Contact", "Stefano Polidori"), ("To Group", "ipwave"),
        ("To Contacts", ["Carlos Bernardos <cjbc@it.uc3m.es>", "Russ Housley <housley@vigilsec.com>"]),
        ("Cc", ["Terry Manderson <terry.manderson@icann.org>",
                "IP Wireless Access in Vehicular Environments Discussion List <its@ietf.org>",
                "Russ Housley <housley@vigilsec.com>", "Carlos Bernardos <cjbc@it.uc3m.es>", "itu-t-liaison@iab.org",
                "Suresh Krishnan <suresh@kaloom.com>"]),
        ("Purpose", "For action"), ("Deadline", "2018-09-05 Action Needed"), ("Attachments", "sp16-cits-oLS-00008")],
  body_label=True,
  body=("Background\n\n"
        "ITU set up the Collaboration on ITS Communication Standards (CITS) in 2011 as a forum to\n"
        "coordinate a globally harmonized set of ITS communication standards. CITS does not set\n"
        "standards; it exchanges information at meetings held alongside ITS events, three times a year.\n"
        "CITS has updated its terms of reference and asks the organizations involved, IETF IPWAVE among\n"
        "them, to appoint vice-chairs or representatives."),
  exp=dict(from_groups=["ITU"], from_organisation="ITU-T", from_contacts=["Stefano Polidori"],
           to_groups=["ipwave"], to_organisation="IETF", to_contacts=["cjbc@it.uc3m.es", "housley@vigilsec.com"],
           purpose="for_action", deadline="2018-09-05", title=_T1573, in_response_to=None),
  notes=["The Datatracker's From Group is 'ITU' (CITS is an ITU activity); kept as written."],
  cases=[dict(shape="b", pipes=False, join="<br>"), dict(shape="a", sep=" ", skip=True)])

# --- 45 -----------------------------------------------------------------------
S(fam=45, lid=1765, org="ietf", slug="detnet-new-liaison-sg13", urls=[DT.format(1765)],
  title="New liaison to ITU-T SG13", addl=None,
  rows=[("State", "Posted"), ("Submitted Date", "2021-11-23"), ("From Group", "detnet"),
        ("From Contact", "Scott Mansfield"), ("To Group", "ITU-T-SG-13"), ("To Contacts", None),
        ("Cc", ["Deterministic Networking Discussion List <>", "Lou Berger <>", "Scott Mansfield <>",
                "John Scudder <>", "Martin Vigoureux <>", "Alvaro Retana <>", "J\u00e1nos Farkas <>"]),
        ("Response Contact", ["Lou Berger <>", "J\u00e1nos Farkas <>"]), ("Purpose", "For information"),
        ("Attachments", "(None)"),
        ("Liaisons referred by this one", "LS on Work items related to deterministic communication in ITU-T SG13")],
  body_label=False,
  body=("Dear Colleagues,\n\n"
        "The DetNet working group thanks SG13 for its liaison and describes its own work: bounded latency,\n"
        "bounded delay variation, bounded loss and high reliability for IP and MPLS networks, in a common\n"
        "architecture with IEEE 802.1 TSN. The first phase of DetNet standards is mature and mostly\n"
        "published, and work on larger-scale networks has begun; DetNet shares its observations on the\n"
        "SG13 documents."),
  exp=dict(from_groups=["IETF DETNET WG"], from_organisation="IETF", from_contacts=["Scott Mansfield"],
           reply_to="Lou Berger, J\u00e1nos Farkas", to_groups=["ITU-T Study Group 13"], to_organisation="ITU-T",
           to_contacts=[], purpose="for_information", deadline=None, title="New liaison to ITU-T SG13",
           in_response_to="LS on Work items related to deterministic communication in ITU-T SG13"),
  cases=[dict(shape="a", sep=" ", cte="quoted-printable")])

# --- 46 -----------------------------------------------------------------------
S(fam=46, lid=1606, org="itu-t", slug="sg15-dwdm-framework-reply", urls=[DT.format(1606)],
  title="Liaison Statement to IETF CCAMP on DWDM framework (reply to IETF CCAMP WG \u2013 LS17)", addl="long",
  skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2018-11-05"), ("From Group", "ITU-T-SG-15"),
        ("From Contact", "Hiroshi Ota"), ("To Group", "ccamp"),
        ("To Contacts", ["Daniele Ceccarelli <>", "Fatai Zhang <>"]),
        ("Cc", ["Martin Vigoureux <>", "Deborah Brungard <>", "Scott Mansfield <>", "Fatai Zhang <>",
                "John Drake <>", "Alvaro Retana <>", "Daniele Ceccarelli <>",
                "Common Control and Measurement Plane Discussion List <>"]),
        ("Response Contact", None), ("Purpose", "For information"), ("Attachments", "(None)")],
  body_label=False,
  body=("SG15 thanks CCAMP for asking for comments on \"Management and Control of DWDM Optical\n"
        "Interface\". It could not answer by the requested deadline but hopes its comments on\n"
        "draft-ietf-ccamp-dwdm-if-mng-ctrl-fwk-11 are still useful: the three use cases concern the\n"
        "operation or implementation of DWDM networks and equipment and are outside the scope of SG15\n"
        "Recommendations, and no list of specific parameters was found to comment on."),
  exp=dict(from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T", from_contacts=["Hiroshi Ota"],
           reply_to=None, to_groups=["IETF CCAMP WG"], to_organisation="IETF",
           to_contacts=["Daniele Ceccarelli", "Fatai Zhang"], purpose="for_information", deadline=None,
           title="Liaison Statement to IETF CCAMP on DWDM framework (reply to IETF CCAMP WG \u2013 LS17)"),
  notes=["in_response_to is left out: the title says it replies to CCAMP's LS17, the page has no "
         "referral row."],
  cases=[dict(shape="e")])

# --- 47 -----------------------------------------------------------------------
S(fam=47, lid=1562, org="itu-t", slug="sg15-im-dm-oam-coordination", urls=[DT.format(1562)],
  title="LS/r Coordination of IM & DM for OAM (reply to IEEE 802.3 \u2013 LS61)", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2018-03-02"), ("From Group", "ITU-T"),
        ("From Contact", "Hiroshi Ota"), ("To Group", "netmod"),
        ("To Contacts", ["J\u00fcrgen Sch\u00f6nw\u00e4lder <>", "Tom Nadeau <>"]),
        ("Cc", ["Joel Jaeggli <>", "Warren Kumari <>", "Kent Watsen <>", "Lou Berger <>", "Benoit Claise <>",
                "Network Modeling Discussion List <>"]),
        ("Purpose", "For action"), ("Deadline", "2018-09-17 Action Needed"), ("Attachments", "SG15-LS103")],
  body_label=False,
  body=("After the joint IEEE 802 / ITU-T SG15 workshop \"Building Tomorrow's Networks\" and the Q14/15\n"
        "rapporteur meeting in Geneva in January 2018, Q14/15 invites experts to monthly calls to share\n"
        "modelling experience, starting with interoperable YANG for OAM: IEEE 802.1 CFM, IEEE 802.3 link\n"
        "OAM and G.8013/Y.1731 performance monitoring. Q14/15 models independently of the management\n"
        "protocol and converts UML to YANG with an open-source tool."),
  exp=dict(from_groups=["ITU-T"], from_organisation="ITU-T", from_contacts=["Hiroshi Ota"],
           to_groups=["IETF NETMOD WG"], to_organisation="IETF",
           to_contacts=["J\u00fcrgen Sch\u00f6nw\u00e4lder", "Tom Nadeau"], purpose="for_action",
           deadline="2018-09-17",
           title="LS/r Coordination of IM & DM for OAM (reply to IEEE 802.3 \u2013 LS61)"),
  notes=["The Datatracker's From Group is 'ITU-T' (the attachment SG15-LS103 shows SG15); kept as written.",
         "in_response_to is left out: the title says it replies to an IEEE 802.3 liaison (LS61)."],
  cases=[dict(shape="a", sep=" ", charset="windows-1252", cte="8bit")])

# --- 50 (moved from 48 to give train a notification; decided before measuring) ---------------------------------------------------------------------
S(fam=50, lid=1128, org="itu-t", slug="sg15-ls357-flexible-grid", urls=[DT.format(1128)],
  title="LS357 - from ITU-T Q6/15 to IETF CCAMP WG", addl=None, layout="old",
  rows=[("Submission date", "2012-01-08"), ("From", "ITU-T SG 15 (Greg Jones)"),
        ("To", "Common Control and Measurement Plane (,"), ("Response contact", ",,", ""),
        ("Technical contact", ",", ""), ("Purpose", "For comment"), ("Deadline", "2012-04-01 Action Needed"),
        ("Referenced liaison", "Communication to ITU-T Q6/15 and Q12/15 from IETF's CCAMP Working Group on "
                               "Flexible Grids"),
        ("Attachments", ["LS357 - pdf body", "LS357 - Att1_PLEN-502Rev2", "LS357 - Att2_PLEN-505Rev1"])],
  body_label=False,
  body=("Q6/15 and Q12/15 thank CCAMP for its liaison on extending GMPLS for WSON to support flexible\n"
        "grids. Revised G.694.1, introducing the flexible grid, and revised G.697, with parameter\n"
        "encodings adjusted accordingly, were consented at the SG15 plenary in Geneva, 5-16 December\n"
        "2011; both are attached, with the considerations prepared for a joint meeting of the SG15\n"
        "Questions concerned. SG15 will keep CCAMP informed."),
  exp=dict(from_groups=["ITU-T Study Group 15"], from_organisation="ITU-T", from_contacts=["Greg Jones"],
           to_groups=["IETF CCAMP WG"], to_organisation="IETF", purpose="for_comment", deadline="2012-04-01",
           title="LS357 - from ITU-T Q6/15 to IETF CCAMP WG",
           in_response_to="Communication to ITU-T Q6/15 and Q12/15 from IETF's CCAMP Working Group on Flexible Grids"),
  notes=["Old page layout with stripped addresses: to_contacts and reply_to are left out."],
  cases=[dict(shape="a", sep=" ")])

# --- 49 -----------------------------------------------------------------------
_T1774 = ("LS on the new work item on \u201cRequirements and framework of Service Function Orchestration based "
          "on SFC (Y.SFO)\u201d")
S(fam=49, lid=1774, org="itu-t", slug="sg13-y-sfo-work-item", urls=[DT.format(1774)],
  title=_T1774, addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2022-01-18"), ("From Group", "ITU-T-SG-13"),
        ("From Contact", "Tatiana Kurakova"), ("To Group", "IETF"), ("To Contacts", "The IETF Chair <>"),
        ("Cc", ["Scott Mansfield <>", "The IETF Chair <>", "The IESG <>"]), ("Purpose", "For information"),
        ("Attachments", "sp16-sg13-oLS-00249.docx")],
  body_label=False,
  body=("At the SG13 meeting of 29 November - 10 December 2021, Q2/13 created a work item on\n"
        "requirements and framework of service function orchestration based on service function chains\n"
        "(Y.SFO). It relates to Y.2012, Y.2324 and Y.2501 and to RFC 7665 and the draft on SFC systems\n"
        "based on segment routing. Q2/13 thanks the IETF for its attention, feedback and cooperation."),
  exp=dict(from_groups=["ITU-T Study Group 13"], from_organisation="ITU-T", from_contacts=["Tatiana Kurakova"],
           to_groups=["IETF"], to_organisation="IETF", purpose="for_information", deadline=None,
           title=_T1774, in_response_to=None),
  cases=[dict(shape="ditu", doc="sp16-sg13-oLS-00249.docx", ls="SG13-LS249", sg="13", q="2/13",
              period="2022-2024", info_to="IETF", action_to=None, deadline_text=None,
              contact=("Tatiana Kurakova", None), sender=("TSB SG13", "tsbsg13@itu.int"),
              cover="Dear colleagues,\n\nplease find attached an outgoing liaison statement from ITU-T Study "
                    "Group 13 to the IETF, for information.\n\nTSB")])

# --- 48 (moved from 50) -----------------------------------------------------------------------
_T2102 = ("LS on initiation of new work item Q.SFCP \"Monitoring parameters for service function orchestration "
          "based on service function chaining\"")
S(fam=48, lid=2102, org="itu-t", slug="sg11-q-sfcp-work-item",
  urls=["https://vap.zaka.qzz.io/Education?url=https%3A%2F%2Fdatatracker.ietf.org%2Fliaison%2F2102%2F",
        DT.format(2102)],
  title=_T2102, addl="long",
  rows=[("State", "Posted"), ("Submitted Date", "2026-01-19"), ("From Group", "ITU-T-SG-11"),
        ("From Contact", "tsbsg11@itu.int"), ("To Group", "spring"),
        ("To Contacts", ["Bruno Decraene <bruno.decraene@orange.com>", "Alvaro Retana <aretana.ietf@gmail.com>",
                         "Joel Halpern <jmh@joelhalpern.com>"]),
        ("Cc", ["Jim Guichard <james.n.guichard@futurewei.com>",
                "Source Packet Routing in Networking Discussion List <spring@ietf.org>",
                "Joel Halpern <jmh@joelhalpern.com>", "Gunter Van de Velde <gunter.van_de_velde@nokia.com>",
                "Scott Mansfield <Scott.Mansfield@Ericsson.com>", "Bruno Decraene <bruno.decraene@orange.com>",
                "Ketan Talaulikar <ketant.ietf@gmail.com>", "Alvaro Retana <aretana.ietf@gmail.com>"]),
        ("Response Contact", ["tejpal.singh70@gov.in", "shimr@chinatelecom.cn"]),
        ("Technical Contact", "tejpal.singh70@gov.in"), ("Purpose", "For information"),
        ("Attachments", "Output - draft baseline of new work item Q.SFCP")],
  body_label=True,
  body=("ITU-T SG11 informs SG13 and IETF SPRING that its meeting in Geneva, 17-26 November 2025, started\n"
        "a new work item, Q.SFCP, on monitoring parameters for service function orchestration based on\n"
        "service function chaining, monitoring the service, orchestration, control and infrastructure\n"
        "layers together. SG11 looks forward to continued collaboration with SG13 and SPRING."),
  exp=dict(from_groups=["ITU-T Study Group 11"], from_organisation="ITU-T",
           from_contacts=["tsbsg11@itu.int", "tejpal.singh70@gov.in"],
           reply_to="tejpal.singh70@gov.in, shimr@chinatelecom.cn", to_groups=["IETF SPRING WG"],
           to_organisation="IETF",
           to_contacts=["bruno.decraene@orange.com", "aretana.ietf@gmail.com", "jmh@joelhalpern.com"],
           purpose="for_information", deadline=None, title=_T2102, in_response_to=None),
  notes=["Stored through a proxy of the datatracker page; the notification mail is rendered from the "
         "page's metadata in the Datatracker's notification layout."],
  cases=[dict(shape="c", forward="inline", forwarder=("ITU-T liaison manager", "itu-t-liaison@iab.org"))])


# --- Second batch (issue 14): bodies the first batch did not have -------------
# Added after the first measurement; split_folders() applies the same fixed
# rule to these families among themselves (batch=2), so that no case of the
# first batch changes folder.

# --- 30 -----------------------------------------------------------------------
S(fam=51, batch=2, lid=1298, org="w3c", slug="tag-json-concerns", urls=[DT.format(1298)],
  title="Concerns from the W3C Technical Architecture Group regarding JSON", addl="long", skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2013-11-27"), ("From Group", "W3C"),
        ("From Contact", "Mark Nottingham"), ("To Group", "json"),
        ("To Contacts", ["Matthew Miller <>", "Paul Hoffman <>"]), ("Purpose", "For information"),
        ("Attachments", "(None)")],
  body_label=False,
  body=("Dear All,\n\n"
        "The W3C TAG is concerned that JSON, a key data format of the Web, now has two specifications\n"
        "that may be referenced normatively: ECMA-404 from Ecma and RFC 4627 with its revision\n"
        "RFC 4627bis, in last call at the IETF. The two differ slightly, for instance on whether a lone\n"
        "value such as \"42\" is a JSON text, which may hurt interoperability. The TAG believes one\n"
        "definition of JSON would serve the Web best, and suggests that the JSON working group resume\n"
        "discussions with Ecma TC39 to align RFC 4627bis with ECMA-404.\n\n"
        "Thank you,\n\nPhilippe Le Hegaret"),
  exp=dict(from_groups=["W3C"], from_organisation="W3C", from_contacts=["Mark Nottingham"], reply_to=None,
           to_groups=["json"], to_organisation="IETF", to_contacts=["Matthew Miller", "Paul Hoffman"],
           purpose="for_information", deadline=None,
           title="Concerns from the W3C Technical Architecture Group regarding JSON", in_response_to=None),
  notes=["The page has no Response Contact row: reply_to is null."],
  cases=[dict(shape="a"), dict(shape="b", pipes=True, join=" ")])

S(fam=51, batch=2, lid=1299, org="ietf", slug="json-response-w3c-tag", urls=["http://sandbox.ietf.org/liaison/1299/"],
  title="Response to \"Concerns from the W3C Technical Architecture Group regarding JSON\"", addl="long",
  skip=True,
  rows=[("State", "Posted"), ("Submitted Date", "2013-12-10"), ("From Group", "json"),
        ("From Contact", "Paul E. Hoffman"), ("To Group", "W3C"), ("To Contacts", "plh@w3.org"),
        ("Cc", ["Mark Nottingham <mnot@mnot.net>", "Matthew Miller <mamille2@cisco.com>",
                "Pete Resnick <presnick@qti.qualcomm.com>", "Barry Leiba <barryleiba@computer.org>"]),
        ("Purpose", "In response"), ("Attachments", "(None)")],
  body_label=True,
  body=("The chairs of the IETF JSON working group hope to allay the TAG's concerns about\n"
        "draft-ietf-json-rfc4627bis. The syntax no longer differs from ECMA-404: during IETF Last Call\n"
        "the consensus was to accept any single JSON value as a JSON text, as ECMA-404 does. ECMA-404\n"
        "describes only the syntax, while the IETF document also covers the semantics that encoders and\n"
        "parsers need to interoperate, which is why both kinds of description matter."),
  exp=dict(from_groups=["json"], from_organisation="IETF", from_contacts=["Paul E. Hoffman"], reply_to=None,
           to_groups=["W3C"], to_organisation="W3C", to_contacts=["plh@w3.org"], purpose="in_response",
           deadline=None, title="Response to \"Concerns from the W3C Technical Architecture Group regarding JSON\""),
  notes=["A reply whose page names no referral: in_response_to is left out.",
         "The page has no Response Contact row: reply_to is null."],
  cases=[dict(shape="e")])

# --- 31 -----------------------------------------------------------------------
S(fam=52, batch=2, lid=1297, org="ietf", slug="json-response-ecma-tc39", urls=["http://sandbox.ietf.org/liaison/1297/"],
  title="Response to \"Ecma TC39 Comments on RFC 4727bis\" from 2013-11-25", addl=None,
  rows=[("State", "Posted"), ("Posted Date", "2013-12-10"), ("From Group", "json"),
        ("From Contact", "Paul Hoffman"), ("To Group", "ECMA-TC39"), ("To Contacts", None),
        ("Cc", ["Matthew Miller", "Pete Resnick", "Barry Leiba"], ""), ("Purpose", "In response"),
        ("Attachments", "(None)")],
  body_label=False,
  body=("The JSON working group chairs were not aware of serious concerns in TC39 about the update of\n"
        "RFC 4627: TC39 members were contacted repeatedly and some joined the list, but raised no process\n"
        "concern before or during the last calls. A formal liaison relationship between Ecma and the IETF\n"
        "would help avoid such surprises. The definition of a JSON text now matches ECMA-404, and the\n"
        "document's new title reflects that it covers interoperability as well as syntax."),
  exp=dict(from_groups=["json"], from_organisation="IETF", from_contacts=["Paul Hoffman"], reply_to=None,
           to_groups=["ECMA-TC39"], to_organisation="Ecma International", to_contacts=[],
           purpose="in_response", deadline=None,
           title="Response to \"Ecma TC39 Comments on RFC 4727bis\" from 2013-11-25"),
  notes=["A reply whose page names no referral: in_response_to is left out.",
         "The title's \"RFC 4727bis\" (sic) is the page's.",
         "The copy lost the separator after Cc (\"CcMatthew Miller\"), as the stored page shows it.",
         "to_organisation: Ecma International (the Datatracker group ECMA-TC39 is Ecma's TC39)."],
  cases=[dict(shape="a", sep="\t")])
