# tests/hostile_data.py CARDS NOTES.csv [BAD.csv WANT.json] — the hostile
# input shared by tests/cli/test_hostile.sh and tests/e2e/test_hostile.sh:
# a card (escape sequences, C0/C1, bidi overrides, a 100 KB line, 5,000
# combining marks), a card with invalid UTF-8, diary notes as CSV, and
# optionally a CSV row with invalid UTF-8 and the notes as JSON.
import csv, json, sys
cards, notes = sys.argv[1], sys.argv[2]
bad = sys.argv[3] if len(sys.argv) > 3 else None
want = sys.argv[4] if len(sys.argv) > 4 else None
words = ("lorem ipsum dolor sit amet " * 4000)[:100 * 1024]
# YAML double-quoted escapes: \e is ESC, \a BEL, \x.. and \u.... code points
card = r'''id: hostile
category: sex-and-back-pain
order: 1
title: "HOSTILE \e[31mRED\e[0m \e]0;pwned\a TITLE \e[2J\e[H END"
summary: "CTRL [\x01\x02\b\v\f\r\x7f] C1 [\x85\x9b31m\x90] BIDI [\u202eREVERSED\u202c] ISO [\u2066x\u2069] ZW [\u200b\u200d] DONE"
sections:
  - heading: "LONG LINE"
    paragraphs:
      - "WORDS @@ LONGEND"
      - "MARKS a@@ MARKSEND"
      - "UNBROKEN @@ UNBROKENEND"
      - "STRINGS \eP1;2|junk\e\\ OSC8 \e]8;;http://x\e\\link\e]8;;\e\\ ALT \e[?1049h CURSOR \e[?25l REPORT \e[6n BELL\a STRINGSEND"
see_also: [positions-by-pain]
sources:
  - "\e[5mBLINK\e[0m source"
reviewed: 2026-11-22
'''
card = card.replace("WORDS @@", words, 1)
card = card.replace("a@@", "a" + "\u0301" * 5000, 1)
card = card.replace("UNBROKEN @@", "UNBROKEN " + "x" * 20000, 1)
open(cards + "/hostile.yaml", "w", encoding="utf-8").write(card)
open(cards + "/badutf8.yaml", "wb").write(
    b'id: badutf8\ncategory: sex-and-back-pain\norder: 2\n'
    b'title: "BAD \xff\xfe \xc3\x28 UTF8 \x1b]0;pwned\x07"\nsummary: "x"\n'
    b'sections: []\nsee_also: []\nsources: ["s"]\nreviewed: 2026-11-22\n')
rows = [
    ("2026-11-20T09:30:00+00:00", "4", "MED\x1b[31mRED\x1b[0m",
     "NOTE-ESC \x1b]0;pwned\x07 \x1b[2J\x1b[H CLEARED \x1b[31mRED\x1b[0m \x1b[?1049l END"),
    ("2026-11-20T10:30:00+00:00", "5", "",
     "NOTE-CTRL [\x01\x02\x08\x0b\x0c\r\x7f] C1 [\u0085\u009b31m] BIDI [\u202eREVERSED\u202c] END"),
    ("2026-11-20T11:30:00+00:00", "6", "", "NOTE-MARKS a" + "\u0301" * 2000 + " END"),
    ("2026-11-20T12:30:00+00:00", "7", "", "NOTE-LONG " + "word " * 790 + "END"),
]
with open(notes, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["time", "pain", "med", "note"])
    for r in rows:
        w.writerow(r)
if want:
    json.dump([{"med": r[2], "note": r[3]} for r in rows], open(want, "w"))
if bad:
    open(bad, "wb").write(b"time,pain,note\n2026-11-21T09:30:00+00:00,3,BAD \xff\xfe \xc3\x28 UTF8\n")

