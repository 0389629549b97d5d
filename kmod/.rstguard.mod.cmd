cmd_/work/main/kmod/rstguard.mod := printf '%s\n'   main.o hooks.o netlink.o stats.o | awk '!x[$$0]++ { print("/work/main/kmod/"$$0) }' > /work/main/kmod/rstguard.mod
