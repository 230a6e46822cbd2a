// The C boundary of CVision: error text into the caller's buffer, and no C++ exception crossing it.
#pragma once

#include <cstdio>
#include <exception>
#include <string>

#include "cvision.h"

namespace sharpeyes {

inline void set_error(char *error, size_t size, const std::string &message) {
    if (error && size > 0) std::snprintf(error, size, "%s", message.c_str());
}

/// Runs `body`; an exception becomes `failure`, with "`what`: reason" in `error`.
template <typename Body>
cvision_status guarded(const char *what, cvision_status failure, char *error, size_t error_size, Body &&body) {
    try {
        body();
        return CVISION_OK;
    } catch (const std::exception &e) {
        set_error(error, error_size, std::string(what) + ": " + e.what());
    } catch (...) {
        set_error(error, error_size, std::string(what) + ": unknown error");
    }
    return failure;
}

}  // namespace sharpeyes
