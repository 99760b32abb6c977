/// A seeded pseudo-random stream (SplitMix64): small, fast, and the same on every platform.
///
/// Each unit draws from its own stream, derived from (run seed, unit id, purpose), so adding,
/// removing or reordering units never changes what another unit draws: two policies that differ
/// in their patrols see the same migrants (common random numbers).
public struct RandomStream: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for one purpose of one named entity, e.g. (seed, "group-1", 1).
    public init(seed: UInt64, entity: String, purpose: UInt64) {
        // FNV-1a of the name: stable across runs and platforms, unlike `Hasher`.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in entity.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var mix = RandomStream(seed: seed ^ (h &* 0x9E37_79B9_7F4A_7C15))
        state = mix.next() ^ (purpose &* 0xD1B5_4A32_D192_ED03)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
