/* Prepare and eval functions of every kernel (one file per family). */
#ifndef TINYOPS_KERNELS_H
#define TINYOPS_KERNELS_H

#include "tinyops_internal.h"

int tq_prepare_fully_connected(tq_prep *p);
int tq_prepare_conv_2d(tq_prep *p);
int tq_prepare_depthwise_conv_2d(tq_prep *p);
int tq_prepare_average_pool_2d(tq_prep *p);
int tq_prepare_max_pool_2d(tq_prep *p);
int tq_prepare_mean(tq_prep *p);
int tq_prepare_add(tq_prep *p);
int tq_prepare_mul(tq_prep *p);
int tq_prepare_softmax(tq_prep *p);
int tq_prepare_logistic(tq_prep *p);
int tq_prepare_relu(tq_prep *p);
int tq_prepare_relu6(tq_prep *p);
int tq_prepare_reshape(tq_prep *p);
int tq_prepare_pad(tq_prep *p);
int tq_prepare_concatenation(tq_prep *p);
int tq_prepare_quantize(tq_prep *p);
int tq_prepare_dequantize(tq_prep *p);
int tq_prepare_shape(tq_prep *p);
int tq_prepare_strided_slice(tq_prep *p);
int tq_prepare_pack(tq_prep *p);

void tq_eval_nop(const tq_exec *x, const void *record);
void tq_eval_copy(const tq_exec *x, const void *record);
void tq_eval_fully_connected(const tq_exec *x, const void *record);
void tq_eval_conv_2d(const tq_exec *x, const void *record);
void tq_eval_depthwise_conv_2d(const tq_exec *x, const void *record);
void tq_eval_average_pool_2d(const tq_exec *x, const void *record);
void tq_eval_max_pool_2d(const tq_exec *x, const void *record);
void tq_eval_mean(const tq_exec *x, const void *record);
void tq_eval_add(const tq_exec *x, const void *record);
void tq_eval_mul(const tq_exec *x, const void *record);
void tq_eval_softmax(const tq_exec *x, const void *record);
void tq_eval_logistic(const tq_exec *x, const void *record);
void tq_eval_relu(const tq_exec *x, const void *record);
void tq_eval_relu6(const tq_exec *x, const void *record);
void tq_eval_pad(const tq_exec *x, const void *record);
void tq_eval_concatenation(const tq_exec *x, const void *record);
void tq_eval_quantize(const tq_exec *x, const void *record);
void tq_eval_requantize(const tq_exec *x, const void *record);
void tq_eval_dequantize(const tq_exec *x, const void *record);
void tq_eval_shape(const tq_exec *x, const void *record);
void tq_eval_strided_slice(const tq_exec *x, const void *record);
void tq_eval_pack(const tq_exec *x, const void *record);

#endif /* TINYOPS_KERNELS_H */
