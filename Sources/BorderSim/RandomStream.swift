/// A seeded pseudo-random stream (SplitMix64): small, fast, and the same on every platform.
///
/// Each unit draws from its own stream, derived from (run seed, unit index, purpose), so
/// adding a unit or reordering work never changes what another unit draws.
public struct RandomStream: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for one purpose of one entity, e.g. (seed, unit 3, "members").
    public init(seed: UInt64, entity: Int, purpose: UInt64) {
        var mix = RandomStream(seed: seed ^ (UInt64(truncatingIfNeeded: entity) &* 0x9E37_79B9_7F4A_7C15))
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
