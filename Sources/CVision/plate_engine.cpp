// Licence plates: PaddleOCR's PP-OCRv4 text detector (DBNet) and recogniser (CTC), run by ONNX Runtime's C API,
// with the image work (colour masks, contours, rotated rectangles, perspective crops) done by OpenCV's imgproc.
// Pre- and post-processing follow rapidocr-onnxruntime 1.4.4, the package the models come from.
#include "cvision.h"
#include "guarded.hpp"
#include "plate_issuers.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <onnxruntime_c_api.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace {

using sharpeyes::guarded;
using sharpeyes::set_error;

// MARK: ONNX Runtime, loaded once per process

struct Runtime {
    const OrtApi *api = nullptr;
    OrtEnv *env = nullptr;
    std::string path;
};

std::mutex runtime_mutex;
Runtime *runtime = nullptr;  // never released: sessions of any engine may outlive each other

void check(const OrtApi *api, OrtStatus *status, const char *what) {
    if (!status) return;
    std::string message = std::string(what) + ": " + api->GetErrorMessage(status);
    api->ReleaseStatus(status);
    throw std::runtime_error(message);
}

const Runtime &load_runtime(const std::string &path) {
    std::lock_guard<std::mutex> lock(runtime_mutex);
    if (runtime) {
        if (runtime->path != path)
            throw std::runtime_error("ONNX Runtime is already loaded from " + runtime->path);
        return *runtime;
    }
    void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw std::runtime_error(std::string("cannot load ONNX Runtime: ") + dlerror());
    using get_api_base = const OrtApiBase *(*)();
    auto base = reinterpret_cast<get_api_base>(dlsym(handle, "OrtGetApiBase"));
    if (!base) throw std::runtime_error(path + " has no OrtGetApiBase: not an ONNX Runtime library");
    const OrtApi *api = base()->GetApi(ORT_API_VERSION);
    if (!api)
        throw std::runtime_error(std::string("ONNX Runtime ") + base()->GetVersionString() +
                                 " does not offer C API version " + std::to_string(ORT_API_VERSION));
    auto loaded = std::make_unique<Runtime>();
    loaded->api = api;
    loaded->path = path;
    check(api, api->CreateEnv(ORT_LOGGING_LEVEL_ERROR, "sharpeyes", &loaded->env), "creating the ONNX Runtime environment");
    runtime = loaded.release();
    return *runtime;
}

// One model, run single-threaded (the pipeline's workers are the parallelism).
struct Model {
    const OrtApi *api;
    OrtSession *session = nullptr;
    std::string input, output;

    Model(const Runtime &rt, const std::string &path) : api(rt.api) {
        OrtSessionOptions *options = nullptr;
        check(api, api->CreateSessionOptions(&options), "session options");
        try {
            check(api, api->SetIntraOpNumThreads(options, 1), "threads");
            check(api, api->SetInterOpNumThreads(options, 1), "threads");
            check(api, api->SetSessionExecutionMode(options, ORT_SEQUENTIAL), "execution mode");
            check(api, api->SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL), "optimisation level");
            check(api, api->AddSessionConfigEntry(options, "session.intra_op.allow_spinning", "0"), "spinning");
            check(api, api->CreateSession(rt.env, path.c_str(), options, &session), path.c_str());
        } catch (...) {
            api->ReleaseSessionOptions(options);
            throw;
        }
        api->ReleaseSessionOptions(options);
        // The destructor does not run for a constructor that throws: release the session here if naming fails.
        try {
            input = name(true);
            output = name(false);
        } catch (...) {
            api->ReleaseSession(session);
            session = nullptr;
            throw;
        }
    }
    ~Model() {
        if (session) api->ReleaseSession(session);
    }
    Model(const Model &) = delete;
    Model &operator=(const Model &) = delete;

    std::string name(bool is_input) const {
        OrtAllocator *allocator = nullptr;
        check(api, api->GetAllocatorWithDefaultOptions(&allocator), "allocator");
        char *value = nullptr;
        check(api, is_input ? api->SessionGetInputName(session, 0, allocator, &value)
                            : api->SessionGetOutputName(session, 0, allocator, &value), "model input/output name");
        std::string result(value);
        check(api, api->AllocatorFree(allocator, value), "freeing a model string");
        return result;
    }

    std::string metadata(const char *key) const {
        OrtModelMetadata *metadata = nullptr;
        check(api, api->SessionGetModelMetadata(session, &metadata), "model metadata");
        OrtAllocator *allocator = nullptr;
        char *value = nullptr;
        OrtStatus *status = api->GetAllocatorWithDefaultOptions(&allocator);
        if (!status) status = api->ModelMetadataLookupCustomMetadataMap(metadata, allocator, key, &value);
        api->ReleaseModelMetadata(metadata);
        check(api, status, "model metadata");
        if (!value) return {};
        std::string result(value);
        check(api, api->AllocatorFree(allocator, value), "freeing a model string");
        return result;
    }

    // Runs the model on one NCHW float tensor; returns the output's shape and values.
    std::vector<float> run(std::vector<float> &input_values, const std::array<int64_t, 4> &shape,
                           std::vector<int64_t> &output_shape) const {
        OrtMemoryInfo *memory = nullptr;
        check(api, api->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory), "memory info");
        OrtValue *tensor = nullptr;
        OrtStatus *status = api->CreateTensorWithDataAsOrtValue(memory, input_values.data(),
                                                                input_values.size() * sizeof(float), shape.data(),
                                                                shape.size(), ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &tensor);
        api->ReleaseMemoryInfo(memory);
        check(api, status, "input tensor");
        const char *input_names[] = {input.c_str()};
        const char *output_names[] = {output.c_str()};
        OrtValue *result = nullptr;
        status = api->Run(session, nullptr, input_names, &tensor, 1, output_names, 1, &result);
        api->ReleaseValue(tensor);
        check(api, status, "running the model");
        std::vector<float> values;
        try {
            OrtTensorTypeAndShapeInfo *info = nullptr;
            check(api, api->GetTensorTypeAndShape(result, &info), "output shape");
            size_t rank = 0, count = 0;
            status = api->GetDimensionsCount(info, &rank);
            if (!status) {
                output_shape.assign(rank, 0);
                status = api->GetDimensions(info, output_shape.data(), rank);
            }
            if (!status) status = api->GetTensorShapeElementCount(info, &count);
            api->ReleaseTensorTypeAndShapeInfo(info);
            check(api, status, "output shape");
            float *data = nullptr;
            check(api, api->GetTensorMutableData(result, reinterpret_cast<void **>(&data)), "output data");
            values.assign(data, data + count);
        } catch (...) {
            api->ReleaseValue(result);
            throw;
        }
        api->ReleaseValue(result);
        return values;
    }
};

