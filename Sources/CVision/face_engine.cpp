// dlib face detection and embedding, as face_recognition does it (HOG + 5-point landmarks + ResNet 128-D).
#include "cvision.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include "guarded.hpp"
#include "rgb_view.hpp"

namespace {

using namespace dlib;

// The network of dlib_face_recognition_resnet_model_v1 (dlib's dnn_face_recognition_ex.cpp).
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;
template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;
template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;
template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;
using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<
    alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

using sharpeyes::guarded;
using sharpeyes::set_error;

bool valid(const cvision_rgb_image &image) {
    return cvision_rgb_image_is_valid(image);
}

sharpeyes::rgb_view view_of(const cvision_rgb_image &image) {
    return sharpeyes::rgb_view{image.pixels, image.height, image.width, image.stride};
}

// Workers already use every core; OpenBLAS's own threads would only contend with them (a single-worker run
// took 2.3x as long with OpenBLAS threading on). Looked up at run time so any BLAS provider links.
void use_single_threaded_blas() {
    using setter = void (*)(int);
    if (auto set = reinterpret_cast<setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(1);
}

}  // namespace

struct cvision_face_engine {
    frontal_face_detector detector = get_frontal_face_detector();
    shape_predictor landmarks;
    anet_type network;
};

extern "C" cvision_status cvision_face_engine_create(const char *landmarks_path, const char *embedding_path,
                                                     cvision_face_engine **engine, char *error, size_t error_size) {
    if (!landmarks_path || !embedding_path || !engine) {
        set_error(error, error_size, "missing model path");
        return CVISION_BAD_ARGUMENT;
    }
    return guarded("cannot load face models", CVISION_MODEL_ERROR, error, error_size, [&] {
        use_single_threaded_blas();
        auto created = std::make_unique<cvision_face_engine>();
        deserialize(landmarks_path) >> created->landmarks;
        deserialize(embedding_path) >> created->network;
        *engine = created.release();
    });
}

extern "C" void cvision_face_engine_destroy(cvision_face_engine *engine) { delete engine; }

extern "C" cvision_status cvision_face_engine_copy(const cvision_face_engine *source, cvision_face_engine **engine,
                                                   char *error, size_t error_size) {
    if (!source || !engine) {
        set_error(error, error_size, "missing engine to copy");
        return CVISION_BAD_ARGUMENT;
    }
    return guarded("cannot copy face models", CVISION_FAILED, error, error_size,
                   [&] { *engine = new cvision_face_engine(*source); });
}

extern "C" cvision_status cvision_face_detect(cvision_face_engine *engine, cvision_rgb_image image, int32_t upsample,
                                              double threshold, cvision_face_box *boxes, int32_t capacity,
                                              int32_t *count, char *error, size_t error_size) {
    if (!engine || !valid(image) || upsample < 0 || upsample > 3 || !count || capacity < 0 || (capacity > 0 && !boxes)) {
        set_error(error, error_size, "bad arguments to face detection");
        return CVISION_BAD_ARGUMENT;
    }
    return guarded("face detection failed", CVISION_FAILED, error, error_size, [&] {
        std::vector<rect_detection> found;
        pyramid_down<2> pyramid;
        if (upsample == 0) {
            engine->detector(view_of(image), found, threshold);
        } else {
            array2d<rgb_pixel> enlarged;
            pyramid_up(view_of(image), enlarged, pyramid);
            for (int i = 1; i < upsample; ++i) pyramid_up(enlarged, pyramid);
            engine->detector(enlarged, found, threshold);
            for (auto &d : found) d.rect = pyramid.rect_down(d.rect, upsample);
        }
        std::sort(found.begin(), found.end(), [](auto &a, auto &b) { return a.detection_confidence > b.detection_confidence; });
        *count = static_cast<int32_t>(found.size());
        for (int32_t i = 0; i < std::min<int32_t>(capacity, *count); ++i) {
            // Clip to the image, as face_recognition's _trim_css_to_bounds does.
            const rectangle r = found[i].rect.intersect(rectangle(0, 0, image.width - 1, image.height - 1));
            boxes[i] = cvision_face_box{static_cast<int32_t>(r.left()), static_cast<int32_t>(r.top()),
                                        static_cast<int32_t>(r.width()), static_cast<int32_t>(r.height()),
                                        found[i].detection_confidence};
        }
    });
}

extern "C" cvision_status cvision_face_embed(cvision_face_engine *engine, cvision_rgb_image image, cvision_face_box box,
                                             float *descriptor, float *landmarks, char *error, size_t error_size) {
    if (!engine || !valid(image) || !descriptor || box.width <= 0 || box.height <= 0) {
        set_error(error, error_size, "bad arguments to face embedding");
        return CVISION_BAD_ARGUMENT;
    }
    return guarded("face embedding failed", CVISION_FAILED, error, error_size, [&] {
        const auto img = view_of(image);
        const rectangle rect(box.left, box.top, box.left + box.width - 1, box.top + box.height - 1);
        const full_object_detection shape = engine->landmarks(img, rect);
        matrix<rgb_pixel> chip;
        extract_image_chip(img, get_face_chip_details(shape, 150, 0.25), chip);
        const matrix<float, 0, 1> vector = engine->network(chip);
        std::memcpy(descriptor, &vector(0), sizeof(float) * 128);
        if (landmarks) {
            for (unsigned long i = 0; i < shape.num_parts() && i < 5; ++i) {
                landmarks[2 * i] = static_cast<float>(shape.part(i).x());
                landmarks[2 * i + 1] = static_cast<float>(shape.part(i).y());
            }
        }
    });
}
