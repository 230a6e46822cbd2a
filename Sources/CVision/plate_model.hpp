// ONNX Runtime, loaded with dlopen once per process; one model's session on it; and the input tensor layout of the
// PaddleOCR models.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <onnxruntime_c_api.h>
#include <opencv2/core.hpp>

namespace sharpeyes::plate {

struct Runtime {
    const OrtApi *api = nullptr;
    OrtEnv *env = nullptr;
    std::string path;
};

// The process's runtime, loaded from `path` on first use (never released: sessions of any engine may outlive each
// other); a later call with another path is an error.
const Runtime &load_runtime(const std::string &path);

// One model, run single-threaded (the pipeline's workers are the parallelism).
struct Model {
    const OrtApi *api;
    OrtSession *session = nullptr;
    std::string input, output;

    Model(const Runtime &rt, const std::string &path);
    ~Model();
    Model(const Model &) = delete;
    Model &operator=(const Model &) = delete;

    std::string name(bool is_input) const;
    // A value of the model's custom metadata ("" when absent).
    std::string metadata(const char *key) const;
    // Runs the model on one NCHW float tensor; returns the output's shape and values.
    std::vector<float> run(std::vector<float> &input_values, const std::array<int64_t, 4> &shape,
                           std::vector<int64_t> &output_shape) const;

    // One output of `run_all`: its shape and values.
    struct Output {
        std::vector<int64_t> shape;
        std::vector<float> values;
    };
    // Runs the model on one float tensor of any rank and returns every output, in the model's order.
    std::vector<Output> run_all(std::vector<float> &input_values, const std::vector<int64_t> &shape) const;
};

// Writes an RGB crop as a normalised NCHW tensor in the BGR channel order the Paddle models were trained on.
void to_tensor(const cv::Mat &rgb, std::vector<float> &tensor, size_t offset, float scale, const float mean[3],
               const float deviation[3], int stride_width);

}  // namespace sharpeyes::plate
