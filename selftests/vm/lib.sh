# SPDX-License-Identifier: GPL-2.0
# Shared by the VM scripts: where things live. Sourced, not run.

vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$vm_dir/../.." && pwd)
cache_dir=${RSTGUARD_CACHE:-$repo_dir/.cache}

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
