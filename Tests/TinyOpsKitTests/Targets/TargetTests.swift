import Testing
import TinyOpsKit

@Suite struct TargetTests {
    @Test func everyNameResolvesAndNamesAreUnique() throws {
        #expect(Set(Target.names).count == Target.names.count)
        for name in Target.names {
            let target = try #require(Target.named(name))
            #expect(target.name == name)
        }
        #expect(Target.named("cortex-m5") == nil)
    }

    @Test func coreFeatures() {
        #expect(CortexCore.m0plus.cmsisNNPath == .pureC && CortexCore.m0plus.defaultFPU == .none)
        #expect(CortexCore.m3.cmsisNNPath == .pureC)
        #expect(CortexCore.m4.cmsisNNPath == .dsp && CortexCore.m4.defaultFPU == .none)
        #expect(CortexCore.m4f.defaultFPU == .single)
        #expect(CortexCore.m7.cmsisNNPath == .dsp && CortexCore.m33.cmsisNNPath == .dsp)
        #expect(CortexCore.m55.cmsisNNPath == .mve && CortexCore.m55.hasMVE)
        #expect(CortexCore.m0plus.displayName == "Cortex-M0+")
    }

    @Test func boardsCarryTheirMemoryAndOverridesReplaceIt() throws {
        let pico = try #require(Target.named("pico"))
        #expect(pico.core == .m0plus && pico.clockHz == 133_000_000 && pico.ramBytes == 264 * 1024)
        let overridden = pico.overriding(flashBytes: 1 << 20, ramBytes: nil, clockHz: 200_000_000)
        #expect(overridden.flashBytes == 1 << 20 && overridden.ramBytes == 264 * 1024 && overridden.clockHz == 200_000_000)
        let h7 = try #require(Target.named("nucleo-h743zi"))
        #expect(h7.fpu == .double)
        let bare = try #require(Target.named("cortex-m4"))
        #expect(bare.clockHz == nil && bare.ramBytes == nil && bare.flashBytes == nil)
        // Every board from the shared board notes is there.
        for id in ["nano33ble", "pico", "pico2", "stm32f746g-disco", "nucleo-h743zi", "nrf5340dk", "portenta-h7", "corstone-300"] {
            #expect(Target.named(id)?.board != nil, "\(id)")
        }
    }
}
