#!/usr/bin/env bats
# Declared options (src/cli/options.h): -h on every command, GNU argument
# permutation, '--', did-you-mean, one meaning per short letter, and the
# man page and shell completions generated from the same tables (bash
# for real: the completion function is called as bash calls it).

load helpers

setup() { common_setup; }

commands() {
    "$PACE" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF >= 2 && $1 != "Commands:" {print $1}'
}

@test "every command accepts -h and --help: exit 0, its usage" {
    n=0
    for c in $(commands); do
        run "$PACE" "$c" -h
        [ "$status" -eq 0 ] || { echo "$c -h: $status $output"; false; }
        [[ "$output" == "usage: pace $c"* ]] || { echo "$c -h: $output"; false; }
        [[ "$output" == *"-h, --help"* ]]
        run "$PACE" "$c" --help
        [ "$status" -eq 0 ]
        [[ "$output" == "usage: pace $c"* ]]
        n=$((n + 1))
    done
    [ "$n" -ge 13 ]
    # -h after operands too (compare, report, trends, patterns rejected it)
    run "$PACE" compare previous latest -h
    [ "$status" -eq 0 ]
    [[ "$output" == "usage: pace compare"* ]]
    run "$PACE" patterns search -h
    [ "$status" -eq 0 ]
}

@test "permutation: options after operands work; '--' ends the options" {
    run "$PACE" list -v example
    [ "$status" -eq 0 ]
    before="$output"
    run "$PACE" list example -v
    [ "$status" -eq 0 ]
    [ "$output" = "$before" ]
    printf '1\n2\n3\n' > -odd.txt
    printf '1\n2\n3\n' > a.txt
    run "$PACE" stats a.txt --json
    [ "$status" -eq 0 ]
    [[ "$output" == "{"* ]]
    # '-odd.txt' is an option until '--' says otherwise
    run "$PACE" stats -odd.txt
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown option '-o'"* || "$output" == *"-odd.txt"* ]]
    run "$PACE" stats --json -- -odd.txt
    [ "$status" -eq 0 ]
    [[ "$output" == *'"name": "-odd.txt"'* ]]
}

@test "pace compare previous latest --store X works; so does --store before" {
    "$PACE" run -q -r 2 --store X.db -- "$HELPER exit 0" >/dev/null
    "$PACE" run -q -r 2 --store X.db -- "$HELPER exit 0" >/dev/null
    run "$PACE" compare previous latest --store X.db
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"old: run "* && "$output" == *"new: run "* ]]
    run "$PACE" compare --store=X.db previous latest --json
    [ "$status" -eq 0 ]
    [[ "$output" == *'"old"'* ]]
    # the default store does not exist here: the flag was what found X.db
    run "$PACE" compare previous latest
    [ "$status" -ne 0 ]
}

@test "short clusters, attached values and --opt=value" {
    run "$PACE" run -qr2 -o out -- true
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["iterations"]')" -eq 2 ]
    run "$PACE" run -q --runs=3 --output=out2 -- true
    [ "$status" -eq 0 ]
    [ "$(json_get out2/results.json 'd["results"][0]["iterations"]')" -eq 3 ]
    run "$PACE" run --quiet=yes -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"'--quiet=yes' takes no value"* ]]
}

@test "did you mean: a misspelt command and a misspelt option" {
    run "$PACE" rn
    [ "$status" -eq 2 ]
    [[ "$output" == *"'rn' is not a pace command"* ]]
    [[ "$output" == *"did you mean 'run'?"* ]]
    run "$PACE" histroy
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean 'history'?"* ]]
    run "$PACE" help comprae
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean 'compare'?"* ]]
    run "$PACE" run --rnus 3 -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown option '--rnus'"* ]]
    [[ "$output" == *"did you mean '--runs'?"* ]]
    run "$PACE" compare --jsno a b
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean '--json'?"* ]]
    # nothing close: no guess
    run "$PACE" zzzzzzzz
    [ "$status" -eq 2 ]
    [[ "$output" != *"did you mean"* ]]
    # an ambiguous prefix names the candidates
    run "$PACE" run --min 3 -- true
    [ "$status" -eq 2 ]
    [[ "$output" == *"ambiguous"*"--min-runs"*"--min-time"* ]]
}

