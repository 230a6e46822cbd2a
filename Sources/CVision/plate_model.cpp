// ONNX Runtime through its C API, loaded with dlopen (scripts/install-plate-runtime.sh puts it in place).
#include "plate_model.hpp"

#include <dlfcn.h>

#include <memory>
#include <mutex>
#include <stdexcept>

namespace sharpeyes::plate {

namespace {

std::mutex runtime_mutex;
Runtime *runtime = nullptr;  // never released: sessions of any engine may outlive each other

void check(const OrtApi *api, OrtStatus *status, const char *what) {
    if (!status) return;
    std::string message = std::string(what) + ": " + api->GetErrorMessage(status);
    api->ReleaseStatus(status);
    throw std::runtime_error(message);
}

}  // namespace

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

Model::Model(const Runtime &rt, const std::string &path) : api(rt.api) {
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

Model::~Model() {
    if (session) api->ReleaseSession(session);
}

std::string Model::name(bool is_input) const {
    OrtAllocator *allocator = nullptr;
    check(api, api->GetAllocatorWithDefaultOptions(&allocator), "allocator");
    char *value = nullptr;
    check(api, is_input ? api->SessionGetInputName(session, 0, allocator, &value)
                        : api->SessionGetOutputName(session, 0, allocator, &value), "model input/output name");
    std::string result(value);
    check(api, api->AllocatorFree(allocator, value), "freeing a model string");
    return result;
}

std::string Model::metadata(const char *key) const {
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

std::vector<float> Model::run(std::vector<float> &input_values, const std::array<int64_t, 4> &shape,
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

namespace {

// The shape and values of one output tensor; the caller still owns `value`.
Model::Output read_output(const OrtApi *api, OrtValue *value) {
    Model::Output output;
    OrtTensorTypeAndShapeInfo *info = nullptr;
    check(api, api->GetTensorTypeAndShape(value, &info), "output shape");
    size_t rank = 0, count = 0;
    OrtStatus *status = api->GetDimensionsCount(info, &rank);
    if (!status) {
        output.shape.assign(rank, 0);
        status = api->GetDimensions(info, output.shape.data(), rank);
    }
    if (!status) status = api->GetTensorShapeElementCount(info, &count);
    api->ReleaseTensorTypeAndShapeInfo(info);
    check(api, status, "output shape");
    float *data = nullptr;
    check(api, api->GetTensorMutableData(value, reinterpret_cast<void **>(&data)), "output data");
    output.values.assign(data, data + count);
    return output;
}

}  // namespace

std::vector<Model::Output> Model::run_all(std::vector<float> &input_values, const std::vector<int64_t> &shape) const {
    OrtAllocator *allocator = nullptr;
    check(api, api->GetAllocatorWithDefaultOptions(&allocator), "allocator");
    size_t count = 0;
    check(api, api->SessionGetOutputCount(session, &count), "output count");
    std::vector<std::string> names;
    for (size_t i = 0; i < count; ++i) {
        char *value = nullptr;
        check(api, api->SessionGetOutputName(session, i, allocator, &value), "output name");
        names.emplace_back(value);
        check(api, api->AllocatorFree(allocator, value), "freeing a model string");
    }
    std::vector<const char *> output_names;
    for (auto &name : names) output_names.push_back(name.c_str());

    OrtMemoryInfo *memory = nullptr;
    check(api, api->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory), "memory info");
    OrtValue *tensor = nullptr;
    OrtStatus *status = api->CreateTensorWithDataAsOrtValue(memory, input_values.data(),
                                                            input_values.size() * sizeof(float), shape.data(),
                                                            shape.size(), ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &tensor);
    api->ReleaseMemoryInfo(memory);
    check(api, status, "input tensor");
    const char *input_names[] = {input.c_str()};
    std::vector<OrtValue *> results(count, nullptr);
    status = api->Run(session, nullptr, input_names, &tensor, 1, output_names.data(), count, results.data());
    api->ReleaseValue(tensor);
    check(api, status, "running the model");
    std::vector<Output> outputs;
    try {
        for (auto *result : results) outputs.push_back(read_output(api, result));
    } catch (...) {
        for (auto *result : results) api->ReleaseValue(result);
        throw;
    }
    for (auto *result : results) api->ReleaseValue(result);
    return outputs;
}

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

}  // namespace sharpeyes::plate
