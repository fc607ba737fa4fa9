/// Multiplication of the base point B by secret scalars (key generation, signing).
///
/// The scalar is written in 64 signed radix-16 digits d_i ∈ [−8, 8], so that
/// [a]B = Σ d_i·16^i·B. A table holds j·16^i·B for j = 1…8 and every i, in affine form
/// (Z = 1), so the product is 64 additions and no doublings. Each look-up reads all eight
/// entries of its row and keeps one with masks, then negates it with a mask: the memory
/// accesses and instructions are the same for every scalar.
enum BaseTable {
    static let windows = 64
    static let entriesPerWindow = 8

    /// Row i, entry j − 1: j·16^i·B. 512 points, about 80 KB, built on first use.
    static let entries: [CachedPoint] = {
        var projective: [EdwardsPoint] = []
        projective.reserveCapacity(windows * entriesPerWindow)
        var rowBase = EdwardsPoint.base  // 16^i·B
        for _ in 0..<windows {
            var multiple = rowBase
            for _ in 0..<entriesPerWindow {
                projective.append(multiple)
                multiple = multiple + rowBase
            }
            rowBase = rowBase.doubled().doubled().doubled().doubled()
        }
        // Batch inversion (Montgomery's trick): one inversion for all 512 Z coordinates.
        var prefix = [FieldElement](repeating: .one, count: projective.count + 1)
        for (index, point) in projective.enumerated() { prefix[index + 1] = prefix[index] * point.z }
        var inverse = prefix[projective.count].inverse()
        var result = [CachedPoint](repeating: .identity, count: projective.count)
        for index in stride(from: projective.count - 1, through: 0, by: -1) {
            let zInverse = inverse * prefix[index]
            inverse = inverse * projective[index].z
            let x = projective[index].x * zInverse, y = projective[index].y * zInverse
            result[index] = CachedPoint(
                yPlusX: y + x, yMinusX: y - x, z2: FieldElement(2), t2d: x * y * EdwardsPoint.d2)
        }
        return result
    }()

    /// [scalar]·B for a 32-byte little-endian scalar below 2^255 (a clamped secret scalar or
    /// a reduced one), in constant time as described above.
    static func multiply(_ scalar: [UInt8]) -> EdwardsPoint {
        precondition(scalar.count == 32 && scalar[31] < 0x80, "base-point scalar must be below 2^255")
        // Unsigned nibbles, then carries that move each digit into [−8, 8).
        var digits = [Int64](repeating: 0, count: windows)
        for index in 0..<32 {
            digits[2 * index] = Int64(scalar[index] & 15)
            digits[2 * index + 1] = Int64(scalar[index] >> 4)
        }
        for index in 0..<(windows - 1) {
            let carry = (digits[index] + 8) >> 4
            digits[index] -= carry << 4
            digits[index + 1] += carry
        }
        // The top digit is at most 7 + 1 = 8, since the scalar is below 2^255.
        return entries.withUnsafeBufferPointer { table in
            var result = EdwardsPoint.identity
            for window in 0..<windows {
                let digit = digits[window]
                let sign = digit >> 63  // 0 or −1
                let magnitude = UInt64(bitPattern: (digit ^ sign) &- sign)
                var chosen = CachedPoint.identity
                for entry in 1...entriesPerWindow {
                    chosen = CachedPoint.select(
                        chosen, table[window * entriesPerWindow + entry - 1], isEqual(magnitude, UInt64(entry)))
                }
                result = result + chosen.conditionallyNegated(UInt64(bitPattern: sign) & 1)
            }
            return result
        }
    }

    /// 1 when a == b, else 0, without a branch.
    @inline(__always)
    private static func isEqual(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let difference = a ^ b
        return ((difference | (0 &- difference)) >> 63) ^ 1
    }
}
