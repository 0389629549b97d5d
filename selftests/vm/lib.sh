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

# Release of the Debian kernel whose headers `make` builds against, e.g.
# 6.1.0-56-amd64: the VM boots the image of exactly that release.
stock_release() {
	dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
		sed -n 's/.*linux-headers-\([^ ,]*\).*/\1/p'
}

die() {
	echo "Error: $*" >&2
	exit 1
}
