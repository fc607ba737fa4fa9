/// A development board: its microcontroller, the core that runs the model, the clock, and the
/// memory a model and its arena can use.
///
/// Figures come from the shared board notes (`docs/targets.md` of the project notes). Each
/// board says which of its figures were confirmed from a cited source (`verified`) and which
/// are vendor-datasheet values stated from knowledge that nobody re-read (`unverified`):
/// check those against the datasheet before relying on a tight fit, or pass `--flash`/`--ram`.
public struct Board: Sendable, Equatable {
    /// The name `--target` takes: `nano33ble`.
    public let id: String
    public let name: String
    public let mcu: String
    public let core: CortexCore
    public let clockHz: Int
    /// Flash the firmware (code plus model) can occupy.
    public let flashBytes: Int
    /// On-chip SRAM. The arena must fit in one contiguous region, which may be smaller
    /// (see `notes`).
    public let sramBytes: Int
    /// The FPU when it differs from the core's usual configuration.
    public let fpu: FPU?
    public let notes: String
    /// Figures confirmed from a cited source.
    public let verified: [String]
    /// Figures taken from vendor datasheets without re-reading them.
    public let unverified: [String]

    public var effectiveFPU: FPU { fpu ?? core.defaultFPU }

    static let kib = 1024
    static let mib = 1024 * 1024

    /// Every board tinyops knows, in the order `tinyops targets` lists them.
    public static let all: [Board] = [
        Board(id: "nano33ble", name: "Arduino Nano 33 BLE Sense", mcu: "Nordic nRF52840", core: .m4f,
              clockHz: 64_000_000, flashBytes: 1 * mib, sramBytes: 256 * kib, fpu: nil,
              notes: "TFLM's canonical Arduino board.",
              verified: [], unverified: ["clock", "flash", "sram"]),
        Board(id: "pico", name: "Raspberry Pi Pico", mcu: "Raspberry Pi RP2040", core: .m0plus,
              clockHz: 133_000_000, flashBytes: 2 * mib, sramBytes: 264 * kib, fpu: nil,
              notes: "Dual Cortex-M0+; no on-chip flash, 2 MB QSPI flash on the board; no FPU, no DSP extension.",
              verified: ["clock", "sram"], unverified: ["flash"]),
        Board(id: "pico2", name: "Raspberry Pi Pico 2", mcu: "Raspberry Pi RP2350", core: .m33,
              clockHz: 150_000_000, flashBytes: 4 * mib, sramBytes: 520 * kib, fpu: .single,
              notes: "Dual Cortex-M33 (or Hazard3 RISC-V); 4 MB QSPI flash on the board.",
              verified: ["clock", "flash", "sram"], unverified: ["fpu", "dsp"]),
        Board(id: "stm32f746g-disco", name: "STM32F746G-DISCO", mcu: "STMicroelectronics STM32F746NG", core: .m7,
              clockHz: 216_000_000, flashBytes: 1 * mib, sramBytes: 320 * kib, fpu: .single,
              notes: "SRAM is 240 KB SRAM1 + 16 KB SRAM2 + 64 KB DTCM; the board adds 8 MB SDRAM and 16 MB QSPI.",
              verified: [], unverified: ["clock", "flash", "sram"]),
        Board(id: "nucleo-h743zi", name: "NUCLEO-H743ZI (STM32H7)", mcu: "STMicroelectronics STM32H743ZI", core: .m7,
              clockHz: 480_000_000, flashBytes: 2 * mib, sramBytes: 1 * mib, fpu: .double,
              notes: "About 1 MB of RAM in several regions (AXI SRAM 512 KB is the largest).",
              verified: [], unverified: ["clock", "flash", "sram"]),
        Board(id: "nrf5340dk", name: "Nordic nRF5340 DK", mcu: "Nordic nRF5340 (application core)", core: .m33,
              clockHz: 128_000_000, flashBytes: 1 * mib, sramBytes: 512 * kib, fpu: .single,
              notes: "Application core; the network core (Cortex-M33 at 64 MHz, 256 KB flash, 64 KB RAM) is separate.",
              verified: [], unverified: ["clock", "flash", "sram"]),
        Board(id: "portenta-h7", name: "Arduino Portenta H7", mcu: "STMicroelectronics STM32H747XI", core: .m7,
              clockHz: 480_000_000, flashBytes: 2 * mib, sramBytes: 1 * mib, fpu: .double,
              notes: "Cortex-M7 at 480 MHz plus a Cortex-M4 at 240 MHz; the board adds 8 MB SDRAM and 16 MB QSPI.",
              verified: [], unverified: ["clock", "flash", "sram"]),
        Board(id: "sparkfun-edge", name: "SparkFun Edge", mcu: "Ambiq Apollo3 Blue", core: .m4f,
              clockHz: 48_000_000, flashBytes: 1 * mib, sramBytes: 384 * kib, fpu: nil,
              notes: "48 MHz (96 MHz burst mode).",
              verified: [], unverified: ["clock", "flash", "sram"]),
        Board(id: "corstone-300", name: "Arm Corstone-300 (MPS3 AN547)", mcu: "Arm SSE-300", core: .m55,
              clockHz: 32_000_000, flashBytes: 512 * kib, sramBytes: 512 * kib, fpu: .single,
              notes: "Memory is configurable; the figures are the 512 KiB ITCM and 512 KiB DTCM of the AN547 image "
                  + "(run under QEMU). The FVP is not cycle-accurate; 32 MHz is the FPGA clock.",
              verified: ["flash", "sram"], unverified: ["clock"]),
    ]
}
