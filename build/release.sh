#!/usr/bin/env bash
# Builds the release tarballs: self-contained PortFwd for linux-arm64 (Raspberry Pi OS 64-bit and other arm64
# boards) and linux-x64, each with install.sh, uninstall.sh, the systemd unit and a README, into
#   artifacts/release/portfwd-<version>-linux-<arch>.tar.gz   and   artifacts/release/SHA256SUMS
# The version is the one in Directory.Build.props (<Version>).
#   build/release.sh [arm64|x64 ...]     (default: both)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
project=$root/src/PortFwd.Web/PortFwd.Web.csproj
out=$root/artifacts/release
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(arm64 x64)

version=$(dotnet msbuild "$project" -getProperty:Version)
[ -n "$version" ] || { echo "release.sh: no <Version> in Directory.Build.props" >&2; exit 1; }
# Same files, same tarball: every file's time is the last commit's.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}

mkdir -p "$out"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT

for arch in "${arches[@]}"; do
    case "$arch" in arm64|x64) ;; *) echo "release.sh: unknown arch '$arch' (arm64 or x64)" >&2; exit 2 ;; esac
    rid=linux-$arch
    name=portfwd-$version-$rid
    dir=$staging/$name
    echo "== $name"
    # ReadyToRun: app and libraries precompiled, so a start JITs little (on a Pi the JIT is most of the start-up;
    # BENCHMARKS.md, "Start-up of the release build"). No PDBs: the tarball is for running, not debugging.
    dotnet publish "$project" -c Release -r "$rid" --self-contained true \
        -p:PublishReadyToRun=true -p:DebugType=none -p:DebugSymbols=false \
        -o "$dir/app" -nologo -v:q
    install -m 0755 "$root/build/package/install.sh" "$root/build/package/uninstall.sh" "$dir/"
    install -m 0644 "$root/build/package/portfwd.service" "$dir/"
    sed "s/VERSION_HERE/$version/; s/RID_HERE/$rid/" "$root/build/package/README.txt" >"$dir/README.txt"
    printf '%s\n' "$version" >"$dir/VERSION"
    printf '%s\n' "$rid" >"$dir/RID"
    tar -C "$staging" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
        -cf - "$name" | gzip -9n >"$out/$name.tar.gz"
    ls -l "$out/$name.tar.gz"
done

# One checksum file for every tarball in the folder: sha256sum -c --ignore-missing SHA256SUMS
(cd "$out" && sha256sum portfwd-*.tar.gz >SHA256SUMS)
cat "$out/SHA256SUMS"
