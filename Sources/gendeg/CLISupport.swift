import ArgumentParser
import Foundation
import GenDegEngine

/// A failure the user caused or can fix; printed as "Error: <message>" with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension DegradationType: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(cliName: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// Prints a JSON object with keys in the given order (stable output for scripts).
func printJSON(_ pairs: [(String, Any)]) {
    let body = pairs.map { key, value -> String in
        "\"\(key)\":\(jsonValue(value))"
    }.joined(separator: ",")
    print("{\(body)}")
}

func jsonValue(_ value: Any) -> String {
    switch value {
    case let number as Double: return number.isFinite ? String(format: "%.6f", number) : "null"
    case let number as Float: return jsonValue(Double(number))
    case let number as Int: return String(number)
    case let text as String:
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        return data.flatMap { String(data: $0, encoding: .utf8) }.map { String($0.dropFirst().dropLast()) } ?? "\"\""
    case let flag as Bool: return flag ? "true" : "false"
    default: return "null"
    }
}

func formatDecibels(_ value: Double) -> String {
    value.isFinite ? String(format: "%.2f dB", value) : "inf (identical)"
}

/// Output images are always PNG; a name ending in another extension would hold PNG bytes under a false name.
func requirePNGOutput(_ path: String) throws {
    guard path.lowercased().hasSuffix(".png") else {
        throw ValidationError("\(path): the output is written as PNG, so its name must end in .png")
    }
}
