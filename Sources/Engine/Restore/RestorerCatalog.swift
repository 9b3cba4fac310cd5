import Foundation

/// Every restorer gendeg can run: the classical ones, the learned models bundled with the
/// engine (Resources/models/restorers.toml), and the user's registry of checkpoints.
public enum RestorerCatalog {
    /// Where a restorer comes from, for listings.
    public enum Kind: String, Sendable {
        case classical, bundled, user
    }

    public struct Item: Sendable {
        public let restorer: Restorer
        public let kind: Kind
    }

    /// The bundled registry file, when this build ships learned restorers.
    public static func bundledRegistryPath() -> String? {
        Bundle.module.url(forResource: "restorers", withExtension: "toml", subdirectory: "models")?.path
    }

    /// All restorers, classical first. `registry` overrides the user registry's default path.
    public static func items(registry: String? = nil) throws -> [Item] {
        var items = ClassicalRestorers.all.map { Item(restorer: $0, kind: .classical) }
        if let bundled = bundledRegistryPath() {
            items += try LearnedRestorers.registry(path: bundled).map { Item(restorer: $0, kind: .bundled) }
        }
        let user = try LearnedRestorers.registry(path: registry)
        for restorer in user {
            if let taken = items.first(where: { $0.restorer.name.caseInsensitiveCompare(restorer.name) == .orderedSame })
                ?? (try? ClassicalRestorers.named(restorer.name)).map({ Item(restorer: $0, kind: .classical) }) {
                // The earlier restorer would win every lookup, so the entry would never run.
                throw LearnedRestorerError.registry(
                    file: registry ?? RestorerRegistryFile.defaultPath, line: nil,
                    reason: "the entry '\(restorer.name)' has the name of the \(taken.kind.rawValue) restorer \(taken.restorer.name); rename it")
            }
        }
        return items + user.map { Item(restorer: $0, kind: .user) }
    }

    public static func all(registry: String? = nil) throws -> [Restorer] {
        try items(registry: registry).map(\.restorer)
    }

    /// The restorer with this name (case-insensitive; "desnow" is derain's other name).
    public static func named(_ name: String, registry: String? = nil) throws -> Restorer {
        let all = try all(registry: registry)
        if let found = all.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return found }
        if let classical = try? ClassicalRestorers.named(name) { return classical }
        throw RestoreError.unknownRestorer(name, available: all.map(\.name))
    }
}
