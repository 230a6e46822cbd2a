// Whether this CPU has the instructions CVision's C++ was compiled for (cpu_features.cpp), checked before any of
// that code runs: a build for newer CPUs says what is missing and exits 1 instead of dying of SIGILL.
#include "cvision.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern const char cvision_compiled_cpu_features[];

// The target's flags reach this file too (SwiftPM gives C files the C++ flags' -march): every function here is
// compiled for baseline x86-64 instead, so that none of its instructions is one the CPU may lack.
#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute push(__attribute__((target("arch=x86-64"))), apply_to = function)
#endif

#if defined(__x86_64__) || defined(__i386__)
// `__builtin_cpu_supports` takes only a literal, so each name is spelt twice.
static int supports(const char *name) {
    __builtin_cpu_init();  // constructors may run before the one that fills in the CPU model
    if (!strcmp(name, "ssse3")) return __builtin_cpu_supports("ssse3");
    if (!strcmp(name, "sse4.2")) return __builtin_cpu_supports("sse4.2");
    if (!strcmp(name, "popcnt")) return __builtin_cpu_supports("popcnt");
    if (!strcmp(name, "avx")) return __builtin_cpu_supports("avx");  // also checks that the OS saves AVX state
    if (!strcmp(name, "avx2")) return __builtin_cpu_supports("avx2");
    if (!strcmp(name, "fma")) return __builtin_cpu_supports("fma");
    if (!strcmp(name, "bmi")) return __builtin_cpu_supports("bmi");
    if (!strcmp(name, "bmi2")) return __builtin_cpu_supports("bmi2");
    if (!strcmp(name, "f16c")) return __builtin_cpu_supports("f16c");
    if (!strcmp(name, "lzcnt")) return __builtin_cpu_supports("lzcnt");
    if (!strcmp(name, "movbe")) return __builtin_cpu_supports("movbe");
    return 0;
}
#else
static int supports(const char *name) {
    (void)name;
    return 1;
}
#endif

int cvision_cpu_check(char *why, size_t size) {
    char missing[128] = "";
    const char *rest = cvision_compiled_cpu_features;
    while (*rest) {
        while (*rest == ' ') ++rest;
        const size_t length = strcspn(rest, " ");
        char name[16];
        if (length > 0 && length < sizeof name) {
            memcpy(name, rest, length);
            name[length] = 0;
            if (!supports(name) && strlen(missing) + length + 2 < sizeof missing) {
                strcat(missing, " ");
                strcat(missing, name);
            }
        }
        rest += length;
    }
    if (!missing[0]) return 1;
    if (why && size > 0)
        snprintf(why, size,
                 "this build's vision code needs CPU features this CPU lacks:%s (it was compiled for x86-64-v3, "
                 "Haswell or newer; build on this machine without -march=x86-64-v3 in Package.swift's CVision target)",
                 missing);
    return 0;
}

// Before main and before the C++ static initialisers of this target (priority 101 runs first), which are compiled
// with the same flags and could themselves use the missing instructions.
__attribute__((constructor(101))) static void cvision_require_cpu(void) {
    char why[320];
    if (cvision_cpu_check(why, sizeof why)) return;
    fprintf(stderr, "error: %s\n", why);
    _exit(1);
}

#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute pop
#endif