// MARK: Plate syntax, for decoding position by position

std::vector<std::string> split_utf8(const std::string &text) {
    std::vector<std::string> characters;
    for (size_t i = 0; i < text.size();) {
        unsigned char lead = static_cast<unsigned char>(text[i]);
        size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        characters.push_back(text.substr(i, length));
        i += length;
    }
    return characters;
}

const char *const provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const char *const suffixes = "学警挂港澳";  // as PlateText.suffixes

// `issuer_o`: O is never a serial character but is the issuing-office letter of public-security plates (粤O).
enum CharacterClass : uint8_t { other = 0, province = 1, letter = 2, digit = 4, suffix = 8, separator = 16, issuer_o = 32 };

// MARK: The engine

struct Quad {
    std::array<cv::Point2f, 4> corners;  // top-left, top-right, bottom-right, bottom-left
    float score;
};

float side(const cv::Point2f &a, const cv::Point2f &b) { return std::hypot(a.x - b.x, a.y - b.y); }

// rapidocr's get_mini_boxes: the rotated rectangle's corners in reading order.
std::array<cv::Point2f, 4> reading_order(const cv::RotatedRect &rect) {
    cv::Point2f p[4];
    rect.points(p);
    std::sort(p, p + 4, [](const cv::Point2f &a, const cv::Point2f &b) { return a.x < b.x; });
    cv::Point2f top_left = p[0].y <= p[1].y ? p[0] : p[1], bottom_left = p[0].y <= p[1].y ? p[1] : p[0];
    cv::Point2f top_right = p[2].y <= p[3].y ? p[2] : p[3], bottom_right = p[2].y <= p[3].y ? p[3] : p[2];
    return {top_left, top_right, bottom_right, bottom_left};
}

// Writes an RGB crop as a normalised NCHW tensor in the BGR channel order the Paddle models were trained on.
void to_tensor(const cv::Mat &rgb, std::vector<float> &tensor, size_t offset, float scale, const float mean[3],
               const float deviation[3], int stride_width) {
    const int plane = rgb.rows * stride_width;
    for (int c = 0; c < 3; ++c) {
        const int source_channel = 2 - c;
        const float a = scale / deviation[c], b = -mean[c] / deviation[c];
        float *out = tensor.data() + offset + static_cast<size_t>(c) * plane;
        for (int y = 0; y < rgb.rows; ++y) {
            const uint8_t *row = rgb.ptr<uint8_t>(y);
            float *target = out + static_cast<size_t>(y) * stride_width;
            for (int x = 0; x < rgb.cols; ++x) target[x] = row[x * 3 + source_channel] * a + b;
        }
    }
}

}  // namespace

struct cvision_plate_engine {
    std::unique_ptr<Model> detector, recogniser;
    std::vector<std::string> characters;  // index 0 is CTC's blank
    std::vector<uint8_t> classes;
    std::vector<size_t> province_indices, letter_indices;  // classes that may begin a plate / follow its province

    cvision_plate_engine(const Runtime &rt, const std::string &detector_path, const std::string &recogniser_path) {
        detector = std::make_unique<Model>(rt, detector_path);
        recogniser = std::make_unique<Model>(rt, recogniser_path);
        std::string list = recogniser->metadata("character");
        if (list.empty()) throw std::runtime_error(recogniser_path + " has no 'character' list in its metadata");
        characters.push_back("");
        size_t start = 0;
        while (start <= list.size()) {
            size_t end = list.find('\n', start);
            if (end == std::string::npos) end = list.size();
            if (end > start) characters.push_back(list.substr(start, end - start));
            start = end + 1;
        }
        characters.push_back(" ");
        classes.assign(characters.size(), other);
        const std::string province_list(provinces), suffix_list(suffixes);
        for (size_t i = 1; i < characters.size(); ++i) {
            const std::string &c = characters[i];
            if (c.size() == 1 && c[0] >= 'A' && c[0] <= 'Z' && c[0] != 'I' && c[0] != 'O') classes[i] = letter;
            else if (c == "O") classes[i] = issuer_o;
            else if (c.size() == 1 && c[0] >= '0' && c[0] <= '9') classes[i] = digit;
            else if (c.size() == 1 && (c[0] == '.' || c[0] == '-' || c[0] == ' ' || c[0] == ':')) classes[i] = separator;
            else if (c == "·" || c == "•" || c == "・") classes[i] = separator;
            else if (c.size() > 1 && province_list.find(c) != std::string::npos) classes[i] = province;
            else if (c.size() > 1 && suffix_list.find(c) != std::string::npos) classes[i] = suffix;
            if (classes[i] == province) province_indices.push_back(i);
            if (classes[i] & (letter | issuer_o)) letter_indices.push_back(i);
        }
    }

