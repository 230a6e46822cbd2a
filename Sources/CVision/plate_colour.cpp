// Plate colour by hue counts over the RGB crop.
#include "plate_colour.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace sharpeyes::plate {

cvision_plate_colour colour_of(const cv::Mat &crop) {
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

}  // namespace sharpeyes::plate
