rstguard.o: rstguard.c json_print.h rstguard.h nl.h ../kmod/version.h
json_print.h:
rstguard.h:
nl.h:
../kmod/version.h:
