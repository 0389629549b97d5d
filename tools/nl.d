nl.o: nl.c nl.h
nl.h:
