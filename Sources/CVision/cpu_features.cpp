// The instruction-set extensions this target's C++ was compiled to use (Package.swift's -march), as data for the
// check in cpu_check.c. Only a string: no code here runs, so reading it is safe on any CPU.
#include "cvision.h"

extern "C" const char cvision_compiled_cpu_features[] = ""
#ifdef __SSSE3__
    " ssse3"
#endif
#ifdef __SSE4_2__
    " sse4.2"
#endif
#ifdef __POPCNT__
    " popcnt"
#endif
#ifdef __AVX__
    " avx"
#endif
#ifdef __AVX2__
    " avx2"
#endif
#ifdef __FMA__
    " fma"
#endif
#ifdef __BMI__
    " bmi"
#endif
#ifdef __BMI2__
    " bmi2"
#endif
#ifdef __F16C__
    " f16c"
#endif
#ifdef __LZCNT__
    " lzcnt"
#endif
#ifdef __MOVBE__
    " movbe"
#endif
    "";
