#!/usr/bin/env python3
"""gen.py DAYS PER_DAY TODAY [long] — a diary export (CSV) for the PDF tests:
PER_DAY entries a day for DAYS days ending on TODAY (YYYY-MM-DD), places,
contexts, medicines, verdicts and notes in three scripts; with "long",
every note is a long paragraph that could never fit on a page."""
import datetime
import random
import sys

days, per_day, today = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
long_notes = len(sys.argv) > 4 and sys.argv[4] == "long"
end = datetime.date.fromisoformat(today)
rnd = random.Random(7)
places = ["lower-back", "lower-back-left", "lower-back-right", "buttock-left", "mid-back",
          "upper-back-right", "hip-right", "pelvis", "thigh-left", "leg-left", "groin"]
weights = [30, 12, 8, 6, 5, 3, 3, 4, 2, 2, 1]
contexts = ["after-sex", "after-miscarriage", "after-sitting", "on-waking", "after-exercise"]
helped = ["heat", "walking", "rest", "stretching"]
meds = ["", "", "ibuprofen 400 mg", "paracetamol 1 g", ""]
notes = ["Stiff after sitting at the desk all morning; a short walk helped.",
         "腰疼，性生活后加重，热敷后好一些。",
         "ألم أسفل الظهر بعد الإجهاض، خفّ قليلاً مع الراحة",
         "Woke up stiff\nloosened after a shower", ""]
print("id,time,pain,where,feels,context,helped,med,note,verdict")
k = 0
for i in range(days):
    day = end - datetime.timedelta(days=days - 1 - i)
    for j in range(per_day):
        k += 1
        hh = 7 + j * (14 // max(per_day, 1))
        pain = max(0, min(10, int(round(5 + 2.5 * (1 - i / days) + rnd.gauss(0, 1.5)))))
        where = ";".join(sorted(set(rnd.choices(places, weights, k=rnd.randint(1, 2)))))
        note = notes[k % len(notes)]
        if long_notes and note:
            note = (note + " ") * 40
        note = note.replace('"', '""')
        med = meds[k % len(meds)]
        verdict = "soon" if k % 37 == 0 else ("urgent" if k % 101 == 0 else "")
        print(f'gen-{k:06d},{day.isoformat()}T{hh:02d}:{(k * 7) % 60:02d}:00,{pain},{where},aching,'
              f'{contexts[k % len(contexts)]},{helped[k % len(helped)]},{med},"{note}",{verdict}')
