#!/usr/bin/env bats
# pace run --executor sandbox (issue 18): commands run in fresh namespaces
# and cgroups with the host's / read-only as their root.  Each isolation
# check also runs with the local executor, where the same command must
# behave the other way, so no check passes vacuously.

load helpers

setup() {
    common_setup
    run "$PACE" run --executor sandbox --runs 1 --no-store -o probe -- "$HELPER exit 0"
    if [[ "$output" == *"needs root or unprivileged user namespaces"* ]]; then
        skip "this machine cannot make a sandbox: not root and no user namespaces"
    fi
    [ "$status" -eq 0 ]
}

# one_test ID COMMAND-YAML [EXTRA-YAML]: a suite of one test in s.yaml.
one_test() {
    cat > s.yaml <<YAML
suite: sbx
tests:
  - id: $1
    command: $2
$3
YAML
}

sandboxed() { "$PACE" run --executor sandbox --runs 2 --no-store -o out "$@" s.yaml; }
locally() { "$PACE" run --executor local --runs 2 --no-store -o out "$@" s.yaml; }

@test "a command runs in the sandbox and its result records the executor and limits" {
    one_test ok "[\"$HELPER\", \"echo\", \"hi\"]" "    limits: {memory: 256MiB, cpus: 1.5, pids: 64}"
    run sandboxed
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["executor"]')" = sandbox ]
    [ "$(json_get out/results.json 'd["results"][0]["limits"]')" = \
      "{'memory': 268435456, 'cpus': 1.5, 'pids': 64}" ]
    [ "$(json_get out/results.json 'd["results"][0]["runs"]')" -eq 2 ]
    run locally
    [ "$(json_get out/results.json 'd["results"][0]["executor"]')" = local ]
}

@test "executor: in the suite file, and execution.executor in the config" {
    printf 'suite: sbx\nexecutor: sandbox\ntests:\n  - id: t\n    command: ["%s", "exit", "0"]\n' "$HELPER" > s.yaml
    run "$PACE" run --runs 1 --no-store -o out s.yaml
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["executor"]')" = sandbox ]
    one_test t "[\"$HELPER\", \"exit\", \"0\"]"
    PACE_EXECUTOR=sandbox run "$PACE" run --runs 1 --no-store -o out s.yaml
    [ "$status" -eq 0 ]
    [ "$(json_get out/results.json 'd["results"][0]["executor"]')" = sandbox ]
}

@test "no network inside: a port listening on the host's 127.0.0.1 cannot be reached" {
    python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
open("port", "w").write(str(s.getsockname()[1]))
time.sleep(60)' &
    listener=$!
    for i in $(seq 100); do [ -s port ] && break; sleep 0.05; done
    one_test connect "[\"$HELPER\", \"connect\", \"$(cat port)\"]"
    run locally
    [ "$status" -eq 0 ]
    run sandboxed
    kill "$listener"
    [ "$status" -eq 1 ]
    [[ "$output" == *"exit code 1 (expected 0)"* ]]
    [[ "$output" == *"Connection refused"* ]]
}

@test "a memory hog beyond the limit is recorded as killed for its memory" {
    one_test hog "[\"$HELPER\", \"alloc\", \"512\"]" "    limits: {memory: 64MiB}"
    run sandboxed
    [ "$status" -eq 1 ]
    [[ "$output" == *"killed for exceeding its memory limit"* ]]
    [ "$(json_get out/results.json 'd["results"][0]["failure"]')" = \
      "killed for exceeding its memory limit" ]
    [ "$(json_get out/raw/hog.json 'd["variants"][0]["samples"][0]["fail"]')" = memory-limit ]
    [ "$(json_get out/raw/hog.json 'd["variants"][0]["samples"][0]["oom_killed"]')" = True ]
    one_test small "[\"$HELPER\", \"alloc\", \"8\"]" "    limits: {memory: 64MiB}"
    run sandboxed
    [ "$status" -eq 0 ]
}

@test "host processes are invisible: /proc shows only the sandbox's" {
    one_test procs '["/bin/sh", "-c", "n=$(ls /proc | grep -c \"^[1-9]\"); echo $n; [ $n -le 6 ]"]'
    run sandboxed
    [ "$status" -eq 0 ]
    run locally
    [ "$status" -eq 1 ]
}

@test "writes outside the working directory fail; the working directory is writable" {
    home=$(getent passwd "$(id -u)" | cut -d: -f6)
    for target in /pace-sbx-probe /tmp/pace-sbx-probe /etc/pace-sbx-probe "$home/pace-sbx-probe"; do
        one_test write "[\"$HELPER\", \"create\", \"$target\"]"
        run sandboxed
        [ "$status" -eq 1 ]
        [[ "$output" == *"Read-only file system"* ]]
        [ ! -e "$target" ]
    done
    one_test write "[\"$HELPER\", \"create\", \"written-inside\"]"
    run sandboxed
    [ "$status" -eq 0 ]
    [ -f written-inside ]
}

