/// The parts of a latent diffusion pipeline, named as diffusers' folders are.
public enum ModelComponent: String, Sendable, CaseIterable {
    case unet
    case vae
    case textEncoder = "text_encoder"
}

/// One pipeline component's weights under diffusers names, whatever the checkpoint's own
/// naming (LDM single file, diffusers folder, single diffusers-named file).
public struct ComponentWeights: @unchecked Sendable {
    public let component: ModelComponent
    public let file: CheckpointFile
    /// diffusers name -> name in `file`.
    public let sourceNames: [String: String]
    /// The library namings recognised and rewritten (`ComponentNaming`), for `gendeg inspect`.
    public let namingNotes: [String]

    public var names: [String] { sourceNames.keys.sorted() }

    /// Resolves `component` in `file`; LDM UNets use EMA weights when `useEMA` and present.
    public static func resolve(_ component: ModelComponent, in file: CheckpointFile, useEMA: Bool = true) throws -> ComponentWeights {
        let names = file.names
        var map: [String: String]
        if names.contains(where: { $0.hasPrefix(LDMKeyMap.unetPrefix) || $0.hasPrefix("first_stage_model.")
            || $0.hasPrefix("cond_stage_model.") }) {
            switch component {
            case .unet: map = LDMKeyMap.unet(names, useEMA: useEMA)
            case .vae: map = LDMKeyMap.vae(names.filter { LDMKeyMap.vaePrefixes.contains(where: $0.hasPrefix) })
            case .textEncoder: map = LDMKeyMap.textEncoder(names)
            }
        } else {
            let prefix = component.rawValue + "."
            map = [:]
            for name in names where name.hasPrefix(prefix) { map[String(name.dropFirst(prefix.count))] = name }
            if map.isEmpty, Self.looksLike(component, names: Set(names)) {
                for name in names { map[name] = name }
            }
        }
        guard !map.isEmpty else {
            throw CheckpointError.missingTensor("\(component.rawValue) weights (none found in \(file.path))")
        }
        let (canonical, notes) = ComponentNaming.canonical(map, component: component)
        return ComponentWeights(component: component, file: file, sourceNames: canonical, namingNotes: notes)
    }

    static func looksLike(_ component: ModelComponent, names: Set<String>) -> Bool {
        switch component {
        case .unet: return names.contains("conv_in.weight") && names.contains("time_embedding.linear_1.weight")
        case .vae: return names.contains("encoder.conv_in.weight") && names.contains("decoder.conv_in.weight")
        case .textEncoder: return ComponentNaming.looksLikeTextEncoder(names)
        }
    }

    public func info(_ name: String) -> TensorInfo? {
        guard let source = sourceNames[name], let info = file.info(source) else { return nil }
        let shape = Self.convertedShape(component: component, name: name, shape: info.shape)
        return TensorInfo(dtype: info.dtype, shape: shape)
    }

    public func tensor(_ name: String) throws -> Tensor {
        guard let source = sourceNames[name] else { throw CheckpointError.missingTensor("\(component.rawValue).\(name)") }
        let tensor = try file.tensor(source)
        let shape = Self.convertedShape(component: component, name: name, shape: tensor.shape)
        return shape == tensor.shape ? tensor : tensor.reshaped(shape)
    }

    /// LDM's VAE attention uses 1x1 convolutions where diffusers uses linear layers; the
    /// weights are the same numbers with the trailing unit dimensions dropped.
    static func convertedShape(component: ModelComponent, name: String, shape: [Int]) -> [Int] {
        guard component == .vae, name.contains("mid_block.attentions."), name.hasSuffix(".weight"), shape.count > 2,
              shape.dropFirst(2).allSatisfy({ $0 == 1 }) else { return shape }
        return Array(shape.prefix(2))
    }
}
