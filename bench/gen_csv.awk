# gen_csv.awk — a diary export of n entries (awk -v n=100000 -f gen_csv.awk):
# several entries a day going back in time, varied places, contexts and
# notes in three scripts, with commas, quotes and line breaks to quote.
BEGIN {
	if (!n) n = 100000
	srand(42)
	split("upper-back upper-back-left mid-back lower-back lower-back-left lower-back-right buttock-left buttock-right hip-left pelvis groin thigh-left leg-right", P, " ")
	split("aching sharp burning throbbing shooting stiff", F, " ")
	split("after-sex after-miscarriage pregnancy-postpartum after-exercise after-sitting on-waking other", C, " ")
	split("rest heat stretching walking painkiller massage nothing", H, " ")
	N[1] = "Stiff after sitting at the desk all morning"
	N[2] = "\"Better\" after a walk, worse again by the evening"
	N[3] = "腰疼，性生活后加重，热敷后好一些。"
	N[4] = "ألم أسفل الظهر بعد الإجهاض، خفّ قليلاً مع الراحة"
	N[5] = "Woke up stiff\nloosened after a shower"
	N[6] = ""
	M[1] = "ibuprofen 400 mg"; M[2] = ""; M[3] = "paracetamol 1 g"; M[4] = ""
	print "id,time,pain,where,feels,context,helped,med,note,verdict"
	day = 20000 # about 2024-10-04, in days since 1970-01-01
	for (i = 0; i < n; i++) {
		d = day - int(i / 4)
		# civil_from_days
		z = d + 719468; era = int(z / 146097); doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
		y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153); dd = doy - int((153 * mp + 2) / 5) + 1
		mm = mp < 10 ? mp + 3 : mp - 9; y += mm <= 2
		hh = 6 + (i % 4) * 4
		where = P[1 + int(rand() * 13)]; if (rand() < 0.4) where = where ";" P[1 + int(rand() * 13)]
		note = N[1 + int(rand() * 6)]
		gsub(/"/, "\"\"", note)
		if (note ~ /[,"\n]/) note = "\"" note "\""
		med = M[1 + int(rand() * 4)]
		verdict = rand() < 0.02 ? "soon" : ""
		printf "bench-%06d,%04d-%02d-%02dT%02d:%02d:00+01:00,%d,%s,%s,%s,%s,%s,%s,%s\n", \
			i, y, mm, dd, hh, int(rand() * 60), int(rand() * 11), where, F[1 + int(rand() * 6)], \
			C[1 + int(rand() * 7)], H[1 + int(rand() * 7)], med, note, verdict
	}
}
