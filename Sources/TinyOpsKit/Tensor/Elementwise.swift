#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Row/column reductions, activations and softmax over contiguous float buffers.
public enum Elementwise {
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// y[r, :] += v for every row.  y (rows, columns), v (columns)
    public static func addRowVector(_ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int, vector v: UnsafePointer<Float>) {
        let full = columns - columns % 8
        for r in 0..<rows {
            let row = y + r * columns
            var j = 0
            while j < full { store8(load8(row + j) + load8(v + j), row + j); j += 8 }
            while j < columns { row[j] += v[j]; j += 1 }
        }
    }

    /// out[c] = Σ_r x[r, c] (overwritten), rows summed in order.  x (rows, columns), out (columns)
    public static func columnSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: columns)
        let full = columns - columns % 8
        for r in 0..<rows {
            let row = x + r * columns
            var j = 0
            while j < full { store8(load8(out + j) + load8(row + j), out + j); j += 8 }
            while j < columns { out[j] += row[j]; j += 1 }
        }
    }

    /// y = min(max(x, 0), cap); cap = +∞ for ReLU, 6 for ReLU6.
    public static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, cap: Float) {
        let zero = SIMD8<Float>(repeating: 0), top = SIMD8<Float>(repeating: cap)
        let full = count - count % 8
        var i = 0
        while i < full {
            store8(load8(x + i).replacing(with: zero, where: load8(x + i) .< zero).replacing(with: top, where: load8(x + i) .> top), y + i)
            i += 8
        }
        while i < count { y[i] = min(max(x[i], 0), cap); i += 1 }
    }

    /// dx = dy where 0 < y < cap, else 0 (the gradient at the kinks is taken as 0).
    public static func reluBackward(y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
                                    count: Int, cap: Float) {
        let zero = SIMD8<Float>(repeating: 0), top = SIMD8<Float>(repeating: cap)
        let full = count - count % 8
        var i = 0
        while i < full {
            let yv = load8(y + i)
            store8(load8(dy + i).replacing(with: zero, where: (yv .<= zero) .| (yv .>= top)), dx + i)
            i += 8
        }
        while i < count { dx[i] = y[i] > 0 && y[i] < cap ? dy[i] : 0; i += 1 }
    }

    /// out = a + b.
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        let full = count - count % 8
        var i = 0
        while i < full { store8(load8(a + i) + load8(b + i), out + i); i += 8 }
        while i < count { out[i] = a[i] + b[i]; i += 1 }
    }

    /// out += x.
    public static func accumulate(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        add(x, UnsafePointer(out), out, count: count)
    }

    /// Row-wise softmax: y[r, :] = exp(x[r, :] - max) / Σ exp(x[r, :] - max).
    public static func softmax(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let xr = x + r * columns, yr = y + r * columns
            var top = -Float.infinity
            for j in 0..<columns { top = max(top, xr[j]) }
            var sum: Float = 0
            for j in 0..<columns { let e = expf(xr[j] - top); yr[j] = e; sum += e }
            let inverse = 1 / sum
            for j in 0..<columns { yr[j] *= inverse }
        }
    }

    /// The softmax Jacobian applied to dy: dx = y ⊙ (dy - Σ dy ⊙ y), row by row.
    public static func softmaxBackward(y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
                                       rows: Int, columns: Int) {
        for r in 0..<rows {
            let yr = y + r * columns, dyr = dy + r * columns, dxr = dx + r * columns
            var dot: Float = 0
            for j in 0..<columns { dot += dyr[j] * yr[j] }
            for j in 0..<columns { dxr[j] = yr[j] * (dyr[j] - dot) }
        }
    }
}
