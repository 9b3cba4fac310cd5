import Foundation
import GenDegEngine

/// A one-line progress bar on standard error with throughput and ETA.
final class ProgressBar: @unchecked Sendable {
    let label: String
    private var policy = ProgressLinePolicy(isTerminal: isatty(STDERR_FILENO) != 0)
    let lock = NSLock()

    init(label: String) { self.label = label }

    func update(_ progress: SynthesisProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard policy.shouldDraw(final: progress.done == progress.total) else { return }
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        let filled = Int(fraction * 30)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        let eta = progress.secondsLeft.map(formatDuration) ?? "--"
        let line = String(format: "%@ %@ %d/%d  %.2f img/s  ETA %@", label, bar, progress.done, progress.total,
                          progress.samplesPerSecond, eta)
        FileHandle.standardError.write(Data((policy.isTerminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
    }

    func finish() {
        if policy.isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// "42s", "3m07s", "2h05m09s": an ETA a person can read at a glance.
func formatDuration(_ seconds: Double) -> String {
    let total = Int(seconds.rounded(.up))
    let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
    if hours > 0 { return String(format: "%dh%02dm%02ds", hours, minutes, rest) }
    if minutes > 0 { return String(format: "%dm%02ds", minutes, rest) }
    return "\(rest)s"
}

/// A step counter with ETA for sampling loops and restorers.
final class StepBar: @unchecked Sendable {
    let label: String
    let started = Date()
    private var policy = ProgressLinePolicy(isTerminal: isatty(STDERR_FILENO) != 0)
    /// The latest state not yet written, so that a log still ends on the last one.
    private var pending: String?
    private let lock = NSLock()

    init(label: String) { self.label = label }

    /// "label ███░░ step 3/12  4.0 s left" (`unit` names what is counted: step, tile).
    func update(step: Int, total: Int, unit: String = "step") {
        let elapsed = Date().timeIntervalSince(started)
        let left = step > 0 ? elapsed / Double(step) * Double(total - step) : 0
        draw(filled: total > 0 ? step * 30 / total : 30, String(format: "%@ %d/%d  %.1f s left", unit, step, total, left),
             final: step >= total)
    }

    /// "label ███░░ 37%  4.0 s left", for work that reports a fraction.
    func update(percent fraction: Double) {
        let elapsed = Date().timeIntervalSince(started)
        let left = fraction > 0 ? elapsed / fraction * (1 - fraction) : 0
        draw(filled: Int(fraction * 30), String(format: "%d%%  %.1f s left", Int(fraction * 100), left), final: fraction >= 1)
    }

    private func draw(filled: Int, _ text: String, final: Bool) {
        let clamped = max(0, min(30, filled))
        let line = "\(label) \(String(repeating: "█", count: clamped) + String(repeating: "░", count: 30 - clamped)) \(text)"
        lock.lock()
        defer { lock.unlock() }
        guard policy.shouldDraw(final: final) else {
            pending = line
            return
        }
        pending = nil
        write(line)
    }

    private func write(_ line: String) {
        FileHandle.standardError.write(Data((policy.isTerminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if let pending { write(pending) }
        pending = nil
        if policy.isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Turns SIGINT/SIGTERM into a flag the work loop polls, so work in flight finishes cleanly.
final class InterruptFlag: @unchecked Sendable {
    private static var shared: InterruptFlag?
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var set = false

    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return set }

    static func install() -> InterruptFlag {
        let flag = InterruptFlag()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                flag.lock.lock()
                let second = flag.set
                flag.set = true
                flag.lock.unlock()
                if second { exit(130) }
                FileHandle.standardError.write(Data("\nstopping after the samples in flight (again to quit now)\n".utf8))
            }
            source.resume()
            flag.sources.append(source)
        }
        shared = flag
        return flag
    }
}