    // MARK: Detection

    // The detector over `region` of `image`, scaled by `scale` (then to multiples of 32); boxes in image pixels.
    std::vector<Quad> detect(const cv::Mat &image, const cv::Rect &region, double scale) const {
        const cv::Mat crop = image(region);
        const int width = std::max(32, static_cast<int>(std::lround(region.width * scale / 32.0)) * 32);
        const int height = std::max(32, static_cast<int>(std::lround(region.height * scale / 32.0)) * 32);
        cv::Mat resized;
        cv::resize(crop, resized, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
        static const float mean[3] = {0.485f, 0.456f, 0.406f}, deviation[3] = {0.229f, 0.224f, 0.225f};
        std::vector<float> input(static_cast<size_t>(3) * width * height);
        to_tensor(resized, input, 0, 1.0f / 255.0f, mean, deviation, width);
        std::vector<int64_t> shape;
        std::vector<float> map = detector->run(input, {1, 3, height, width}, shape);
        if (shape.size() != 4 || shape[2] != height || shape[3] != width)
            throw std::runtime_error("the detector's output does not have the input's size");
        cv::Mat probability(height, width, CV_32F, map.data());
        cv::Mat bitmap = probability > 0.3f;
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(bitmap, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
        std::vector<Quad> quads;
        const float sx = static_cast<float>(region.width) / width, sy = static_cast<float>(region.height) / height;
        for (size_t i = 0; i < contours.size() && i < 1000; ++i) {
            const cv::RotatedRect rect = cv::minAreaRect(contours[i]);
            if (std::min(rect.size.width, rect.size.height) < 3) continue;
            const float score = mean_inside(probability, reading_order(rect));
            if (score < 0.5f) continue;
            // Unclip (ratio 1.6): a rectangle offset outwards by area * ratio / perimeter on every side.
            const float w = rect.size.width, h = rect.size.height;
            const float distance = w * h * 1.6f / (2.0f * (w + h));
            const cv::RotatedRect grown(rect.center, cv::Size2f(w + 2 * distance, h + 2 * distance), rect.angle);
            if (std::min(grown.size.width, grown.size.height) < 5) continue;
            Quad quad{reading_order(grown), score};
            for (auto &corner : quad.corners) {
                corner.x = std::clamp(corner.x * sx, 0.0f, static_cast<float>(region.width)) + region.x;
                corner.y = std::clamp(corner.y * sy, 0.0f, static_cast<float>(region.height)) + region.y;
            }
            quads.push_back(quad);
        }
        return quads;
    }

    static float mean_inside(const cv::Mat &probability, const std::array<cv::Point2f, 4> &corners) {
        cv::Rect box = cv::boundingRect(std::vector<cv::Point2f>(corners.begin(), corners.end())) &
                       cv::Rect(0, 0, probability.cols, probability.rows);
        if (box.area() == 0) return 0;
        cv::Mat mask = cv::Mat::zeros(box.size(), CV_8U);
        std::vector<cv::Point> polygon;
        for (const auto &c : corners) polygon.emplace_back(cvRound(c.x) - box.x, cvRound(c.y) - box.y);
        cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{polygon}, cv::Scalar(1));
        return static_cast<float>(cv::mean(probability(box), mask)[0]);
    }

    struct Blob {
        cv::Rect box;       // in the pixels of the scaled image it was found in
        double work_scale;  // that image's scale
        double score;
        double thickness;   // the plate's height in image pixels (the rotated rectangle's short side when upright)
        cv::Rect2d full() const {
            return {box.x / work_scale, box.y / work_scale, box.width / work_scale, box.height / work_scale};
        }
    };

    // Plate-coloured (blue, yellow, green) and edge-dense (text) blobs of a plate's shape in `image` scaled so its
    // long side is `work_side`, whose short side there is from `thinnest` to `thickest` pixels.
    static std::vector<Blob> blobs_at(const cv::Mat &image, double work_side, float thinnest, float thickest) {
        const double work_scale = std::min(1.0, work_side / std::max(image.cols, image.rows));
        // The closing kernels join a plate's characters into one blob: sized for 640 px, grown with the work size.
        const double k = work_side / 640.0;
        const cv::Size colour_kernel(cvRound(9 * k), cvRound(3 * k)), edge_kernel(cvRound(15 * k), cvRound(3 * k));
        cv::Mat small;
        cv::resize(image, small, cv::Size(), work_scale, work_scale, cv::INTER_AREA);
        cv::Mat hsv, gray, gradient, edges;
        cv::cvtColor(small, hsv, cv::COLOR_RGB2HSV);
        cv::cvtColor(small, gray, cv::COLOR_RGB2GRAY);
        cv::Sobel(gray, gradient, CV_16S, 1, 0, 3);
        cv::convertScaleAbs(gradient, gradient);
        cv::threshold(gradient, edges, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);

        std::vector<Blob> blobs;
        auto collect = [&](const cv::Mat &mask, cv::Size close, bool colour) {
            cv::Mat closed;
            cv::morphologyEx(mask, closed, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, close));
            std::vector<std::vector<cv::Point>> contours;
            cv::findContours(closed, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
            for (const auto &contour : contours) {
                const cv::RotatedRect rect = cv::minAreaRect(contour);
                const float long_side = std::max(rect.size.width, rect.size.height);
                const float short_side = std::min(rect.size.width, rect.size.height);
                if (short_side < thinnest || short_side > thickest || long_side < 20) continue;
                const float aspect = long_side / short_side;
                if (aspect < 1.5f || aspect > 7.0f) continue;
                const cv::Rect box = rect.boundingRect() & cv::Rect(0, 0, small.cols, small.rows);
                // A plate turned near 90° stands upright; anything else taller than wide is a pole or a column
                // (of edges, mostly: upright blobs are taken only when they have a plate's colour).
                const bool upright = box.height > box.width;
                if (box.area() == 0 || (upright && (!colour || box.height < 1.8 * box.width || aspect < 2.0f))) continue;
                const double fill = cv::contourArea(contour) / std::max(1.0f, long_side * short_side);
                const double edge_density = cv::mean(edges(box))[0] / 255.0;
                if (fill < 0.45 || edge_density < 0.12) continue;
                double score = fill * edge_density * (colour ? 2.0 : 1.0);
                // Plates have text: a strip of even colour (sky, a painted wall) has few edges.
                score *= 1.0 - std::abs(aspect - 3.5) / 7.0;
                if (upright) score *= 0.5;  // rarer than level plates: they come after those
                blobs.push_back({box, work_scale, score, upright ? short_side / work_scale : box.height / work_scale});
            }
        };
        cv::Mat mask;
        cv::inRange(hsv, cv::Scalar(100, 90, 50), cv::Scalar(125, 255, 255), mask);  // blue
        collect(mask, colour_kernel, true);
        cv::inRange(hsv, cv::Scalar(15, 90, 90), cv::Scalar(35, 255, 255), mask);  // yellow
        collect(mask, colour_kernel, true);
        cv::inRange(hsv, cv::Scalar(35, 40, 90), cv::Scalar(85, 255, 255), mask);  // green (new energy)
        collect(mask, colour_kernel, true);
        collect(edges, edge_kernel, false);
        return blobs;
    }

    // The best plate-shaped blobs, as windows around them in image pixels, each with the scale that brings the
    // plate to about 40 px high for the detector. Blobs are found at 640 px; a frame wider than 1280 px is also
    // looked at with 960 px for plates too thin to show at 640 (a 16 px plate in a 1920 px frame is 5 px there) or
    // barely showing (up to 24 px at 1920: 8 px at 640, where the characters' blob often breaks apart). 5–12 px at
    // 960 read the most plates of the small-plate set without losing any of the dev photos (9 px: 3 fewer, 16: 1
    // dev plate lost).
    std::vector<std::pair<cv::Rect, double>> candidates(const cv::Mat &image, int limit) const {
        const int long_side = std::max(image.cols, image.rows);
        std::vector<Blob> blobs = blobs_at(image, 640.0, 6.0f, 1e9f);
        if (long_side > 1280) {
            const std::vector<Blob> thin = blobs_at(image, 960.0, 5.0f, 12.0f);
            blobs.insert(blobs.end(), thin.begin(), thin.end());
        }
        std::sort(blobs.begin(), blobs.end(), [](const Blob &a, const Blob &b) { return a.score > b.score; });
        // `limit` level blobs, and one upright blob besides: poles and columns must not take a level plate's place.
        std::vector<Blob> kept;
        int level = 0, upright = 0;
        for (const Blob &blob : blobs) {
            bool overlaps = false;
            for (const Blob &other : kept) {
                const cv::Rect2d a = blob.full(), b = other.full();
                if ((a & b).area() > 0.5 * std::min(a.area(), b.area())) { overlaps = true; break; }
            }
            const bool is_upright = blob.box.height > blob.box.width;
            if (overlaps || (is_upright ? upright >= 1 : level >= limit)) continue;
            kept.push_back(blob);
            ++(is_upright ? upright : level);
            if (level >= limit && upright >= 1) break;
        }
        std::vector<std::pair<cv::Rect, double>> windows;
        const cv::Rect bounds(0, 0, image.cols, image.rows);
        for (const Blob &blob : kept) {
            const cv::Rect2d box = blob.full();
            const double x = box.x, y = box.y, w = box.width, h = box.height;
            // Colour blobs often miss the province character or a row of text: look around them generously
            // (along the blob's long side, which is its height for a plate turned near 90°).
            const bool upright = h > w;
            const cv::Rect window = (upright ? cv::Rect(cvRound(x - 1.0 * w), cvRound(y - 0.4 * h), cvRound(3.0 * w),
                                                        cvRound(1.8 * h))
                                             : cv::Rect(cvRound(x - 0.4 * w), cvRound(y - 1.0 * h), cvRound(1.8 * w),
                                                        cvRound(3.0 * h))) & bounds;
            if (window.area() == 0) continue;
            // About 40 px for the plate's height (the blob's short side when upright); but a blob that merged with a bumper or
            // grille is taller than the plate in it, so a large window is never shrunk below 480 px on its long side.
            const double thickness = blob.thickness;
            const double scale = std::clamp(std::max(40.0 / thickness, std::min(1.0, 480.0 / std::max(window.width, window.height))),
                                            0.25, 2.5);
            windows.emplace_back(window, scale);
        }
        return windows;
    }

    // MARK: Reading

    cvision_plate_read read(const cv::Mat &image, const Quad &quad, int recogniser_width) const {
        const auto &p = quad.corners;
        // A box standing upright is a plate turned near 90°, one way or the other: read it both ways round.
        if (side(p[0], p[3]) > 1.3f * side(p[0], p[1])) {
            Quad clockwise = quad, anticlockwise = quad;
            for (size_t i = 0; i < 4; ++i) {
                clockwise.corners[i] = p[(i + 1) % 4];
                anticlockwise.corners[i] = p[(i + 3) % 4];
            }
            const cvision_plate_read a = read_upright(image, clockwise, recogniser_width);
            const cvision_plate_read b = read_upright(image, anticlockwise, recogniser_width);
            return plausibility(b) > plausibility(a) ? b : a;
        }
        return read_upright(image, quad, recogniser_width);
    }

    // A read is a plate when its characters follow the plate syntax; among reads that are, the surest wins.
    float plausibility(const cvision_plate_read &read) const {
        const float weakest = read.character_count > 0
            ? *std::min_element(read.character_confidences, read.character_confidences + std::min(read.character_count, 24))
            : 0.0f;
        return (follows_syntax(read.text) ? 1.0f : 0.0f) + weakest;
    }

    bool follows_syntax(const char *text) const {
        const std::vector<std::string> split = split_utf8(text);
        if (split.size() != 7 && split.size() != 8) return false;
        for (size_t i = 0; i < split.size(); ++i) {
            const uint8_t c = class_of(split[i]);
            const uint8_t allowed = i == 0 ? province : i == 1 ? (letter | issuer_o)
                                  : i + 1 == split.size() ? (letter | digit | suffix) : (letter | digit);
            if (!(c & allowed)) return false;
        }
        return true;
    }

    uint8_t class_of(const std::string &character) const {
        const size_t index = index_of(character);
        return index < classes.size() ? classes[index] : static_cast<uint8_t>(other);
    }

    cvision_plate_read read_upright(const cv::Mat &image, const Quad &quad, int recogniser_width) const {
        cvision_plate_read result = recognise(image, quad, recogniser_width);
        // Six characters starting with a letter: the detector's box most likely stopped short of the province
        // character (a blurred or dark Chinese character gives it less response than the serial). Look again with
        // the box grown leftwards by about one character.
        if (result.character_count == 6 && std::string(result.text).size() == 6 && result.text[0] >= 'A' &&
            result.text[0] <= 'Z') {
            Quad grown = quad;
            auto &p = grown.corners;
            const cv::Point2f along = (p[1] - p[0]) * 0.22f, along_bottom = (p[2] - p[3]) * 0.22f;
            p[0] -= along;
            p[3] -= along_bottom;
            clamp_to(image, grown);
            cvision_plate_read again = recognise(image, grown, recogniser_width);
            if (again.character_count == 7 && classes_of_first(again.text) == province) result = again;
        }
        if (!follows_syntax(result.text)) {
            cvision_plate_read two_rows{};
            if (read_two_rows(image, quad, result, two_rows)) result = two_rows;
        }
        return result;
    }

    // MARK: Two-row plates (lorry and trailer rears: province and letter small above, the five-character serial
    // large below)

    // `single` is `quad` read as one line. Either the detector boxed only the lower row (five serial characters:
    // the upper row is looked for above it), or it boxed both rows as one (a box about twice as wide as high: split
    // at the rows' proportions, 60 mm over 110 mm characters). The rows are read apart and joined when the upper
    // row reads as a province and an issuing letter.
    bool read_two_rows(const cv::Mat &image, const Quad &quad, const cvision_plate_read &single,
                       cvision_plate_read &joined) const {
        const auto &p = quad.corners;
        const cv::Point2f up = p[0] - p[3], along = p[1] - p[0];
        Quad upper = quad, lower = quad;
        cvision_plate_read lower_read = single;
        if (is_serial_row(single.text)) {
            const cv::Point2f inset = along * 0.15f;
            upper.corners = {p[0] + inset + up * 0.8f, p[1] - inset + up * 0.8f, p[1] - inset, p[0] + inset};
        } else if (side(p[0], p[1]) < 2.6f * side(p[0], p[3])) {
            const cv::Point2f inset = along * 0.15f, split = -up * 0.4f;
            upper.corners = {p[0] + inset, p[1] - inset, p[1] - inset + split, p[0] + inset + split};
            lower.corners = {p[0] + split, p[1] + split, p[2], p[3]};
            lower_read = recognise(image, lower, 0);
            if (!is_serial_row(lower_read.text)) return false;
        } else {
            return false;
        }
        clamp_to(image, upper);
        const cvision_plate_read upper_read = recognise(image, upper, 0, true);
        if (upper_read.character_count != 2 || classes_of_first(upper_read.text) != province) return false;
        joined = lower_read;
        std::snprintf(joined.text, sizeof joined.text, "%s%s", upper_read.text, lower_read.text);
        joined.character_count = 2 + lower_read.character_count;
        std::copy(upper_read.character_confidences, upper_read.character_confidences + 2, joined.character_confidences);
        std::copy(lower_read.character_confidences, lower_read.character_confidences + lower_read.character_count,
                  joined.character_confidences + 2);
        const Quad whole{{upper.corners[0], upper.corners[1], lower.corners[2], lower.corners[3]}, quad.score};
        set_box(image, whole, joined);
        return true;
    }

    // Five letters and digits (the last may be a suffix): the serial, without province or letter.
    bool is_serial_row(const char *text) const {
        const std::vector<std::string> split = split_utf8(text);
        if (split.size() != 5) return false;
        for (size_t i = 0; i < split.size(); ++i)
            if (!(class_of(split[i]) & (i + 1 == split.size() ? (letter | digit | suffix) : (letter | digit)))) return false;
        return true;
    }

    static void clamp_to(const cv::Mat &image, Quad &quad) {
        for (auto &corner : quad.corners) {
            corner.x = std::clamp(corner.x, 0.0f, static_cast<float>(image.cols - 1));
            corner.y = std::clamp(corner.y, 0.0f, static_cast<float>(image.rows - 1));
        }
    }

    static void set_box(const cv::Mat &image, const Quad &quad, cvision_plate_read &result) {
        const auto &p = quad.corners;
        for (int i = 0; i < 4; ++i) {
            result.corners[2 * i] = p[i].x;
            result.corners[2 * i + 1] = p[i].y;
        }
        const cv::Rect box = cv::boundingRect(std::vector<cv::Point2f>(p.begin(), p.end())) &
                             cv::Rect(0, 0, image.cols, image.rows);
        result.left = box.x;
        result.top = box.y;
        result.width = box.width;
        result.height = box.height;
    }

    size_t index_of(const std::string &character) const {
        return static_cast<size_t>(std::find(characters.begin(), characters.end(), character) - characters.begin());
    }

    uint8_t classes_of_first(const char *text) const {
        const std::vector<std::string> split = split_utf8(text);
        if (split.empty()) return other;
        const auto found = std::find(characters.begin(), characters.end(), split.front());
        return found == characters.end() ? other : classes[static_cast<size_t>(found - characters.begin())];
    }

    // `upper_row`: the crop is the upper row of a two-row plate, decoded as a province and a letter.
    cvision_plate_read recognise(const cv::Mat &image, const Quad &quad, int recogniser_width,
                                 bool upper_row = false) const {
        const auto &p = quad.corners;
        const int width = std::max(1, cvRound(std::max(side(p[0], p[1]), side(p[3], p[2]))));
        const int height = std::max(1, cvRound(std::max(side(p[0], p[3]), side(p[1], p[2]))));
        const cv::Point2f target[4] = {{0, 0}, {static_cast<float>(width), 0},
                                       {static_cast<float>(width), static_cast<float>(height)},
                                       {0, static_cast<float>(height)}};
        const cv::Mat transform = cv::getPerspectiveTransform(p.data(), target);
        cv::Mat crop;
        cv::warpPerspective(image, crop, transform, cv::Size(width, height), cv::INTER_CUBIC, cv::BORDER_REPLICATE);

        const int input_height = 48;
        const int natural = static_cast<int>(std::ceil(input_height * static_cast<double>(width) / height));
        const int input_width = recogniser_width > 0 ? recogniser_width : std::clamp((natural + 7) / 8 * 8, 48, 320);
        const int resized_width = std::clamp(natural, 1, input_width);
        cv::Mat resized;
        cv::resize(crop, resized, cv::Size(resized_width, input_height), 0, 0, cv::INTER_LINEAR);
        static const float mean[3] = {0.5f, 0.5f, 0.5f}, deviation[3] = {0.5f, 0.5f, 0.5f};
        std::vector<float> input(static_cast<size_t>(3) * input_height * input_width, 0.0f);
        to_tensor(resized, input, 0, 1.0f / 255.0f, mean, deviation, input_width);
        std::vector<int64_t> shape;
        const std::vector<float> probabilities =
            recogniser->run(input, {1, 3, input_height, input_width}, shape);
        if (shape.size() != 3 || shape[2] != static_cast<int64_t>(characters.size()))
            throw std::runtime_error("the recogniser's classes do not match its character list");

        cvision_plate_read result{};
        set_box(image, quad, result);
        result.detector_score = quad.score;
        decode(probabilities, static_cast<int>(shape[1]), result, upper_row);
        result.colour = colour_of(crop);
        return result;
    }

    struct Issuer {
        size_t province = 0, letter = 0;  // 0: no province/letter pair close enough to the greedy read
        float province_confidence = 0, letter_confidence = 0;
    };

    // The province and issuing letter decided together: every province the first character could be (within 10×
    // of the likeliest character there, as the greedy re-decision allows) against every letter the second could be,
    // scored by both confidences and the pair's prior (`issuer_prior`). A round second character read as the digit
    // 0 counts, at half weight, for O, Q and D — the letters it is confused with.
    template <typename First, typename Second>
    Issuer decide_issuer(First first, Second second, float first_best, float second_best, bool police) const {
        const size_t zero = index_of("0");
        Issuer best;
        float best_score = 0;
        for (size_t p : province_indices) {
            const float pc = first(p);
            if (pc < 0.02f || pc < 0.1f * first_best) continue;
            for (size_t l : letter_indices) {
                float lc = second(l);
                const std::string &letter = characters[l];
                if (zero < characters.size() && (letter == "O" || letter == "Q" || letter == "D"))
                    lc = std::max(lc, 0.5f * second(zero));
                if (lc < 0.02f || lc < 0.1f * second_best) continue;
                const float score = pc * lc * sharpeyes::issuer_prior(characters[p], letter, police);
                if (score > best_score) {
                    best_score = score;
                    best = {p, l, pc, lc};
                }
            }
        }
        return best;
    }

    // CTC greedy decoding into runs of one character; then, when the runs (separators aside) number 7 or 8, the
    // province and letter are decided together (`decide_issuer`) and each other run is re-decided among the
    // characters its position allows on a plate, if that is not far less likely. The upper row of a two-row plate
    // (two runs) gets the province-and-letter decision only.
    void decode(const std::vector<float> &probabilities, int steps, cvision_plate_read &result,
                bool upper_row = false) const {
        const size_t classes_count = characters.size();
        struct Run { int first, last; size_t best; };
        std::vector<Run> runs;
        size_t previous = 0;
        for (int t = 0; t < steps; ++t) {
            const float *row = probabilities.data() + static_cast<size_t>(t) * classes_count;
            const size_t best = static_cast<size_t>(std::max_element(row, row + classes_count) - row);
            if (best != 0 && best != previous) runs.push_back({t, t, best});
            else if (best != 0 && !runs.empty()) runs.back().last = t;
            previous = best;
        }
        runs.erase(std::remove_if(runs.begin(), runs.end(), [&](const Run &run) { return classes[run.best] == separator; }),
                   runs.end());
        const bool plate_shaped = runs.size() == 7 || runs.size() == 8;
        auto confidence_in = [&](const Run &run, size_t index) {
            float value = 0;
            for (int t = run.first; t <= run.last; ++t)
                value = std::max(value, probabilities[static_cast<size_t>(t) * classes_count + index]);
            return value;
        };
        // The evidence for a character over its whole run (its peak alone lets one odd timestep outvote the rest).
        auto mean_in = [&](const Run &run, size_t index) {
            float sum = 0;
            for (int t = run.first; t <= run.last; ++t) sum += probabilities[static_cast<size_t>(t) * classes_count + index];
            return sum / static_cast<float>(run.last - run.first + 1);
        };
        Issuer issuer{};
        if (plate_shaped || (upper_row && runs.size() == 2)) {
            const bool police = characters[runs.back().best] == "警";
            issuer = decide_issuer([&](size_t index) { return mean_in(runs[0], index); },
                                   [&](size_t index) { return mean_in(runs[1], index); },
                                   mean_in(runs[0], runs[0].best), mean_in(runs[1], runs[1].best), police);
            if (issuer.province) {
                issuer.province_confidence = confidence_in(runs[0], issuer.province);
                issuer.letter_confidence = std::max(confidence_in(runs[1], issuer.letter), issuer.letter_confidence);
            }
        }
        std::string text;
        int count = 0;
        for (size_t position = 0; position < runs.size(); ++position) {
            const Run &run = runs[position];
            auto confidence = [&](size_t index) { return confidence_in(run, index); };
            size_t chosen = run.best;
            float chosen_confidence = confidence(run.best);
            if (issuer.province && position < 2) {
                chosen = position == 0 ? issuer.province : issuer.letter;
                chosen_confidence = position == 0 ? issuer.province_confidence : issuer.letter_confidence;
            } else if (plate_shaped && position >= 2 && (classes[run.best] & issuer_o || characters[run.best] == "I")) {
                // O and I are never serial characters: take the likelier of the characters they are confused with.
                const char *const look_alikes = characters[run.best] == "I" ? "1" : "0DQ";
                float best_look_alike = -1;
                for (const char *c = look_alikes; *c; ++c) {
                    const size_t index = index_of(std::string(1, *c));
                    if (index < classes_count && confidence(index) > best_look_alike) {
                        chosen = index;
                        best_look_alike = confidence(index);
                    }
                }
                chosen_confidence = std::max(chosen_confidence * 0.5f, best_look_alike);
            } else if (plate_shaped) {
                uint8_t allowed = position == 0 ? province
                                : position == 1 ? (letter | issuer_o)
                                : position + 1 == runs.size() ? (letter | digit | suffix)
                                                              : (letter | digit);
                if (!(classes[run.best] & allowed)) {
                    size_t alternative = 0;
                    float alternative_confidence = 0;
                    for (size_t index = 1; index < classes_count; ++index) {
                        if (!(classes[index] & allowed)) continue;
                        const float value = confidence(index);
                        if (value > alternative_confidence) { alternative = index; alternative_confidence = value; }
                    }
                    // Only a close second: a sign's "市" must not turn into a province.
                    if (alternative && alternative_confidence >= 0.1f * chosen_confidence && alternative_confidence >= 0.02f) {
                        chosen = alternative;
                        chosen_confidence = alternative_confidence;
                    }
                }
            }
            if (text.size() + characters[chosen].size() >= CVISION_PLATE_TEXT_CAPACITY) break;
            text += characters[chosen];
            if (count < CVISION_PLATE_MAX_CHARACTERS) result.character_confidences[count] = chosen_confidence;
            ++count;
        }
        std::snprintf(result.text, sizeof result.text, "%s", text.c_str());
        result.character_count = std::min(count, static_cast<int>(CVISION_PLATE_MAX_CHARACTERS));
    }

    // The plate's background colour: the commonest hue among saturated pixels, else white or black by brightness.
    static cvision_plate_colour colour_of(const cv::Mat &crop) {
        cv::Mat hsv;
        cv::cvtColor(crop, hsv, cv::COLOR_RGB2HSV);
        int blue = 0, yellow = 0, green = 0, bright = 0, dark = 0;
        const int total = hsv.rows * hsv.cols;
        for (int y = 0; y < hsv.rows; ++y) {
            const uint8_t *row = hsv.ptr<uint8_t>(y);
            for (int x = 0; x < hsv.cols; ++x) {
                const int h = row[3 * x], s = row[3 * x + 1], v = row[3 * x + 2];
                if (s >= 45 && v >= 35) {
                    // Blue plates under sodium or mixed light turn teal (hue 85–95): still blue.
                    if (h >= 85 && h <= 130) ++blue;
                    else if (h >= 12 && h <= 35) ++yellow;
                    else if (h > 35 && h < 85) ++green;
                } else if (v >= 150 && s < 50) ++bright;
                else if (v < 60) ++dark;
            }
        }
        const int best = std::max({blue, yellow, green});
        if (best >= total / 5) {
            if (best == blue) return CVISION_PLATE_BLUE;
            if (best == yellow) return CVISION_PLATE_YELLOW;
            return CVISION_PLATE_GREEN;
        }
        if (bright >= total / 3) return CVISION_PLATE_WHITE;
        if (dark >= total / 3) return CVISION_PLATE_BLACK;
        return CVISION_PLATE_UNKNOWN;
    }
};

namespace {

bool plate_shaped(const Quad &quad) {
    const auto &p = quad.corners;
    // Either way up: a plate turned near 90° stands upright (`read` turns it back).
    const float across = std::max(side(p[0], p[1]), side(p[3], p[2]));
    const float down = std::max(side(p[0], p[3]), side(p[1], p[2]));
    const float width = std::max(across, down), height = std::min(across, down);
    if (height < 8 || width < 24) return false;
    const float aspect = width / height;
    return aspect >= 1.8f && aspect <= 6.5f;
}

float overlap(const Quad &a, const Quad &b) {
    const cv::Rect ra = cv::boundingRect(std::vector<cv::Point2f>(a.corners.begin(), a.corners.end()));
    const cv::Rect rb = cv::boundingRect(std::vector<cv::Point2f>(b.corners.begin(), b.corners.end()));
    const double intersection = (ra & rb).area();
    return static_cast<float>(intersection / std::max(1, std::min(ra.area(), rb.area())));
}

}  // namespace

extern "C" {

cvision_status cvision_plate_engine_create(const char *runtime_path, const char *detector_path,
                                           const char *recogniser_path, cvision_plate_engine **engine,
                                           char *error, size_t error_size) {
    if (!runtime_path || !detector_path || !recogniser_path || !engine) {
        set_error(error, error_size, "missing argument");
        return CVISION_BAD_ARGUMENT;
    }
    return guarded("cannot load the plate reader", CVISION_MODEL_ERROR, error, error_size, [&] {
        *engine = new cvision_plate_engine(load_runtime(runtime_path), detector_path, recogniser_path);
    });
}

void cvision_plate_engine_destroy(cvision_plate_engine *engine) { delete engine; }

cvision_status cvision_plate_read_image(cvision_plate_engine *engine, cvision_rgb_image image,
                                        cvision_plate_options options, cvision_plate_read *reads, int32_t capacity,
                                        int32_t *count, char *error, size_t error_size) {
    if (!engine || !count || capacity < 0 || (capacity > 0 && !reads) || !cvision_rgb_image_is_valid(image)) {
        set_error(error, error_size, "invalid plate engine, image or output buffer");
        return CVISION_BAD_ARGUMENT;
    }
    return guarded("reading plates failed", CVISION_FAILED, error, error_size, [&] {
        const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t *>(image.pixels),
                          static_cast<size_t>(image.stride));
        std::vector<Quad> quads;
        auto add = [&](const std::vector<Quad> &found) {
            for (const Quad &quad : found) {
                if (!plate_shaped(quad)) continue;
                bool duplicate = false;
                for (Quad &kept : quads) {
                    if (overlap(kept, quad) > 0.6f) {
                        if (quad.score > kept.score) kept = quad;
                        duplicate = true;
                        break;
                    }
                }
                if (!duplicate) quads.push_back(quad);
            }
        };
        if (options.search == CVISION_PLATE_SEARCH_WHOLE_IMAGE) {
            const int long_side = std::max(rgb.cols, rgb.rows);
            int target = options.whole_image_side;
            if (target <= 0) target = long_side <= 640 ? 640 : long_side <= 960 ? 960 : 1280;
            add(engine->detect(rgb, cv::Rect(0, 0, rgb.cols, rgb.rows), static_cast<double>(target) / long_side));
        } else {
            for (const auto &[window, scale] : engine->candidates(rgb, std::max(1, options.max_candidates)))
                add(engine->detect(rgb, window, scale));
        }
        std::stable_sort(quads.begin(), quads.end(), [](const Quad &a, const Quad &b) { return a.score > b.score; });
        if (options.max_reads > 0 && quads.size() > static_cast<size_t>(options.max_reads)) quads.resize(options.max_reads);
        int32_t written = 0;
        for (const Quad &quad : quads) {
            if (written >= capacity) { ++written; continue; }
            reads[written++] = engine->read(rgb, quad, options.recogniser_width);
        }
        *count = written;
    });
}

float cvision_plate_issuer_prior(const char *province, const char *letter, int32_t police_suffix) {
    if (!province || !letter) return 0;
    return sharpeyes::issuer_prior(province, letter, police_suffix != 0);
}

}  // extern "C"
