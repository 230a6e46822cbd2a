// What Swift's Glibc module leaves out: getrandom(2) for ids (Incidents/RandomID.swift) and malloc_trim(3) to give
// freed memory back after a photo search (Recognition/FaceSearch.swift).
#include <sys/random.h>
#include <malloc.h>
