/* NOT TFLite Micro's header: a minimal stand-in written for tinyops' tests, so that the
 * generated model_op_resolver.h compiles (and runs on the host) without TFLM, which is not
 * fetched or built here. It declares what the generated code uses, with the behaviour the
 * tests rely on, as TFLM documents it: MicroMutableOpResolver<N> holds N registrations; Add*
 * returns kTfLiteError when the resolver is full or the operator is already registered. */
#ifndef TINYOPS_TEST_STAND_IN_MICRO_MUTABLE_OP_RESOLVER_H
#define TINYOPS_TEST_STAND_IN_MICRO_MUTABLE_OP_RESOLVER_H

#include <string.h>

typedef enum TfLiteStatus { kTfLiteOk = 0, kTfLiteError = 1 } TfLiteStatus;

struct TFLMRegistration {
    int unused;
};

namespace tflite {

template <unsigned int tOpCount>
class MicroMutableOpResolver {
 public:
  MicroMutableOpResolver() : count_(0) {}

  TfLiteStatus AddCustom(const char* name, const TFLMRegistration* registration) {
    return registration == 0 ? kTfLiteError : Add(name);
  }
  TfLiteStatus AddAdd() { return Add("ADD"); }
  TfLiteStatus AddAveragePool2D() { return Add("AVERAGE_POOL_2D"); }
  TfLiteStatus AddConcatenation() { return Add("CONCATENATION"); }
  TfLiteStatus AddConv2D() { return Add("CONV_2D"); }
  TfLiteStatus AddDepthwiseConv2D() { return Add("DEPTHWISE_CONV_2D"); }
  TfLiteStatus AddDequantize() { return Add("DEQUANTIZE"); }
  TfLiteStatus AddExpandDims() { return Add("EXPAND_DIMS"); }
  TfLiteStatus AddFullyConnected() { return Add("FULLY_CONNECTED"); }
  TfLiteStatus AddLogistic() { return Add("LOGISTIC"); }
  TfLiteStatus AddMaxPool2D() { return Add("MAX_POOL_2D"); }
  TfLiteStatus AddMean() { return Add("MEAN"); }
  TfLiteStatus AddMul() { return Add("MUL"); }
  TfLiteStatus AddPack() { return Add("PACK"); }
  TfLiteStatus AddPad() { return Add("PAD"); }
  TfLiteStatus AddQuantize() { return Add("QUANTIZE"); }
  TfLiteStatus AddRelu() { return Add("RELU"); }
  TfLiteStatus AddRelu6() { return Add("RELU6"); }
  TfLiteStatus AddReshape() { return Add("RESHAPE"); }
  TfLiteStatus AddShape() { return Add("SHAPE"); }
  TfLiteStatus AddSoftmax() { return Add("SOFTMAX"); }
  TfLiteStatus AddStridedSlice() { return Add("STRIDED_SLICE"); }

  unsigned int GetRegistrationLength() const { return count_; }
  const char* NameAt(unsigned int index) const { return names_[index]; }

 private:
  TfLiteStatus Add(const char* name) {
    for (unsigned int i = 0; i < count_; i++) {
      if (strcmp(names_[i], name) == 0) return kTfLiteError;
    }
    if (count_ >= tOpCount) return kTfLiteError;
    names_[count_++] = name;
    return kTfLiteOk;
  }

  const char* names_[tOpCount];
  unsigned int count_;
};

}  // namespace tflite

#endif
