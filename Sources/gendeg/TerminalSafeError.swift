import ArgumentParser
import Foundation
import GenDegEngine

/// An error whose message is printed with its control characters made visible: messages quote
/// file content (tensor names, pickle globals, registry text), which must not drive the terminal.
struct TerminalSafeError: Error, LocalizedError {
    let errorDescription: String?

    init(_ error: Error) {
        let message: String
        if let localized = (error as? LocalizedError)?.errorDescription {
            message = localized
        } else if type(of: error) is NSError.Type {
            message = error.localizedDescription
        } else {
            message = String(describing: error)
        }
        errorDescription = TerminalText.escaped(message, keepingLineBreaks: true)
    }

    /// The error to report: argument-parser's own errors (help, exit codes, validation) as they
    /// are, since it prints them itself; every other error escaped.
    static func reporting(_ error: Error) -> Error {
        switch error {
        case is ExitCode, is CleanExit, is ValidationError: return error
        default: return TerminalSafeError(error)
        }
    }
}
