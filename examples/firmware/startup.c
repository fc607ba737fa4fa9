/* Minimal Cortex-M startup for QEMU's mps2-an386 (Cortex-M4F): vector table, FPU enable,
 * .data/.bss setup, newlib semihosting (printf and exit reach the host), exit(main()).
 * On a real board use the vendor's startup file and retarget printf to a UART. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern uint32_t __StackTop, __data_load, __data_start, __data_end, __bss_start, __bss_end;
extern void initialise_monitor_handles(void);
extern void __libc_init_array(void);
int main(void);
void Reset_Handler(void);
void Fault_Handler(void);
void _init(void);
void _fini(void);

void _init(void) {}
void _fini(void) {}

void Fault_Handler(void) {
    fprintf(stderr, "FAULT\n");
    exit(250);
}

void Reset_Handler(void) {
    uint32_t *src, *dst;
#if defined(__ARM_FP)
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20; /* CPACR: enable CP10/CP11 (the FPU) */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    for (src = &__data_load, dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
    for (dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
    initialise_monitor_handles();
    __libc_init_array();
    exit(main());
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(uintptr_t)&__StackTop, Reset_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, 0, 0, 0, 0, Fault_Handler, Fault_Handler, 0,
    Fault_Handler, Fault_Handler,
};
