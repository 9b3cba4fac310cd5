import Foundation

/// Every model this build can find: the bundled diffusion model, the bundled learned restorers
/// and those of the user's registry, with their paths (nothing is loaded, so listing is instant).
public enum ModelCatalog {
    /// `registry` overrides the user registry's default path; an absent default file lists nothing.
    public static func listings(registry: String? = nil) throws -> [ModelListing] {
        var listings: [ModelListing] = []
        if let diffusion = DiffusionGenerators.bundledModelPath() {
            listings.append(ModelListing(name: (diffusion as NSString).lastPathComponent, kind: .diffusion, source: .bundled,
                                         path: diffusion))
        }
        if let bundled = RestorerCatalog.bundledRegistryPath() {
            listings += try RestorerRegistryFile.load(path: bundled).map {
                ModelListing(name: $0.name, kind: .restorer, source: .bundled, path: $0.path)
            }
        }
        let user = registry ?? RestorerRegistryFile.defaultPath
        if registry != nil || FileManager.default.fileExists(atPath: user) {
            listings += try RestorerRegistryFile.load(path: user).map {
                ModelListing(name: $0.name, kind: .restorer, source: .user, path: $0.path)
            }
        }
        return listings
    }
}
