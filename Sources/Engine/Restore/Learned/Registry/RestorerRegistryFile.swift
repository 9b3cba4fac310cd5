import Foundation

/// One learned restorer the user registered.
public struct RestorerEntry: Equatable, Sendable {
    public var name: String
    /// The declared architecture ("nafnet", "restormer", "zero-dce", "zero-dce++",
    /// "neuro-low-light"); nil to detect it from the checkpoint.
    public var architecture: String?
    /// Absolute checkpoint path.
    public var path: String
    /// The degradations it targets; nil means the architecture's default.
    public var targets: Set<DegradationType>?
    public var summary: String?
    public var options: LearnedOptions

    public init(name: String, architecture: String? = nil, path: String, targets: Set<DegradationType>? = nil,
                summary: String? = nil, options: LearnedOptions = LearnedOptions()) {
        self.name = name
        self.architecture = architecture
        self.path = path
        self.targets = targets
        self.summary = summary
        self.options = options
    }
}

/// The registry of learned restorers, a TOML file with one `[[restorer]]` table per checkpoint:
///
///     # ~/.config/gendeg/restorers.toml
///     [[restorer]]
///     name = "nafnet-gopro"                        # required: the --restorer name
///     path = "models/NAFNet-GoPro-width32.pth"     # required: relative to this file, or absolute, or ~/...
///     architecture = "nafnet"                      # optional: nafnet, restormer, zero-dce, zero-dce++,
///                                                  #   neuro-low-light; checked against the detected one
///     targets = ["motion-blur"]                    # optional: haze, rain, snow, motion-blur, low-light, raindrop
///     summary = "NAFNet-w32 trained on GoPro"      # optional: one line for `gendeg restorers`
///     tlc_train_size = 256                         # optional, NAFNet: TLC training size, 0 = off
///     scale_factor = 12                            # optional, Zero-DCE++: curve estimation downscale
///     tile_size = 512                              # optional: fixed tile side in pixels
///     tile_overlap = 32                            # optional: tile overlap in pixels
///     memory_limit_mb = 2048                       # optional: working-memory bound that sets the tile size
///
/// Checkpoints are official .pth/.ckpt files (read by the safe unpickler; `params`, `params_ema`,
/// `state_dict` wrappers and `net.` / `module.` prefixes are handled) or safetensors.
public enum RestorerRegistryFile {
    /// $GENDEG_RESTORERS, else $XDG_CONFIG_HOME/gendeg/restorers.toml, else ~/.config/gendeg/restorers.toml.
    public static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["GENDEG_RESTORERS"], !explicit.isEmpty { return explicit }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
        return (config as NSString).appendingPathComponent("gendeg/restorers.toml")
    }

    public static func load(path: String) throws -> [RestorerEntry] {
        let data: Data
        do { data = try InputFile.read(path) } catch {
            throw LearnedRestorerError.registry(file: path, line: nil, reason: "cannot read the file (\(FileError.reason(of: error)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LearnedRestorerError.registry(file: path, line: nil, reason: "cannot read the file (not UTF-8 text)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        return try parse(text, file: path, baseFolder: folder.isEmpty ? FileManager.default.currentDirectoryPath : folder)
    }

    static let knownKeys: Set<String> = ["name", "path", "architecture", "targets", "summary", "tlc_train_size",
                                         "scale_factor", "tile_size", "tile_overlap", "memory_limit_mb"]

    public static func parse(_ text: String, file: String, baseFolder: String) throws -> [RestorerEntry] {
        let tables: [TOMLTable]
        do { tables = try TOMLSubset.parse(text, file: file) } catch let error as TOMLError {
            throw LearnedRestorerError.registry(file: file, line: error.line, reason: error.reason)
        }
        var entries: [RestorerEntry] = []
        for table in tables {
            func fail(_ key: String?, _ reason: String) -> LearnedRestorerError {
                .registry(file: file, line: key.flatMap { table.keyLines[$0] } ?? table.line, reason: reason)
            }
            guard table.name == "restorer" else {
                throw fail(nil, table.name.isEmpty ? "keys must be inside a [[restorer]] table"
                                                   : "unknown table [\(table.name)]; use [[restorer]]")
            }
            if let unknown = table.values.keys.sorted().first(where: { !knownKeys.contains($0) }) {
                throw fail(unknown, "unknown key '\(unknown)'; known: \(knownKeys.sorted().joined(separator: ", "))")
            }
            func string(_ key: String) throws -> String? {
                switch table.values[key] {
                case nil: return nil
                case .string(let s)?: return s
                default: throw fail(key, "'\(key)' must be a string")
                }
            }
            func integer(_ key: String, minimum: Int) throws -> Int? {
                switch table.values[key] {
                case nil: return nil
                case .integer(let n)? where n >= minimum: return n
                default: throw fail(key, "'\(key)' must be an integer >= \(minimum)")
                }
            }
            guard let name = try string("name"), !name.isEmpty, !name.contains(where: { $0.isWhitespace }) else {
                throw fail("name", "each [[restorer]] needs a name without spaces")
            }
            guard !entries.contains(where: { $0.name == name }) else { throw fail("name", "the name '\(name)' is used twice") }
            guard let rawPath = try string("path"), !rawPath.isEmpty else { throw fail("path", "restorer '\(name)' needs a path") }
            var targets: Set<DegradationType>?
            if let value = table.values["targets"] {
                guard case .array(let items) = value else { throw fail("targets", "'targets' must be an array of strings") }
                targets = try Set(items.map { item in
                    guard case .string(let s) = item, let type = DegradationType(cliName: s) else {
                        throw fail("targets", "unknown degradation in targets; use \(DegradationType.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return type
                })
            }
            if let architecture = try string("architecture"),
               !Self.architectureNames.contains(architecture.lowercased().replacingOccurrences(of: "_", with: "-")) {
                throw fail("architecture", "unknown architecture '\(architecture)'; known: \(Self.architectureNames.sorted().joined(separator: ", "))")
            }
            var tiling = TilingOptions()
            if let mb = try integer("memory_limit_mb", minimum: 16) { tiling.memoryLimitBytes = mb << 20 }
            tiling.tileSize = try integer("tile_size", minimum: 32)
            tiling.overlap = try integer("tile_overlap", minimum: 0)
            let options = LearnedOptions(tlcTrainSize: try integer("tlc_train_size", minimum: 0),
                                         scaleFactor: try integer("scale_factor", minimum: 1), tiling: tiling)
            entries.append(RestorerEntry(name: name, architecture: try string("architecture"),
                                         path: resolve(rawPath, against: baseFolder), targets: targets,
                                         summary: try string("summary"), options: options))
        }
        return entries
    }

    static let architectureNames: Set<String> = ["nafnet", "nafnet-local", "restormer", "promptir", "zero-dce", "zero-dce++", "neuro-low-light"]

    static func resolve(_ path: String, against folder: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return ((folder as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
    }
}
