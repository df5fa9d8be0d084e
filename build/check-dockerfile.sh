#!/usr/bin/env bash
# Plays the Dockerfile's build stage on a machine without a Docker engine: the build context as .dockerignore leaves
# it, the stage's COPY lines into an empty folder, then its RUN lines with TARGETARCH set, so a missing file or a
# restore that does not match the publish shows here. It needs the .NET SDK; the final stage (the base image) is not played.
#
#   build/check-dockerfile.sh amd64 /tmp/docker-stage      # or arm64; the app lands in /tmp/docker-stage/app
set -euo pipefail
arch=${1:?usage: check-dockerfile.sh amd64|arm64 [out-folder]}
out=${2:-$(mktemp -d /tmp/portfwd-docker-stage.XXXXXX)}
repo=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$out"; mkdir -p "$out/source" "$out/context"
# The context: tracked and untracked files, less what .dockerignore names (bin/, obj/, tests/, bench/, data/, ...).
(cd "$repo" && git ls-files -co --exclude-standard \
    | grep -v -E '(^|/)(bin|obj)/|^(data|artifacts|tests|bench|\.git)/|\.db(-.*)?$|^global\.json$' \
    | while IFS= read -r f; do mkdir -p "$out/context/$(dirname "$f")"; cp "$f" "$out/context/$f"; done)

stage=$(awk '/ AS build$/{b=1;next} / AS final$/{b=0} b' "$repo/Dockerfile")
cd "$out/source"
while IFS= read -r line; do
  case "$line" in
    COPY*)
      read -r -a words <<<"${line#COPY }"
      dest=${words[-1]}; unset 'words[-1]'
      mkdir -p "./$dest"
      for src in "${words[@]}"; do
        if [ -d "$out/context/$src" ]; then cp -r "$out/context/$src/." "./$dest"; else cp "$out/context/$src" "./$dest"; fi
      done ;;
  esac
done <<<"$stage"

# The RUN lines, continuation lines joined, /app moved under the output folder.
echo "$stage" | sed ':a;/\\$/{N;s/\\\n//;ba}' | grep '^RUN ' | sed 's/^RUN //; s| /app$| '"$out"'/app|; s| /app | '"$out"'/app |g' \
  | while IFS= read -r cmd; do echo "+ $cmd"; TARGETARCH=$arch bash -c "$cmd"; done
echo "build stage played for $arch: $out/app"
