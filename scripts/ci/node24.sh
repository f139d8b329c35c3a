#!/usr/bin/env bash
# Runs a command under Node.js 24 LTS, taken from the npm registry's platform package
# (node-<platform>-<arch>@24, which ships the official binary), kept in a cache outside the project.
#
#   scripts/ci/node24.sh npx vitest run test/platform/bruteForce.test.ts
#   NODE24_VERSION=24.22.3 scripts/ci/node24.sh node --version
#
# NODE24_DIR     cache directory (default: $HOME/.cache/sotas-node24)
# NODE24_VERSION version or range of the package (default: 24, the newest 24.x)
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

dir="${NODE24_DIR:-${HOME:-/tmp}/.cache/sotas-node24}"
want="${NODE24_VERSION:-24}"
platform="$(uname -s | tr '[:upper:]' '[:lower:]')"
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node24.sh: unsupported machine $(uname -m)" >&2; exit 2 ;;
esac
pkg="node-${platform}-${arch}"
bin="$dir/node_modules/$pkg/bin"

installed=""
[ -x "$bin/node" ] && installed="$("$bin/node" --version 2>/dev/null || true)"
needs_install=1
case "$want" in
  24) [[ "$installed" == v24.* ]] && needs_install=0 ;;
  *) [ "$installed" = "v$want" ] && needs_install=0 ;;
esac

if [ "$needs_install" -eq 1 ]; then
  echo "node24.sh: installing $pkg@$want into $dir" >&2
  mkdir -p "$dir"
  # The cache dir is its own small npm project so the install never touches this repository.
  [ -f "$dir/package.json" ] || echo '{"name":"sotas-node24-cache","private":true}' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$pkg@$want" >&2
fi

if [ ! -x "$bin/node" ]; then
  echo "node24.sh: $bin/node is missing after the install" >&2
  exit 2
fi

version="$("$bin/node" --version)"
case "$version" in
  v24.*) ;;
  *) echo "node24.sh: expected Node.js 24, got $version" >&2; exit 2 ;;
esac
echo "node24.sh: using Node.js $version ($bin/node)" >&2

export PATH="$bin:$PATH"
exec "$@"
