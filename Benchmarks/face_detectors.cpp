// HOG against MTCNN, the detector alone, through CVision's C entry points (the same translation units and flags as
// the service): for each image, the faces each finds and the thread CPU time of one detection, runs interleaved
// (HOG, MTCNN, HOG, MTCNN, ...) so a shared machine's load falls on both alike.
// Built and run by Benchmarks/face-detectors.sh.
// Usage: face_detectors MODELS_DIR ITERATIONS IMAGE...   (prints one JSON object per image, one line each)
#include "cvision.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <dlib/image_io.h>

namespace {

double thread_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

void fail(const char *what, const char *error) {
    std::fprintf(stderr, "face_detectors: %s: %s\n", what, error);
    std::exit(1);
}

std::string boxes_json(const std::vector<cvision_face_box> &boxes) {
    std::string out = "[";
    for (size_t i = 0; i < boxes.size(); ++i) {
        char item[128];
        std::snprintf(item, sizeof item, "%s[%d,%d,%d,%d,%.3f]", i ? "," : "", boxes[i].left, boxes[i].top,
                      boxes[i].width, boxes[i].height, boxes[i].score);
        out += item;
    }
    return out + "]";
}

struct Detector {
    const char *name;
    // Detects into `boxes`; returns the thread CPU milliseconds it took.
    double (*run)(void *context, const cvision_rgb_image &image, std::vector<cvision_face_box> &boxes);
    void *context;
    std::vector<double> times;
    std::vector<cvision_face_box> found;
};

struct HogContext {
    cvision_face_engine *engine;
    int upsample;
};

double run_hog(void *context, const cvision_rgb_image &image, std::vector<cvision_face_box> &boxes) {
    auto *hog = static_cast<HogContext *>(context);
    char error[512] = {0};
    int32_t count = 0;
    boxes.assign(64, {});
    const double start = thread_ms();
    if (cvision_face_detect(hog->engine, image, hog->upsample, 0, boxes.data(), 64, &count, error, sizeof error) != CVISION_OK)
        fail("HOG", error);
    const double took = thread_ms() - start;
    boxes.resize(std::min(count, 64));
    return took;
}

struct MtcnnContext {
    cvision_mtcnn *detector;
    int minimum_face;
};

double run_mtcnn(void *context, const cvision_rgb_image &image, std::vector<cvision_face_box> &boxes) {
    auto *mtcnn = static_cast<MtcnnContext *>(context);
    char error[512] = {0};
    int32_t count = 0;
    boxes.assign(64, {});
    const double start = thread_ms();
    if (cvision_mtcnn_detect(mtcnn->detector, image, mtcnn->minimum_face, boxes.data(), nullptr, 64, &count, error,
                             sizeof error) != CVISION_OK)
        fail("MTCNN", error);
    const double took = thread_ms() - start;
    boxes.resize(std::min(count, 64));
    return took;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: face_detectors MODELS_DIR ITERATIONS IMAGE...\n");
        return 2;
    }
    const std::string models = argv[1];
    const int iterations = std::max(1, std::atoi(argv[2]));
    char error[512] = {0};
    cvision_face_engine *engine = nullptr;
    if (cvision_face_engine_create((models + "/shape_predictor_5_face_landmarks.dat").c_str(),
                                   (models + "/dlib_face_recognition_resnet_model_v1.dat").c_str(), &engine, error,
                                   sizeof error) != CVISION_OK)
        fail("dlib models", error);
    cvision_mtcnn *mtcnn = nullptr;
    if (cvision_mtcnn_create((models + "/libonnxruntime.so.1.31.1").c_str(), (models + "/mtcnn_pnet.onnx").c_str(),
                             (models + "/mtcnn_rnet.onnx").c_str(), (models + "/mtcnn_onet.onnx").c_str(), &mtcnn,
                             error, sizeof error) != CVISION_OK)
        fail("MTCNN models", error);
    HogContext hog0{engine, 0}, hog1{engine, 1};
    MtcnnContext mtcnn40{mtcnn, 40}, mtcnn20{mtcnn, 20};
    const bool with_upsampled = std::getenv("UPSAMPLED") && std::string(std::getenv("UPSAMPLED")) == "1";

    for (int a = 3; a < argc; ++a) {
        dlib::array2d<dlib::rgb_pixel> pixels;
        dlib::load_image(pixels, argv[a]);
        const cvision_rgb_image image{reinterpret_cast<const uint8_t *>(&pixels[0][0]),
                                      static_cast<size_t>(pixels.size()) * 3, static_cast<int32_t>(pixels.nc()),
                                      static_cast<int32_t>(pixels.nr()), static_cast<int32_t>(pixels.nc() * 3)};
        std::vector<Detector> detectors = {{"hog_up0", run_hog, &hog0, {}, {}}, {"mtcnn_40", run_mtcnn, &mtcnn40, {}, {}}};
        if (with_upsampled) {
            detectors.push_back({"hog_up1", run_hog, &hog1, {}, {}});
            detectors.push_back({"mtcnn_20", run_mtcnn, &mtcnn20, {}, {}});
        }
        for (auto &d : detectors) d.run(d.context, image, d.found);  // warm-up (first-run allocations)
        for (int i = 0; i < iterations; ++i)
            for (auto &d : detectors) {
                std::vector<cvision_face_box> boxes;
                d.times.push_back(d.run(d.context, image, boxes));
            }
        std::printf("{\"image\":\"%s\",\"width\":%ld,\"height\":%ld", argv[a], pixels.nc(), pixels.nr());
        for (auto &d : detectors)
            std::printf(",\"%s\":{\"faces\":%zu,\"ms_median\":%.2f,\"ms_min\":%.2f,\"boxes\":%s}", d.name, d.found.size(),
                        median(d.times), *std::min_element(d.times.begin(), d.times.end()), boxes_json(d.found).c_str());
        std::printf("}\n");
        std::fflush(stdout);
    }
    cvision_mtcnn_destroy(mtcnn);
    cvision_face_engine_destroy(engine);
    return 0;
}
