import Foundation

/// Whether a process id names a running process, for cleaning up after killed runs.
public enum ProcessLiveness {
    /// kill(pid, 0) delivers nothing; it fails with ESRCH only when no such process exists
    /// (EPERM means it exists but belongs to someone else).
    public static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
