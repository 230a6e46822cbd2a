// A plate's background colour, from its crop.
#pragma once

#include <opencv2/core.hpp>

#include "cvision.h"

namespace sharpeyes::plate {

// The plate's background colour: the commonest hue among saturated pixels, else white or black by brightness.
cvision_plate_colour colour_of(const cv::Mat &crop);

}  // namespace sharpeyes::plate
