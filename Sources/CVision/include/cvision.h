#ifndef SHARPEYES_CVISION_H
#define SHARPEYES_CVISION_H

// Native vision code (dlib) behind a plain C interface: opaque handles, status codes, error text.
// No C++ exception crosses this boundary.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cvision_status {
    CVISION_OK = 0,
    CVISION_BAD_ARGUMENT = 1,
    CVISION_MODEL_ERROR = 2,
    CVISION_FAILED = 3
} cvision_status;

/// A face found by the detector, in pixels of the image it was found in.
typedef struct cvision_face_box {
    int32_t left, top, width, height;
    double score;
} cvision_face_box;

/// A packed RGB24 image (rows of `stride` bytes) that the callee only reads.
typedef struct cvision_rgb_image {
    const uint8_t *pixels;
    int32_t width, height, stride;
} cvision_rgb_image;

typedef struct cvision_face_engine cvision_face_engine;

/// Loads the 5-point landmark model and the ResNet embedding model. On failure `error` holds the reason.
cvision_status cvision_face_engine_create(const char *landmarks_path, const char *embedding_path,
                                          cvision_face_engine **engine, char *error, size_t error_size);
void cvision_face_engine_destroy(cvision_face_engine *engine);

/// A deep copy of a loaded engine (parsing the model files takes ~0.7 s; copying them, milliseconds).
/// The source must not be in use by another thread during the copy.
cvision_status cvision_face_engine_copy(const cvision_face_engine *source, cvision_face_engine **engine,
                                        char *error, size_t error_size);

/// HOG frontal-face detection; the image is enlarged 2^upsample times first so small faces are found.
/// Writes up to `capacity` boxes (best first) and the number found to `count` (which may exceed capacity).
cvision_status cvision_face_detect(cvision_face_engine *engine, cvision_rgb_image image, int32_t upsample,
                                   double threshold, cvision_face_box *boxes, int32_t capacity, int32_t *count,
                                   char *error, size_t error_size);

/// The 128-D descriptor of the face in `box`: 5 landmarks, the aligned 150-px chip, the ResNet.
/// `landmarks` (10 floats: x0,y0 … x4,y4) may be NULL.
cvision_status cvision_face_embed(cvision_face_engine *engine, cvision_rgb_image image, cvision_face_box box,
                                  float *descriptor, float *landmarks, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
