// Where plates could be: plate-coloured and edge-dense blobs (a few milliseconds), then the PP-OCR text detector
// (DBNet) on windows around them or on the whole image, giving four-cornered text boxes.
#pragma once

#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "plate_model.hpp"

namespace sharpeyes::plate {

struct Quad {
    std::array<cv::Point2f, 4> corners;  // top-left, top-right, bottom-right, bottom-left
    float score;
};

inline float side(const cv::Point2f &a, const cv::Point2f &b) { return std::hypot(a.x - b.x, a.y - b.y); }

// The detector over `region` of `image`, scaled by `scale` (then to multiples of 32); boxes in image pixels.
std::vector<Quad> detect_text(const Model &detector, const cv::Mat &image, const cv::Rect &region, double scale);

// The best plate-shaped blobs that overlap one of `regions` (image pixels), as windows around them in image pixels,
// each with the scale that brings the plate to about 40 px high for the detector.
std::vector<std::pair<cv::Rect, double>> candidates(const cv::Mat &image, int limit, const std::vector<cv::Rect> &regions);

// A box of a plate's size and proportions, either way up.
bool plate_shaped(const Quad &quad);

// The share of the smaller box's bounding rectangle that the two bounding rectangles have in common.
float overlap(const Quad &a, const Quad &b);

}  // namespace sharpeyes::plate
