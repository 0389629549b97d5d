# SPDX-License-Identifier: GPL-2.0
# Shared by the VM scripts: where things live. Sourced, not run.

vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$vm_dir/../.." && pwd)
cache_dir=${RSTGUARD_CACHE:-$repo_dir/.cache}
# Kernels (the unpacked stock image, the debug build) are per machine, not
# per clone: a fresh clone must not rebuild a 10-minute kernel. Root uses
# /var/cache/rstguard; others, or RSTGUARD_KCACHE=DIR, a folder of their own.
if [ -n "${RSTGUARD_KCACHE:-}" ]; then
	kcache_dir=$RSTGUARD_KCACHE
elif [ "$(id -u)" = 0 ]; then
	kcache_dir=/var/cache/rstguard
else
	kcache_dir=$cache_dir
fi

# Which Debian kernel: KVER (the first argument; run, fetch-kernel and
# install-deps take it from the environment, as `make KVER=` sets it) is
#   empty or 6.1     Debian 12's own, linux-headers-amd64's (6.1.0-N-amd64)
#   6.12, 6.12-rt    the newest of that series, through its headers
#                    meta-package (linux-headers-6.12-amd64, -6.12-rt-amd64)
#   a release        exactly that one, e.g. 6.12.118+deb12-amd64
# stock_headers_pkg KVER: the headers package that names it.
stock_headers_pkg() {
	local v=${1:-}

	if [ -z "$v" ] || [ "$v" = 6.1 ]; then
		echo linux-headers-amd64
	elif [[ $v =~ ^6\.1-([a-z]+)$ ]]; then
		echo "linux-headers-${BASH_REMATCH[1]}-amd64"
	elif [[ $v =~ ^[0-9]+\.[0-9]+(-[a-z]+)?$ ]]; then
		echo "linux-headers-$v-amd64"
	else
		echo "linux-headers-$v"
	fi
}

# stock_release [KVER]: the release of that kernel, e.g. 6.1.0-57-amd64,
# whose installed headers `make` builds against: the VM boots the image of
# exactly that release. Empty when its headers meta-package is missing.
stock_release() {
	local pkg

	pkg=$(stock_headers_pkg "${1:-}")
	if [ "$pkg" = "linux-headers-${1:-}" ]; then
		echo "$1"
		return
	fi
	{ dpkg-query -W -f='${Depends}' "$pkg" 2>/dev/null || true; } |
		sed -n 's/.*linux-headers-\([^ ,]*\).*/\1/p'
}

die() {
	echo "Error: $*" >&2
	exit 1
}
