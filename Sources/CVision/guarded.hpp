// The C boundary of CVision: error text into the caller's buffer, and no C++ exception crossing it.
#pragma once

#include <cstdio>
#include <exception>
#include <string>

#include "cvision.h"

namespace sharpeyes {

/// Writes "`what`: `reason`" (or just `what`) into the caller's buffer. Never allocates and never throws: it runs in
/// catch handlers, where a `bad_alloc` would otherwise escape an `extern "C"` function.
inline void set_error(char *error, size_t size, const char *what, const char *reason = nullptr) noexcept {
    if (!error || size == 0) return;
    if (reason)
        std::snprintf(error, size, "%s: %s", what ? what : "", reason);
    else
        std::snprintf(error, size, "%s", what ? what : "");
}

/// Runs `body`; an exception becomes `failure`, with "`what`: reason" in `error`. Nothing thrown by `body`, or by
/// the handlers, leaves this function.
template <typename Body>
cvision_status guarded(const char *what, cvision_status failure, char *error, size_t error_size, Body &&body) noexcept {
    try {
        body();
        return CVISION_OK;
    } catch (const std::exception &e) {
        set_error(error, error_size, what, e.what());
    } catch (...) {
        set_error(error, error_size, what, "unknown error");
    }
    return failure;
}

}  // namespace sharpeyes
