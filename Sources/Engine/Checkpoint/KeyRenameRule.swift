import Foundation

/// One substring replacement of a checkpoint key map. Rules apply in order, each to the result
/// of the one before, every occurrence replaced: the semantics of diffusers' chained
/// `str.replace` calls, which the key maps must reproduce name for name.
struct KeyRenameRule: Sendable, Equatable {
    let old: String
    let new: String

    init(_ old: String, _ new: String) {
        self.old = old
        self.new = new
    }

    static func apply(_ rules: [KeyRenameRule], to name: String) -> String {
        rules.reduce(name) { $0.replacingOccurrences(of: $1.old, with: $1.new) }
    }
}