@test "no process outlives the test, not even one in its own session" {
    secs="$((300 + RANDOM % 600)).$$"
    one_test daemon "[\"$HELPER\", \"daemon\", \"$secs\"]"
    # A setsid() child is a leftover under either executor: counted, killed
    # and reaped before the sample says so (the sandbox's PID 1, the local
    # executor as a subreaper).
    run sandboxed
    [ "$status" -eq 1 ]
    [[ "$output" == *"left 1 process running after it exited (killed)"* ]]
    run pgrep -f "pace-helper daemon $secs"
    [ "$status" -eq 1 ]
    run locally
    [ "$status" -eq 1 ]
    [[ "$output" == *"left 1 process running after it exited (killed)"* ]]
    run pgrep -f "pace-helper daemon $secs"
    [ "$status" -eq 1 ]
}

@test "exit codes, signals and timeouts are still data" {
    one_test code "[\"$HELPER\", \"exit\", \"3\"]" "    expectedExitCode: 3"
    run sandboxed
    [ "$status" -eq 0 ]
    one_test sig "[\"$HELPER\", \"kill\", \"9\"]"
    run sandboxed
    [ "$status" -eq 1 ]
    [[ "$output" == *"killed by signal 9"* ]]
    one_test slow "[\"$HELPER\", \"sleep\", \"30\"]" "    timeout: 300ms"
    run sandboxed
    [ "$status" -eq 1 ]
    [[ "$output" == *"timed out after"* ]]
}

@test "setup and teardown run inside the sandbox too" {
    one_test hooks "[\"$HELPER\", \"exit\", \"0\"]" "    setup: [[\"$HELPER\", \"create\", \"/etc/pace-sbx-setup\"]]"
    run sandboxed
    [ "$status" -eq 1 ]
    [[ "$output" == *"setup command"*"failed: exit code 1"* ]]
    [ ! -e /etc/pace-sbx-setup ]
}

@test "an unknown executor is a usage error naming the three" {
    one_test d "[\"$HELPER\", \"exit\", \"0\"]"
    run "$PACE" run --executor podman --runs 1 --no-store -o out s.yaml
    [ "$status" -eq 2 ]
    [[ "$output" == *"'--executor' must be one of: local, sandbox, docker"* ]]
}

@test "with a fixture, each variant writes its own copy and nothing else" {
    git init -q origin
    git -C origin -c user.name=p -c user.email=p@x commit -q --allow-empty -m first
    cat > s.yaml <<YAML
suite: sbx
fixture: {custom: origin}
tests:
  - id: commit
    shell: true
    env: {GIT_CONFIG_GLOBAL: /dev/null, GIT_AUTHOR_NAME: p, GIT_AUTHOR_EMAIL: p@x,
          GIT_COMMITTER_NAME: p, GIT_COMMITTER_EMAIL: p@x}
    command:
      a: git commit -q --allow-empty -m in-a && touch ../beside-the-copy
      b: git commit -q --allow-empty -m in-b
  - id: touch-fixture
    shell: true
    command: touch "\$PACE_FIXTURE/written-from-inside"
YAML
    run sandboxed
    [ "$status" -eq 1 ]
    # commit/a also wrote beside its copy, in WORK/a: writable as well.
    [ "$(json_get out/results.json '[r["failure"] for r in d["results"]]')" = \
      "[None, None, 'exit code 1 (expected 0)']" ]
    # Read-only where the fixture is visible (the cache under $HOME), or
    # not there at all (this custom one is under the host's /tmp, which
    # the sandbox's own /tmp hides).
    [[ "$output" == *"Read-only file system"* || "$output" == *"No such file"* ]]
    [ ! -e origin/written-from-inside ]
    [ "$(git -C origin rev-list --count HEAD)" -eq 1 ]
}

@test "workdir: tmpfs puts the copies in /dev/shm, where the sandbox can write them too" {
    [ "$(stat -f -c %T /dev/shm)" = tmpfs ] || skip "/dev/shm is not a tmpfs here"
    git init -q origin
    git -C origin -c user.name=p -c user.email=p@x commit -q --allow-empty -m first
    cat > s.yaml <<YAML
suite: sbx
fixture: {custom: origin}
workdir: tmpfs
tests:
  - id: write
    shell: true
    command: echo x > made-here && test "\$(stat -f -c %T .)" = tmpfs
YAML
    run sandboxed
    [ "$status" -eq 0 ]
    [[ "$output" == *"Work copies:  tmpfs"* ]]
    [ "$(json_get out/results.json '[r["workdir_filesystem"] for r in d["results"]]')" = "['tmpfs']" ]
    # workdir: disk (the default) is $TMPDIR's filesystem; the check above
    # is not vacuous where that is not a tmpfs
    if [ "$(stat -f -c %T "$TMPDIR")" != tmpfs ]; then
        sed -i 's/^workdir: tmpfs/workdir: disk/' s.yaml
        run sandboxed
        [ "$status" -eq 1 ]
        [ "$(json_get out/results.json '[r["workdir_filesystem"] for r in d["results"]]')" != "['tmpfs']" ]
    fi
}
