#!/bin/sh
# Checks that the content lint (tests/content/run.sh) can fail: it runs it
# on copies of the shipped content/, each with one mistake a writer could
# make, and expects a failure that names the mistake. The shipped tree
# itself must pass. Usage: tests/content/selftest.sh BINARY, from the
# source tree. Prints one summary line; exits 1 naming every miss.
set -u
[ $# -eq 1 ] || { echo "usage: $0 BINARY" >&2; exit 2; }
bin=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
misses=0 n=0

# expect NAME MESSAGE SED-SCRIPT FILE [SED-SCRIPT FILE]... — in a fresh
# copy, applies each sed script to its file (relative to content/); the
# lint must fail and print MESSAGE
expect() {
	name=$1 msg=$2
	shift 2
	n=$((n + 1))
	rm -rf "$tmp/c"
	cp -R content "$tmp/c"
	while [ $# -ge 2 ]; do
		sed -i "$1" "$tmp/c/$2"
		shift 2
	done
	if CONTENT_ROOT="$tmp/c" sh tests/content/run.sh "$bin" >"$tmp/out" 2>&1; then
		echo "content selftest: $name: the lint passed" >&2
		misses=$((misses + 1))
	elif ! grep -qF -- "$msg" "$tmp/out"; then
		echo "content selftest: $name: the lint failed without saying '$msg':" >&2
		sed 's/^/    /' "$tmp/out" >&2
		misses=$((misses + 1))
	fi
}

if ! sh tests/content/run.sh "$bin" >"$tmp/out" 2>&1; then
	echo "content selftest: the shipped content fails the lint:" >&2
	cat "$tmp/out" >&2
	misses=$((misses + 1))
fi

# A card that sends readers to emergency care without emergency flags.
expect "emergency text, no flags" \
	"sends the reader to emergency care ('emergency')" \
	'/^  emergency: \[/d' en/cards/urinary-and-kidney-infection.yaml
# ... in Chinese and in Arabic too (their own words).
expect "zh: emergency text, no flags" "sends the reader to emergency care" \
	'/^  emergency: \[/d' zh_CN/cards/urinary-and-kidney-infection.yaml
expect "ar: emergency text, no flags" "sends the reader to emergency care" \
	'/^  emergency: \[/d' ar/cards/urinary-and-kidney-infection.yaml
# Advice for someone at risk of harming themselves may name the emergency
# number without a checklist flag, but only in a paragraph about that:
# without the words that mark it, the same sentence needs a flag.
expect "crisis advice without its marker" \
	"card 'after-miscarriage-self-care' sends the reader to emergency care" \
	's/thoughts of harming yourself/dark thoughts/' en/cards/after-miscarriage-self-care.yaml
expect "zh: crisis advice without its marker" \
	"card 'after-miscarriage-self-care' sends the reader to emergency care" \
	's/伤害自己的念头/轻生的念头/' zh_CN/cards/after-miscarriage-self-care.yaml
# Emergency flags on a card whose text never says so.
expect "flags without emergency text" \
	"declares emergency red flags but its text never says" \
	's/^  urgent: \[fever-unwell, kidney-signs\]/  emergency: [sepsis-signs]\n  urgent: [fever-unwell, kidney-signs]/' en/cards/pelvic-congestion.yaml
# A sign under another level than the checklist's.
expect "wrong level" \
	"red_flags: 'kidney-signs' is listed under 'emergency' but the checklist has it at 'urgent'" \
	's/^  urgent: \[kidney-signs, fever-unwell\]/  urgent: [fever-unwell]/; s/^  emergency: \[sepsis-signs\]/  emergency: [sepsis-signs, kidney-signs]/' en/cards/urinary-and-kidney-infection.yaml
# An id the checklist does not have.
expect "unknown id" "red_flags: no checklist item with id 'sepsis'" \
	's/^  emergency: \[sepsis-signs\]/  emergency: [sepsis]/' en/cards/urinary-and-kidney-infection.yaml
# A checklist item moved to another level in one language: out of step,
# and the cards' flags no longer match it.
expect "level changed in one language" "zh_CN is out of step with en" \
	'/id: fever-unwell/{n;s/level: urgent/level: soon/}' zh_CN/checklist.yaml
# Flags that differ between languages.
expect "flags out of step" "ar is out of step with en" \
	's/^  soon: \[testicle-lump\]/  soon: []/' ar/cards/after-sex-men.yaml
# An emergency item that does not say to get emergency help.
expect "emergency item without the words" \
	"emergency item 'sepsis-signs' does not say to get emergency help" \
	'/id: sepsis-signs/,/sign_of/{s/Get emergency help now\./See a doctor today./}' en/checklist.yaml
# An urgent item that sends to emergency care.
expect "urgent item with emergency words" \
	"urgent item 'fever-unwell' speaks of emergency care" \
	'/id: fever-unwell/,/sign_of/{s/See a doctor today\./Get emergency help now./}' en/checklist.yaml

if [ "$misses" = 0 ]; then
	echo "content selftest: OK ($n mistakes caught, shipped content passes)"
	exit 0
fi
echo "content selftest: FAILED ($misses of $n)"
exit 1
