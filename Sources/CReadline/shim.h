// readline.h uses FILE without including stdio.h itself, so stdio comes first.
#include <stdio.h>
#if __has_include(<readline/readline.h>)
#include <readline/readline.h>
#include <readline/history.h>
#else
#error "gradbook needs GNU readline's headers: install them with apt-get install libreadline-dev (Debian, Ubuntu), dnf install readline-devel (Fedora) or brew install readline (macOS), then build again."
#endif
