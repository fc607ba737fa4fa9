/// SHA-512 (FIPS 180-4 §6.4), the hash inside Ed25519 (RFC 8032). Same interface as
/// `SHA256`: one-shot helpers from `StreamingHash`, or `update` in pieces then `finalize`.
public struct SHA512: StreamingHash {
    public static let digestSize = 64
    public static let blockSize = 128

    typealias State = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    private var state: State = (
        0x6a09e667_f3bcc908, 0xbb67ae85_84caa73b,
        0x3c6ef372_fe94f82b, 0xa54ff53a_5f1d36f1,
        0x510e527f_ade682d1, 0x9b05688c_2b3e6c1f,
        0x1f83d9ab_fb41bd6b, 0x5be0cd19_137e2179)
    private var pending = HashBlockBuffer(blockSize: SHA512.blockSize)
    /// Bytes hashed so far. The format allows 2^128 bits; 2^64 bytes is beyond any file.
    private var length: UInt64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var words = state
        pending.absorb(bytes) { blocks, count in Self.compress(&words, blocks, count) }
        state = words
    }

    /// The 64-byte digest. The hasher is used up.
    public consuming func finalize() -> [UInt8] {
        // Padding: 0x80, zeros up to 112 mod 128, then the length in bits (128-bit big-endian).
        let bits = (high: length &>> 61, low: length &<< 3)
        let tail = pending.paddedTail(bitLength: bits, lengthBytes: 16)
        tail.withUnsafeBytes { Self.compress(&state, $0.baseAddress!, tail.count / Self.blockSize) }
        var digest = [UInt8](repeating: 0, count: Self.digestSize)
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        for (index, word) in words.enumerated() {
            for byte in 0..<8 { digest[index * 8 + byte] = UInt8(truncatingIfNeeded: word &>> (56 - 8 * byte)) }
        }
        return digest
    }

    // MARK: Compression

    /// FIPS 180-4 §4.2.3: the first 64 bits of the fractional parts of the cube roots of
    /// the first 80 primes. (Initial hash values above: square roots of the first 8.)
    private static let roundConstants: [UInt64] = [
        0x428a2f98_d728ae22, 0x71374491_23ef65cd,
        0xb5c0fbcf_ec4d3b2f, 0xe9b5dba5_8189dbbc,
        0x3956c25b_f348b538, 0x59f111f1_b605d019,
        0x923f82a4_af194f9b, 0xab1c5ed5_da6d8118,
        0xd807aa98_a3030242, 0x12835b01_45706fbe,
        0x243185be_4ee4b28c, 0x550c7dc3_d5ffb4e2,
        0x72be5d74_f27b896f, 0x80deb1fe_3b1696b1,
        0x9bdc06a7_25c71235, 0xc19bf174_cf692694,
        0xe49b69c1_9ef14ad2, 0xefbe4786_384f25e3,
        0x0fc19dc6_8b8cd5b5, 0x240ca1cc_77ac9c65,
        0x2de92c6f_592b0275, 0x4a7484aa_6ea6e483,
        0x5cb0a9dc_bd41fbd4, 0x76f988da_831153b5,
        0x983e5152_ee66dfab, 0xa831c66d_2db43210,
        0xb00327c8_98fb213f, 0xbf597fc7_beef0ee4,
        0xc6e00bf3_3da88fc2, 0xd5a79147_930aa725,
        0x06ca6351_e003826f, 0x14292967_0a0e6e70,
        0x27b70a85_46d22ffc, 0x2e1b2138_5c26c926,
        0x4d2c6dfc_5ac42aed, 0x53380d13_9d95b3df,
        0x650a7354_8baf63de, 0x766a0abb_3c77b2a8,
        0x81c2c92e_47edaee6, 0x92722c85_1482353b,
        0xa2bfe8a1_4cf10364, 0xa81a664b_bc423001,
        0xc24b8b70_d0f89791, 0xc76c51a3_0654be30,
        0xd192e819_d6ef5218, 0xd6990624_5565a910,
        0xf40e3585_5771202a, 0x106aa070_32bbd1b8,
        0x19a4c116_b8d2d0c8, 0x1e376c08_5141ab53,
        0x2748774c_df8eeb99, 0x34b0bcb5_e19b48a8,
        0x391c0cb3_c5c95a63, 0x4ed8aa4a_e3418acb,
        0x5b9cca4f_7763e373, 0x682e6ff3_d6b2b8a3,
        0x748f82ee_5defb2fc, 0x78a5636f_43172f60,
        0x84c87814_a1f0ab72, 0x8cc70208_1a6439ec,
        0x90befffa_23631e28, 0xa4506ceb_de82bde9,
        0xbef9a3f7_b2c67915, 0xc67178f2_e372532b,
        0xca273ece_ea26619c, 0xd186b8c7_21c0c207,
        0xeada7dd6_cde0eb1e, 0xf57d4f7f_ee6ed178,
        0x06f067aa_72176fba, 0x0a637dc5_a2c898a6,
        0x113f9804_bef90dae, 0x1b710b35_131c471b,
        0x28db77f5_23047d84, 0x32caab7b_40c72493,
        0x3c9ebe0a_15c9bebc, 0x431d67c4_9c100d4c,
        0x4cc5d4be_cb3e42b6, 0x597f299c_fc657e2a,
        0x5fcb6fab_3ad6faec, 0x6c44198c_4a475817
    ]

    /// Compresses `count` consecutive 128-byte blocks at `blocks` into `state`.
    static func compress(_ state: inout State, _ blocks: UnsafeRawPointer, _ count: Int) {
        roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 80) { w in
                var (h0, h1, h2, h3, h4, h5, h6, h7) = state
                for block in 0..<count {
                    let words = blocks + block * 128
                    for t in 0..<16 {
                        w[t] = words.loadUnaligned(fromByteOffset: t * 8, as: UInt64.self).bigEndian
                    }
                    for t in 16..<80 {
                        let x = w[t - 15], y = w[t - 2]
                        let s0 = rotr(x, 1) ^ rotr(x, 8) ^ (x &>> 7)
                        let s1 = rotr(y, 19) ^ rotr(y, 61) ^ (y &>> 6)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    // Eight rounds per pass, renaming the variables instead of shifting them.
                    for t in stride(from: 0, to: 80, by: 8) {
                        round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                        round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                        round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                        round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                        round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                        round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                        round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                }
                state = (h0, h1, h2, h3, h4, h5, h6, h7)
            }
        }
    }

    /// One round (FIPS 180-4 §6.4.2): d += T1 and h = T1 + T2, with Ch(e, f, g) = g ^ (e & (f ^ g))
    /// and Maj(a, b, c) = (a & b) | (c & (a | b)), the cheaper equivalent forms.
    @inline(__always)
    private static func round(
        _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: inout UInt64,
        _ e: UInt64, _ f: UInt64, _ g: UInt64, _ h: inout UInt64, _ kw: UInt64
    ) {
        let t1 = h &+ (rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41)) &+ (g ^ (e & (f ^ g))) &+ kw
        d = d &+ t1
        h = t1 &+ (rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39)) &+ ((a & b) | (c & (a | b)))
    }
}

@inline(__always)
private func rotr(_ x: UInt64, _ n: UInt64) -> UInt64 {
    (x &>> n) | (x &<< (64 &- n))
}
