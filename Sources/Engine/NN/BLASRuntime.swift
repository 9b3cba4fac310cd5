import CBLAS
import Foundation

/// Which OpenBLAS kernels this process runs, and the fix when they are the slow ones.
///
/// OpenBLAS (DYNAMIC_ARCH builds, as Debian's) picks its kernels once, when the library
/// loads, from the CPU model. On virtual CPUs it does not recognise ("Intel Xeon Processor")
/// it falls back to generic SSE3 "Prescott" kernels, 3-5x slower than the AVX2/AVX-512 ones
/// the CPU actually supports. It reads OPENBLAS_CORETYPE only at load time, so the remedy
/// is to set that variable and re-execute the program.
public enum BLASRuntime {
    /// The kernel family OpenBLAS selected ("Prescott", "Haswell", "SkylakeX", ...).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The best OpenBLAS core type for a CPU with these /proc/cpuinfo flags, or nil if it
    /// lacks AVX2 + FMA (then OpenBLAS's own choice stands).
    public static func preferredCoreType(cpuFlags flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The flags of the first processor in /proc/cpuinfo (empty where that file is absent).
    public static func cpuFlags() -> Set<String> {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// Call first thing in `main`: if OpenBLAS fell back to the generic kernels on a CPU
    /// that supports better ones and OPENBLAS_CORETYPE is unset, re-executes this program
    /// with it set (does not return). Otherwise, or if re-execution fails, returns.
    public static func reexecWithFastKernelsIfNeeded() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              coreName == "Prescott" || coreName == "Katmai" || coreName == "Core2",
              let preferred = preferredCoreType(cpuFlags: cpuFlags())
        else { return }
        setenv("OPENBLAS_CORETYPE", preferred, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv("OPENBLAS_CORETYPE")  // exec failed: carry on with the slow kernels
    }
}
