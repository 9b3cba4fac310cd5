import Foundation

/// What a model folder's gendeg.json says about the model. The file is optional; when it is
/// there it must be valid, since a silently ignored file would change the resolution, caption
/// and guidance a run uses without a word.
public struct GenDegModelInfo: Equatable, Sendable {
    public var name: String?
    public var resolution: Int?
    public var promptCaption: String?
    public var recommendedGuidance: Guidance?

    public struct Guidance: Equatable, Sendable {
        public var text: Double
        public var image: Double
    }

    /// The largest resolution a gendeg.json may name (the reference trains at 256 or 512).
    public static let maximumResolution = 2048

    /// The folder's gendeg.json, nil when it has none; an error naming the file and the
    /// problem when it cannot be read, is not JSON, or a known key has the wrong type.
    public static func read(folder: String) throws -> GenDegModelInfo? {
        let path = (folder as NSString).appendingPathComponent("gendeg.json")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try InputFile.read(path) } catch let error as FileError {
            throw GenDegModelError.badConfig(path, error.reason)
        }
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String) throws -> GenDegModelInfo {
        func fail(_ reason: String) -> GenDegModelError { .badConfig(file, reason) }
        let json: JSONValue
        do { json = try JSONValue.parse(data, what: "JSON") } catch {
            throw fail("\(error)")
        }
        guard case .object = json else { throw fail("expected a JSON object") }
        var info = GenDegModelInfo()
        func string(_ key: String) throws -> String? {
            switch json[key] {
            case nil, .null?: return nil
            case let .string(text)?: return text
            default: throw fail("'\(key)' must be a string")
            }
        }
        info.name = try string("name")
        info.promptCaption = try string("prompt_caption")
        switch json["resolution"] {
        case nil, .null?: break
        case let .int(value)? where value >= 8 && value <= maximumResolution && value % 8 == 0: info.resolution = value
        default: throw fail("'resolution' must be a multiple of 8 between 8 and \(maximumResolution)")
        }
        switch json["recommended_guidance"] {
        case nil, .null?: break
        case let guidance?:
            func scale(_ key: String) throws -> Double {
                switch guidance[key] {
                case let .int(value)?: return Double(value)
                case let .double(value)? where value.isFinite: return value
                default: throw fail("'recommended_guidance' needs finite numbers 'text' and 'image'")
                }
            }
            guard case .object = guidance else { throw fail("'recommended_guidance' must be an object with 'text' and 'image'") }
            info.recommendedGuidance = Guidance(text: try scale("text"), image: try scale("image"))
        }
        return info
    }
}
