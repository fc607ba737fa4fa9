// Host check of a generated model_op_resolver.h against the stand-in resolver
// (stand-ins/tensorflow/...): registers the model's operators into a resolver of exactly
// <NAME>_OP_COUNT slots and prints "status S count C" and the names, then writes the model
// array (model_data.h) to the file named by argv[1], for the round-trip check.
#include <stdio.h>

#include "model_data.h"
#include "model_op_resolver.h"
#include "model_settings.h"

int main(int argc, char** argv) {
  static dut_op_resolver resolver;
  TfLiteStatus status = dut_register_ops(resolver);
  printf("status %d count %u of %u\n", (int)status, resolver.GetRegistrationLength(), (unsigned)DUT_OP_COUNT);
  for (unsigned int i = 0; i < resolver.GetRegistrationLength(); i++) printf("%s\n", resolver.NameAt(i));
  // The settings must be usable as initializers.
  static const int input_dims[DUT_INPUT_RANK] = DUT_INPUT_DIMS;
  printf("input %d elements %u bytes %u\n", input_dims[0], (unsigned)DUT_INPUT_ELEMENTS, dut_len);
  if (argc > 1) {
    FILE* f = fopen(argv[1], "wb");
    if (f == 0 || fwrite(dut, 1, dut_len, f) != dut_len || fclose(f) != 0) return 2;
  }
  return status == kTfLiteOk && resolver.GetRegistrationLength() == DUT_OP_COUNT ? 0 : 1;
}
