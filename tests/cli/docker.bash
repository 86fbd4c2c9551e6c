# docker.bash - what the docker executor's tests (0670, 0671) share.

# tiny_image ROOT TAG PROGRAM...: imports an image of the programs with
# their libraries (and an empty /tmp) into the engine at DOCKER_HOST.
tiny_image() {
    local root=$1 tag=$2 b l
    shift 2
    mkdir -p "$root/tmp" "$root/etc"
    chmod 1777 "$root/tmp"
    for b in "$@"; do
        cp --parents -L "$b" "$root"
        for l in $(ldd "$b" | grep -o '/[^ ]*'); do cp --parents -L "$l" "$root"; done
    done
    tar -C "$root" -cf - . | docker import - "$tag" >/dev/null
}

# wait_running N: until N containers run (30 s at most); fails otherwise.
wait_running() {
    local i
    for i in $(seq 1 300); do
        [ "$(docker ps -q | wc -l)" -lt "$1" ] || break
        sleep 0.1
    done
    [ "$(docker ps -q | wc -l)" -eq "$1" ]
}
