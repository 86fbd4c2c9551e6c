/*
 * banned.h - functions pace does not use, made compile errors (git's idea).
 * They either overflow silently (strcpy, strcat, sprintf, vsprintf) or
 * keep hidden state (strtok).  Use pace_strbuf, snprintf or strtok_r.
 * Included at the end of util.h, so after every system header.
 */
#ifndef PACE_BANNED_H
#define PACE_BANNED_H

#define PACE_BANNED(func) sorry_##func##_is_banned_in_pace

#undef strcpy
#define strcpy(x, y) PACE_BANNED(strcpy)
#undef strcat
#define strcat(x, y) PACE_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) PACE_BANNED(strncpy)
#undef strtok
#define strtok(x, y) PACE_BANNED(strtok)
#undef sprintf
#define sprintf(...) PACE_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) PACE_BANNED(vsprintf)
#undef gets
#define gets(x) PACE_BANNED(gets)

#endif
