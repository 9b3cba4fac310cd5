/// Tensor names that changed between library versions, rewritten to the names the engine's
/// models read. Which naming a file uses is told from the names it holds; a rewrite is made
/// only where the engine's name is absent, so a file that has both keeps its own.
enum ComponentNaming {
    /// transformers 5.x saves `CLIPTextModel` (and `CLIPTextModelWithProjection`) without the
    /// `text_model.` level that 4.x and LDM checkpoints have.
    static let textModelPrefix = "text_model."
    static let textModelChildren = ["embeddings.", "encoder.", "final_layer_norm."]
    /// diffusers before 0.14 named the VAE mid-block attention query/key/value/proj_attn.
    static let legacyVAEAttention = [(".query.", ".to_q."), (".key.", ".to_k."), (".value.", ".to_v."), (".proj_attn.", ".to_out.0.")]

    /// `map` (engine name -> source name) with renamed entries added, and a sentence naming
    /// each naming that was recognised ("transformers 5.x CLIP naming ...").
    static func canonical(_ map: [String: String], component: ModelComponent) -> (map: [String: String], notes: [String]) {
        var result = map
        var notes: [String] = []
        switch component {
        case .textEncoder:
            var renamed = 0
            for (name, source) in map where textModelChildren.contains(where: name.hasPrefix) {
                let canonical = textModelPrefix + name
                if result[canonical] == nil {
                    result[canonical] = source
                    result[name] = nil
                    renamed += 1
                }
            }
            if renamed > 0 { notes.append("transformers 5.x CLIP naming (no 'text_model.' prefix; \(renamed) tensors)") }
            if map["text_projection.weight"] != nil {
                notes.append("CLIPTextModelWithProjection (text_projection unused: the UNet takes the hidden states)")
            }
        case .vae:
            var renamed = 0
            for (name, source) in map where name.contains("mid_block.attentions.") {
                for (old, new) in legacyVAEAttention where name.contains(old) {
                    let canonical = name.replacingOccurrences(of: old, with: new)
                    if result[canonical] == nil {
                        result[canonical] = source
                        result[name] = nil
                        renamed += 1
                    }
                }
            }
            if renamed > 0 { notes.append("diffusers < 0.14 VAE attention naming (query/key/value/proj_attn; \(renamed) tensors)") }
        case .unet:
            break
        }
        return (result, notes)
    }

    /// Whether `names` hold a CLIP text tower under either transformers naming.
    static func looksLikeTextEncoder(_ names: Set<String>) -> Bool {
        names.contains(textModelPrefix + "embeddings.token_embedding.weight") || names.contains("embeddings.token_embedding.weight")
    }
}
