import Foundation

/// A one-line progress bar with ETA on stderr, shown only on a terminal and only once a run
/// has taken more than a second, so short runs and pipes stay clean.
final class ProgressBar {
    private let enabled: Bool
    private let started = Date()
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let elapsed = Date().timeIntervalSince(started)
        guard elapsed > 1 else { return }
        let fraction = Double(done) / Double(total)
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(
            Data(String(format: "\r[%@] %3.0f%%  ETA %4.0f s", bar, fraction * 100, eta).utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
