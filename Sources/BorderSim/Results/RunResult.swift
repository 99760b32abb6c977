import BorderGeometry

/// Everything a run produced: events, incursions and sampled tracks, ready for the writers.
public struct RunResult: Sendable {
    /// The scenario as run: with the groups its arrival flows drew as units of their own.
    public var scenario: Scenario
    /// The seed this replicate ran with.
    public var seed: UInt64
    /// Events in time order (ties: the order they were detected in the tick).
    public var events: [Event]
    /// Incursions in order of entry.
    public var incursions: [Incursion]
    /// Ticks at which positions were sampled; `tracks[i].positions[k]` is at `sampleTicks[k]`.
    public var sampleTicks: [Int]
    public var tracks: [Track]
    /// Seconds since the start at which the run ended.
    public var endTime: Double

    public struct Track: Sendable, Hashable {
        public var unit: String
        public var member: Int
        public var affiliation: String
        public var role: String
        public var kind: UnitSpec.Kind
        /// One per sample; stored without the still stretches it starts and ends with.
        public var positions: SampledPositions
        /// Metres the member walked in the whole run, every step counted (not only the samples).
        public var distance: Double = 0
        /// The samples (indices into `sampleTicks`) from when the member appeared until it left
        /// the simulated area; nil: all of them. A writer draws the track over these only.
        public var present: Range<Int>? = nil
    }
}
