// Plate candidates by colour and edges, and text boxes by the detector (rapidocr's DBNet post-processing).
#include "plate_search.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace sharpeyes::plate {

namespace {

// rapidocr's get_mini_boxes: the rotated rectangle's corners in reading order.
std::array<cv::Point2f, 4> reading_order(const cv::RotatedRect &rect) {
    cv::Point2f p[4];
    rect.points(p);
    std::sort(p, p + 4, [](const cv::Point2f &a, const cv::Point2f &b) { return a.x < b.x; });
    cv::Point2f top_left = p[0].y <= p[1].y ? p[0] : p[1], bottom_left = p[0].y <= p[1].y ? p[1] : p[0];
    cv::Point2f top_right = p[2].y <= p[3].y ? p[2] : p[3], bottom_right = p[2].y <= p[3].y ? p[3] : p[2];
    return {top_left, top_right, bottom_right, bottom_left};
}

float mean_inside(const cv::Mat &probability, const std::array<cv::Point2f, 4> &corners) {
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
std::vector<Blob> blobs_at(const cv::Mat &image, double work_side, float thinnest, float thickest) {
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

}  // namespace

// The detector over `region` of `image`, scaled by `scale` (then to multiples of 32); boxes in image pixels.
std::vector<Quad> detect_text(const Model &detector, const cv::Mat &image, const cv::Rect &region, double scale) {
    const cv::Mat crop = image(region);
    const int width = std::max(32, static_cast<int>(std::lround(region.width * scale / 32.0)) * 32);
    const int height = std::max(32, static_cast<int>(std::lround(region.height * scale / 32.0)) * 32);
    cv::Mat resized;
    cv::resize(crop, resized, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
    static const float mean[3] = {0.485f, 0.456f, 0.406f}, deviation[3] = {0.229f, 0.224f, 0.225f};
    std::vector<float> input(static_cast<size_t>(3) * width * height);
    to_tensor(resized, input, 0, 1.0f / 255.0f, mean, deviation, width);
    std::vector<int64_t> shape;
    std::vector<float> map = detector.run(input, {1, 3, height, width}, shape);
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

// The best plate-shaped blobs, as windows around them in image pixels, each with the scale that brings the
// plate to about 40 px high for the detector. Blobs are found at 640 px; a frame wider than 1280 px is also
// looked at with 960 px for plates too thin to show at 640 (a 16 px plate in a 1920 px frame is 5 px there) or
// barely showing (up to 24 px at 1920: 8 px at 640, where the characters' blob often breaks apart). 5–12 px at
// 960 read the most plates of the small-plate set without losing any of the dev photos (9 px: 3 fewer, 16: 1
// dev plate lost).
// Blobs outside `regions` (where nothing moved) do not take a place among the best.
std::vector<std::pair<cv::Rect, double>> candidates(const cv::Mat &image, int limit, const std::vector<cv::Rect> &regions) {
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
        const cv::Rect2d full = blob.full();
        const bool in_view = std::any_of(regions.begin(), regions.end(),
                                         [&](const cv::Rect &region) { return (cv::Rect2d(region) & full).area() > 0; });
        if (!in_view) continue;
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

}  // namespace sharpeyes::plate
