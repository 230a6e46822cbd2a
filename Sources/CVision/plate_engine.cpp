// Licence plates: PaddleOCR's PP-OCRv4 text detector (DBNet) and recogniser (CTC), run by ONNX Runtime's C API,
// with the image work (colour masks, contours, rotated rectangles, perspective crops) done by OpenCV's imgproc.
// Pre- and post-processing follow rapidocr-onnxruntime 1.4.4, the package the models come from.
//
// By role: plate_model (ONNX Runtime and sessions), plate_search (candidate windows and text boxes), plate_decode
// (CTC decoding held to the plate grammar, with issuer priors), plate_colour; this file reads a box (turned,
// grown, or as two rows) and is the C boundary.
#include "cvision.h"
#include "guarded.hpp"
#include "plate_colour.hpp"
#include "plate_decode.hpp"
#include "plate_issuers.hpp"
#include "plate_model.hpp"
#include "plate_search.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

using sharpeyes::guarded;
using sharpeyes::set_error;
using namespace sharpeyes::plate;

struct cvision_plate_engine {
    std::unique_ptr<Model> detector, recogniser;
    Alphabet alphabet;

    cvision_plate_engine(const Runtime &rt, const std::string &detector_path, const std::string &recogniser_path)
        : detector(std::make_unique<Model>(rt, detector_path)),
          recogniser(std::make_unique<Model>(rt, recogniser_path)),
          alphabet(character_list(*recogniser, recogniser_path)) {}

    static std::string character_list(const Model &recogniser, const std::string &path) {
        std::string list = recogniser.metadata("character");
        if (list.empty()) throw std::runtime_error(path + " has no 'character' list in its metadata");
        return list;
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
        return (alphabet.follows_syntax(read.text) ? 1.0f : 0.0f) + weakest;
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
            if (again.character_count == 7 && alphabet.classes_of_first(again.text) == province) result = again;
        }
        if (!alphabet.follows_syntax(result.text)) {
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
        if (alphabet.is_serial_row(single.text)) {
            const cv::Point2f inset = along * 0.15f;
            upper.corners = {p[0] + inset + up * 0.8f, p[1] - inset + up * 0.8f, p[1] - inset, p[0] + inset};
        } else if (side(p[0], p[1]) < 2.6f * side(p[0], p[3])) {
            const cv::Point2f inset = along * 0.15f, split = -up * 0.4f;
            upper.corners = {p[0] + inset, p[1] - inset, p[1] - inset + split, p[0] + inset + split};
            lower.corners = {p[0] + split, p[1] + split, p[2], p[3]};
            lower_read = recognise(image, lower, 0);
            if (!alphabet.is_serial_row(lower_read.text)) return false;
        } else {
            return false;
        }
        clamp_to(image, upper);
        const cvision_plate_read upper_read = recognise(image, upper, 0, true);
        if (upper_read.character_count != 2 || alphabet.classes_of_first(upper_read.text) != province) return false;
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
        if (shape.size() != 3 || shape[2] != static_cast<int64_t>(alphabet.characters.size()))
            throw std::runtime_error("the recogniser's classes do not match its character list");

        cvision_plate_read result{};
        set_box(image, quad, result);
        result.detector_score = quad.score;
        alphabet.decode(probabilities, static_cast<int>(shape[1]), result, upper_row);
        result.colour = colour_of(crop);
        return result;
    }
};

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
        const cv::Rect bounds(0, 0, rgb.cols, rgb.rows);
        const bool limited = options.regions && options.region_count > 0;
        std::vector<cv::Rect> regions;
        for (int32_t i = 0; limited && i < options.region_count; ++i) {
            const cvision_rect &r = options.regions[i];
            const cv::Rect region = cv::Rect(r.left, r.top, r.width, r.height) & bounds;
            if (region.area() > 0) regions.push_back(region);
        }
        if (!limited) regions.push_back(bounds);
        if (options.search == CVISION_PLATE_SEARCH_WHOLE_IMAGE) {
            const int long_side = std::max(rgb.cols, rgb.rows);
            int target = options.whole_image_side;
            if (target <= 0) target = long_side <= 640 ? 640 : long_side <= 960 ? 960 : 1280;
            const double scale = static_cast<double>(target) / long_side;
            for (const cv::Rect &region : regions) add(detect_text(*engine->detector, rgb, region, scale));
        } else {
            for (const auto &[window, scale] : candidates(rgb, std::max(1, options.max_candidates), regions))
                add(detect_text(*engine->detector, rgb, window, scale));
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

const char *cvision_plate_provinces(void) { return sharpeyes::plate::provinces; }

const char *cvision_plate_suffixes(void) { return sharpeyes::plate::suffixes; }

float cvision_plate_issuer_prior(const char *province, const char *letter, int32_t police_suffix) {
    if (!province || !letter) return 0;
    return sharpeyes::issuer_prior(province, letter, police_suffix != 0);
}

}  // extern "C"
