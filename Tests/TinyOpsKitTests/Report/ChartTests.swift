import Testing
@testable import TinyOpsKit

@Suite struct ChartTests {
    @Test func numbersAndEscaping() {
        #expect(SVG.number(3) == "3")
        #expect(SVG.number(-0.001) == "0")
        #expect(SVG.number(1.005) == "1.01" || SVG.number(1.005) == "1")
        #expect(SVG.number(12.5) == "12.5")
        #expect(SVG.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    }

    @Test func niceTicks() {
        #expect(LinearScale(domain: (0, 1), range: (0, 100)).ticks() == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(LinearScale(domain: (0, 97), range: (0, 100)).ticks() == [0, 20, 40, 60, 80])
        #expect(LinearScale.niceDomain(0.13, 2.71) == (0, 3))
        #expect(LinearScale.label(12345) == "12.3k")
        #expect(LinearScale.label(0.125) == "0.125")
        #expect(LinearScale.label(2_500_000) == "2.5M")
    }

    @Test func sequentialRampIsAccessible() {
        #expect(Palette.sequential(0) == "#440154")
        #expect(Palette.sequential(1) == "#fde725")
        #expect(Palette.textOnSequential(0.1) == "#ffffff")
        #expect(Palette.textOnSequential(0.9) == Palette.text)
    }

    @Test func lineChartGolden() {
        let chart = LineChart(title: "Accuracy", xLabel: "Epoch", yLabel: "accuracy",
                              series: [.init(name: "train", points: [(1, 0.5), (2, 0.75), (3, 0.9)]),
                                       .init(name: "val", points: [(1, 0.4), (2, 0.7), (3, 0.8)], dashed: true)],
                              yDomain: (0, 1))
        let svg = chart.render()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 320\""))
        #expect(svg.contains("<title>Accuracy</title>"))
        // Plot area 64...624 × 48...272: epoch 1 → x 64, accuracy 0.5 → y 160.
        #expect(svg.contains("<polyline points=\"64,160 344,104 624,70.4\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"2\" stroke-linejoin=\"round\"/>"))
        #expect(svg.contains("stroke=\"#e69f00\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-dasharray=\"6 4\"/>"))
        #expect(svg.contains("<text x=\"58\" y=\"276\" font-size=\"11\" fill=\"#57606a\" text-anchor=\"end\">0</text>"))
        #expect(svg.contains("<circle cx=\"344\" cy=\"104\" r=\"2.5\" fill=\"#0072b2\"><title>train: 0.75 at epoch 2</title></circle>"))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test func heatMapGolden() {
        let map = ConfusionHeatMap(title: "Confusion", labels: ["idle", "wave"], counts: [[9, 1], [0, 10]])
        let svg = map.render()
        #expect(svg.contains("<rect x=\"72\" y=\"56\" width=\"42\" height=\"42\" fill=\"#bbde2f\"><title>true idle, predicted idle: 9 (90% of idle)</title></rect>"))
        #expect(svg.contains("<text x=\"93\" y=\"81\" font-size=\"12\" fill=\"#1f2328\" text-anchor=\"middle\" font-weight=\"bold\">9</text>"))
        #expect(svg.contains("fill=\"#440154\"><title>true wave, predicted idle: 0 (0% of wave)</title>"))
    }

    @Test func barAndCapacityGolden() {
        let bars = BarChart(title: "MACs", unit: "MACs", bars: [.init(label: "conv", value: 7680), .init(label: "dense", value: 64, highlighted: true)])
        let svg = bars.render()
        #expect(svg.contains("<rect x=\"57\" y=\"40\" width=\"490.56\" height=\"18\" fill=\"#0072b2\"><title>conv: 7680 MACs</title></rect>"))
        #expect(svg.contains("fill=\"#d55e00\"><title>dense: 64 MACs</title>"))
        let capacity = CapacityChart(title: "Fit", resources: [.init(name: "RAM", used: 300 * 1024, capacity: 256 * 1024)])
        #expect(capacity.render().contains("300 KiB of 256 KiB (117%), over by 44 KiB"))
    }

    @Test func memoryTimelineGolden() {
        let timeline = MemoryTimeline(title: "Arena", operatorCount: 2,
                                      buffers: [.init(name: "a", firstOp: 0, lastOp: 0, offset: 0, size: 64),
                                                .init(name: "b", firstOp: 0, lastOp: 1, offset: 64, size: 64)],
                                      arenaBytes: 128)
        let svg = timeline.render()
        #expect(svg.contains("<title>b: 64 B at offset 64, ops 0–1</title>"))
        #expect(svg.contains("arena 128 B"))
    }
}
