/*
 * pace/version.h - the version of pace's public headers, for programs that
 * build against them (the in-process benchmark library's users) and want
 * to check at compile time what they got.
 */
#ifndef PACE_PUBLIC_VERSION_H
#define PACE_PUBLIC_VERSION_H

#define PACE_VERSION_MAJOR 0
#define PACE_VERSION_MINOR 1
#define PACE_VERSION_PATCH 0
#define PACE_VERSION_STRING "0.1.0"

#endif
