# The home menu in Chinese and Arabic: --lang, an ungenerated locale, and
# switching from the Language menu (remembered in config.yaml).
. "$E2E_LIB"

# Chinese with --lang on a machine that only has C.UTF-8.
start 80 24 --lang zh_CN
wait_for "卡片"
wait_for "清单"
wait_for "日记"
no_row_wider
keys q
wait_exit
stop

# Arabic with --lang: right-aligned and in visual order.
start 80 24 --lang ar
cards=$(visual "البطاقات")
wait_for "$cards"
right_aligned "$cards"
no_row_wider
keys q
wait_exit
stop

# LANG=ar_EG.UTF-8 is not generated here: Arabic anyway.
APPENV="LANG=ar_EG.UTF-8" start 80 24
wait_for "$cards"
keys q
wait_exit
stop

# Switch to Chinese from the Language menu: applies at once, remembered.
start 80 24
wait_for "Language — English"
keys j j j Enter
wait_for "中文（简体）"
keys j Enter
wait_for "卡片"
keys q
wait_exit
grep -q 'language: zh_CN' "$APPHOME/config/backcare/config.yaml" || fail "language not remembered"
ok "language remembered"
stop
start 80 24
wait_for "卡片"
keys q
wait_exit
