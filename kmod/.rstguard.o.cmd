cmd_/work/main/kmod/rstguard.o := ld -m elf_x86_64 -z noexecstack --no-warn-rwx-segments   -r -o /work/main/kmod/rstguard.o @/work/main/kmod/rstguard.mod 
