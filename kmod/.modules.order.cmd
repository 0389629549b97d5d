cmd_/work/main/kmod/modules.order := {   echo /work/main/kmod/rstguard.ko; :; } > /work/main/kmod/modules.order
