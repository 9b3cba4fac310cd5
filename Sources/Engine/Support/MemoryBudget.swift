import Foundation

/// Compares an estimate of the memory a run needs with a limit before the run starts, so an
/// oversized request is refused with both numbers instead of dying in the allocator.
public enum MemoryBudget {
    /// The machine's physical memory in bytes.
    public static var physicalBytes: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory) }

    /// Throws when `estimate` bytes exceed `limit` (default: the machine's memory). `what` names
    /// the run and `cause` the flag to change.
    public static func check(estimate: Int, limit: Int? = nil, what: String, cause: String) throws {
        let bound = limit ?? physicalBytes
        guard estimate > bound else { return }
        let limitName = limit == nil ? "this machine's memory" : "the limit"
        throw ParameterError(cause, "\(what) needs about \(format(estimate)), over \(limitName) of \(format(bound))")
    }

    /// `a * b * ...` in bytes, saturating at Int.max instead of trapping.
    public static func product(_ factors: Int...) -> Int {
        var result = 1
        for factor in factors {
            let (value, overflow) = result.multipliedReportingOverflow(by: max(0, factor))
            if overflow { return Int.max }
            result = value
        }
        return result
    }

    /// `a + b + ...`, saturating.
    public static func sum(_ terms: Int...) -> Int {
        var result = 0
        for term in terms {
            let (value, overflow) = result.addingReportingOverflow(term)
            if overflow { return Int.max }
            result = value
        }
        return result
    }

    public static func format(_ bytes: Int) -> String {
        let gib = Double(bytes) / Double(1 << 30)
        if gib >= 1 { return String(format: "%.1f GiB", gib) }
        return String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
    }
}
