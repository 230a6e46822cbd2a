// A read-only view of packed RGB24 pixels that dlib's generic image interface accepts, so detection and
// landmarking read the caller's buffer without copying it.
#pragma once

#include <cstdint>

#include <dlib/image_processing/generic_image.h>
#include <dlib/pixel.h>

namespace sharpeyes {
struct rgb_view {
    const uint8_t *data;
    long rows;
    long columns;
    long stride;
};

// dlib's generic image interface, found by argument-dependent lookup.
inline long num_rows(const rgb_view &image) { return image.rows; }
inline long num_columns(const rgb_view &image) { return image.columns; }
inline long width_step(const rgb_view &image) { return image.stride; }
inline const void *image_data(const rgb_view &image) { return image.data; }
// Generic dlib code asks for mutable data; a source image is never written through it.
inline void *image_data(rgb_view &image) { return const_cast<uint8_t *>(image.data); }
}  // namespace sharpeyes

namespace dlib {
template <> struct image_traits<sharpeyes::rgb_view> { typedef rgb_pixel pixel_type; };
}  // namespace dlib
