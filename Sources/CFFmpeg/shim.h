#ifndef SHARPEYES_CFFMPEG_SHIM_H
#define SHARPEYES_CFFMPEG_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/time.h>
#include <libswscale/swscale.h>

// The Swift side indexes data/linesize through these helpers; they rely on FFmpeg's fixed plane count.
_Static_assert(AV_NUM_DATA_POINTERS == 8, "AVFrame plane count changed");

// Macros Swift cannot import, as functions.
static inline int CFFmpeg_AVERROR(int errnum) { return AVERROR(errnum); }
static inline int CFFmpeg_AVERROR_EOF(void) { return AVERROR_EOF; }
static inline int CFFmpeg_AVERROR_INVALIDDATA(void) { return AVERROR_INVALIDDATA; }
static inline int CFFmpeg_AVERROR_DECODER_NOT_FOUND(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int CFFmpeg_AVERROR_EXIT(void) { return AVERROR_EXIT; }
static inline int CFFmpeg_AVERROR_STREAM_NOT_FOUND(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int64_t CFFmpeg_AV_NOPTS_VALUE(void) { return AV_NOPTS_VALUE; }

static inline uint8_t *CFFmpeg_frame_data(const AVFrame *frame, int plane) { return frame->data[plane]; }
static inline int CFFmpeg_frame_linesize(const AVFrame *frame, int plane) { return frame->linesize[plane]; }
static inline int CFFmpeg_frame_is_corrupt(const AVFrame *frame) {
    return (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame->decode_error_flags != 0;
}

/// Scales a whole frame into one packed destination plane (RGB24, GRAY8 …).
static inline int CFFmpeg_scale_packed(struct SwsContext *context, const AVFrame *source,
                                       uint8_t *destination, int destination_stride) {
    uint8_t *planes[4] = { destination, NULL, NULL, NULL };
    int strides[4] = { destination_stride, 0, 0, 0 };
    return sws_scale(context, (const uint8_t *const *)source->data, source->linesize, 0, source->height,
                     planes, strides);
}

/// Scales a whole frame into another frame's planes (for the JPEG encoder's YUVJ420P input).
static inline int CFFmpeg_scale_frame(struct SwsContext *context, const AVFrame *source, AVFrame *destination) {
    return sws_scale(context, (const uint8_t *const *)source->data, source->linesize, 0, source->height,
                     destination->data, destination->linesize);
}

/// Deadline and stop flag read by libavformat's interrupt callback, so a blocking open or read on a
/// network source gives up on time and a shutdown request ends it at once.
typedef struct CFFmpeg_Interrupt {
    int64_t deadline_us;   // av_gettime_relative() deadline; 0 = none
    int stop;
} CFFmpeg_Interrupt;

static inline int CFFmpeg_interrupt_callback(void *opaque) {
    CFFmpeg_Interrupt *state = (CFFmpeg_Interrupt *)opaque;
    if (__atomic_load_n(&state->stop, __ATOMIC_ACQUIRE)) return 1;
    int64_t deadline = __atomic_load_n(&state->deadline_us, __ATOMIC_ACQUIRE);
    return deadline > 0 && av_gettime_relative() > deadline;
}

static inline void CFFmpeg_interrupt_install(AVFormatContext *context, CFFmpeg_Interrupt *state) {
    context->interrupt_callback.callback = CFFmpeg_interrupt_callback;
    context->interrupt_callback.opaque = state;
}

static inline void CFFmpeg_interrupt_arm(CFFmpeg_Interrupt *state, int64_t timeout_us) {
    int64_t deadline = timeout_us > 0 ? av_gettime_relative() + timeout_us : 0;
    __atomic_store_n(&state->deadline_us, deadline, __ATOMIC_RELEASE);
}

static inline void CFFmpeg_interrupt_stop(CFFmpeg_Interrupt *state) {
    __atomic_store_n(&state->stop, 1, __ATOMIC_RELEASE);
}

static inline int CFFmpeg_interrupt_is_stopped(CFFmpeg_Interrupt *state) {
    return __atomic_load_n(&state->stop, __ATOMIC_ACQUIRE);
}

static inline int CFFmpeg_interrupt_expired(CFFmpeg_Interrupt *state) {
    int64_t deadline = __atomic_load_n(&state->deadline_us, __ATOMIC_ACQUIRE);
    return deadline > 0 && av_gettime_relative() > deadline;
}

/// Probes the streams with every decoder limited to `max_pixels` per frame, so a header that claims a huge
/// picture cannot make the probe allocate it.
static inline int CFFmpeg_find_stream_info_limited(AVFormatContext *context, int64_t max_pixels) {
    unsigned count = context->nb_streams;
    AVDictionary **options = count > 0 ? av_calloc(count, sizeof(*options)) : NULL;
    if (count > 0 && !options) return AVERROR(ENOMEM);
    for (unsigned i = 0; i < count; i++) av_dict_set_int(&options[i], "max_pixels", max_pixels, 0);
    int status = avformat_find_stream_info(context, options);
    for (unsigned i = 0; i < count; i++) av_dict_free(&options[i]);
    av_freep(&options);
    return status;
}

#ifdef __cplusplus
}
#endif

#endif