@test "the man page's OPTIONS come from the tables; one meaning per short letter" {
    run "$PACE" help --man
    [ "$status" -eq 0 ]     # exits 3 on a letter that means two options
    [[ "$output" == ".SH OPTIONS"* ]]
    for c in $(commands); do
        [[ "$output" == *".SS pace $c"* ]] || { echo "no $c"; false; }
    done
    [[ "$output" == *'\fB\-r\fR, \fB\-\-runs\fR \fIN\fR'* ]]
    run "$PACE" help --man "$BATS_TEST_DIRNAME/../../docs/pace.1"
    [ "$status" -eq 0 ]
    [[ "$output" == *".SH OPTIONS"* && "$output" == *".SH EXIT STATUS"* ]]
    [[ "$output" != *"@OPTIONS@"* ]]
    ! printf '%s' "$output" | grep -q $'\f'
    if command -v groff >/dev/null; then
        printf '%s\n' "$output" > pace.1
        [ -z "$(groff -man -Tutf8 -ww -z pace.1 2>&1)" ]
    fi
}

@test "bash completion: complete -p pace, and pace r<TAB> offers run and report" {
    "$PACE" completion bash > pace.bash
    built="$(dirname "$PACE")/completions/pace"
    if [ -f "$built" ]; then cmp pace.bash "$built"; fi   # what meson installs
    run bash --norc --noprofile -c '
        source ./pace.bash
        complete -p pace
        COMP_WORDS=(pace r); COMP_CWORD=1; _pace; echo "cmds: ${COMPREPLY[*]}"
        COMP_WORDS=(pace run --ru); COMP_CWORD=2; _pace; echo "opts: ${COMPREPLY[*]}"
        COMP_WORDS=(pace run --color ""); COMP_CWORD=3; _pace; echo "color: ${COMPREPLY[*]}"
        COMP_WORDS=(pace compare previous latest --st); COMP_CWORD=4; _pace; echo "late: ${COMPREPLY[*]}"
        COMP_WORDS=(pace fixtures ""); COMP_CWORD=2; _pace; echo "sub: ${COMPREPLY[*]}"'
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"complete -F _pace pace"* ]]
    echo "$output" | grep -qx 'cmds: run report'
    echo "$output" | grep -qx 'opts: --runs --run-group'
    echo "$output" | grep -qx 'color: auto always never'
    echo "$output" | grep -qx 'late: --store'
    echo "$output" | grep -qx 'sub: generate list clean'
}

@test "zsh completion: parses, and its _arguments specs come from the tables" {
    command -v zsh >/dev/null || skip "zsh is not installed (scripts/deps installs it)"
    "$PACE" completion zsh > _pace
    zsh -n _pace
    # _describe and _arguments stubbed: what the script hands them
    run zsh -fc '_describe() { print -rl -- "${(@P)${@[-1]}}" }
                 _arguments() { :; }
                 words=(pace r); CURRENT=2; source ./_pace'
    [ "$status" -eq 0 ]
    [[ "$output" == *"run:measure commands or suites"* && "$output" == *"report:"* ]]
    run zsh -fc '_describe() { :; }; _arguments() { print -rl -- "$@" }
                 words=(pace run --r); CURRENT=3; source ./_pace'
    [ "$status" -eq 0 ]
    echo "$output" | grep -q -- '^(-r --runs)--runs=\[exactly N measured runs'
    echo "$output" | grep -q -- '^\*--color=\[.*\]:WHEN:(auto always never)$'
}

@test "fish completion: parses, and pace r<TAB> offers run and report" {
    command -v fish >/dev/null || skip "fish is not installed (scripts/deps installs it)"
    "$PACE" completion fish > pace.fish
    fish --no-execute pace.fish
    run fish --no-config -c 'source pace.fish; complete -C "pace r"'
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"run"$'\t'* && "$output" == *"report"$'\t'* ]]
    run fish --no-config -c 'source pace.fish; complete -C "pace run --color "'
    [[ "$output" == *"always"* && "$output" == *"never"* ]]
}

@test "completion: an unknown shell exits 2" {
    run "$PACE" completion tcsh
    [ "$status" -eq 2 ]
    [[ "$output" == *"tcsh"* ]]
}
