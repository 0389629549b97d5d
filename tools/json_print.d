json_print.o: json_print.c json_print.h
json_print.h:
