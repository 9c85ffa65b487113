#!/usr/bin/env bash
# Tests completions/_rekindle in a real zsh, through its real completion system.
#
# Environment: REKINDLE_BIN (folder with the built rekindle, rekindle-checklist, rekindle-reflect,
#                            rekindle-nocontact, rekindle-selfcare, rekindle-signals)
#              REKINDLE_SRC (the repository root)
# A driver zsh starts an interactive `zsh -f -i` in a pseudo-terminal (zsh/zpty),
# which puts completions/ first on fpath and runs compinit. TAB is bound to a
# widget that runs the ordinary complete-word machinery while a wrapper around
# the compadd builtin writes every match that survives matching to a file, then
# prints a marker. The driver types each line followed by TAB, waits for the
# marker, and collects the file.
set -euo pipefail

TEST_NAME=test_zsh
source "$(dirname "$0")/common.sh"
[[ -r $COMPLETIONS/_rekindle ]] || fail "missing $COMPLETIONS/_rekindle"
command -v zsh >/dev/null || fail "zsh is not installed"
make_fixture
export ZDOTDIR=$HOME
mkdir -p "$TMP/out"

# Sourced by the interactive zsh in the pty.
cat >"$TMP/init.zsh" <<'EOF'
PS1='' PROMPT='' RPROMPT='' PROMPT_EOL_MARK=''
unsetopt beep
fpath=("$RK_SRC/completions" $fpath)
autoload -U compinit && compinit -u -D
(( $+_comps[rekindle] && $+_comps[rekindle-checklist] && $+_comps[rekindle-reflect] &&
   $+_comps[rekindle-nocontact] && $+_comps[rekindle-selfcare] && $+_comps[rekindle-signals] )) ||
  print -r -- RK_NO_COMPDEF

# Records each word a completion function adds (after matching), then adds it.
compadd() {
  # Calls that only collect or filter (-O, -A, -D) are internal; pass them on.
  if [[ " ${@[1,(i)(-|--)]} " == *' '-(O|A|D)' '* ]]; then
    builtin compadd "$@"
    return
  fi
  local -a __rk_words
  builtin compadd -O __rk_words "$@"
  (( $#__rk_words )) && print -rl -- $__rk_words >>| $RK_OUT
  builtin compadd "$@"
}

_rk_complete() {
  _main_complete "$@"
  compstate[list]=''
  compstate[insert]=''
}
zle -C rk-complete complete-word _rk_complete

rk-run() {
  : >| $RK_OUT
  {
    zle rk-complete
  } always {
    BUFFER='' CURSOR=0
    print -r -- RK_DONE''_MARK
  }
}
zle -N rk-run
bindkey '^I' rk-run
print -r -- RK_READY''_MARK
EOF

# Types each argument followed by TAB; the matches for the Nth go to $TMP/out/N.
cat >"$TMP/driver.zsh" <<'EOF'
zmodload zsh/zpty || exit 90
zpty rk zsh -f -i || exit 91
zpty -w rk "source ${(q)RK_INIT}"
zpty -r rk junk '*RK_READY_MARK*' || exit 92
[[ $junk != *RK_NO_COMPDEF* ]] || exit 93
integer n=0
for q in "$@"; do
  (( n++ ))
  RK_OUT=$RK_OUTDIR/$n
  zpty -w rk "RK_OUT=${(q)RK_OUT}"
  zpty -w -n rk "$q"$'\t'
  zpty -r rk junk '*RK_DONE_MARK*' || exit 94
done
zpty -w rk 'exit'
zpty -d rk
EOF

# as_offered NAME: zsh reports a name holding blanks as it is (it quotes it when inserting).
as_offered() {
    printf '%s' "$1"
}

queries=()
wants=()
# expect LINE [+WANTED | -UNWANTED]...
# The wants of one line are kept joined by a unit separator, so a wanted word may hold blanks.
expect() {
    local line=$1 IFS=$'\x1f'
    shift
    queries+=("$line")
    wants+=("$*")
}

expect_common
expect 'rekindle-checklist --format=j' +json +jsonl -tsv
expect 'rekindle-checklist --format=' +csv +table
expect 'rekindle-reflect export --format=' +md +jsonl -table
expect 'rekindle reflect list --theme=my' +my-part -incident
expect 'rekindle faketool ' +watch +tally -list
expect 'rekindle-nocontact milestones --format=i' +ics -table
expect 'rekindle nocontact end --reason=r' +reconciled -stopped
expect 'rekindle selfcare list --activity=ev' +'evening tea' -running
expect 'rekindle-selfcare log running --mood=1' +1 +10 -2
expect 'rekindle-selfcare streak --category=j' +joy -body
expect "rekindle-selfcare log 'talking w" +'talking with a friend' -running
expect 'rekindle-selfcare import --from=' +daylio
expect 'rekindle selfcare report --week --' -'--month' -'--year' -'--since'
expect 'rekindle-selfcare streak --category body ' -running -yoga
expect 'rekindle signals list --direction=t' +toward -away
expect 'rekindle-signals list --nature=' +word +action -toward
expect 'rekindle-signals log misses-you --strength=' +1 +2 +3 -misses-you
expect 'rekindle-signals rm -y ' +1 +2 -3

expect 'rekindle review --format=j' +json +jsonl -tsv
expect "rekindle status --db $TMP/oth" +other.db +other.toml

# The whole session is bounded; cd to the empty temp folder so _files has nothing odd to read.
rc=0
(cd "$TMP" && RK_SRC=$REKINDLE_SRC RK_INIT=$TMP/init.zsh RK_OUTDIR=$TMP/out \
    timeout 20 zsh -f "$TMP/driver.zsh" "${queries[@]}") || rc=$?
case $rc in
    0) ;;
    90 | 91) fail "cannot start zsh in a pseudo-terminal (zsh/zpty), exit $rc" ;;
    92) fail "the interactive zsh did not finish its setup" ;;
    93) fail "compinit did not register _rekindle for rekindle, rekindle-checklist, rekindle-reflect, rekindle-nocontact, rekindle-selfcare and rekindle-signals (#compdef line?)" ;;
    124) fail "zsh timed out (a completion hung or errored before the marker)" ;;
    *) fail "the zsh driver exited with $rc" ;;
esac

for i in "${!queries[@]}"; do
    line=${queries[i]}
    file=$TMP/out/$((i + 1))
    [[ -f $file ]] || fail "completing '$line' produced no result file"
    IFS=$'\x1f' read -ra want <<<"${wants[i]}"
    check_offers "'$line'" "$(cat "$file")" "${want[@]}"
done

check_created_nothing

printf 'test_zsh: ok (%d checks)\n' "$checks"
