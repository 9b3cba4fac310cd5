import Foundation

/// What to generate with GenDeg.
public struct GenDegParameters: Sendable {
    public var type: DegradationType
    public var mu: Double?
    public var sigma: Double?
    public var caption: String
    public var steps: Int
    public var sampler: SamplerKind
    public var textGuidance: Float
    public var imageGuidance: Float
    public var seed: UInt64
    public var rng: NoiseSourceKind
    /// Side of the square the image is resized to (the reference resizes to res x res).
    public var resolution: Int
    /// Structure correction after decoding, at the model's resolution (nil: none).
    public var structureCorrection: StructureCorrection?
    /// The reference's mixed prompt ("rainy and hazy" / "snowy and hazy") for ORD and CSD draws.
    public var mixedWithHaze = false
    /// Keep the sampled square (run_single.py's output) instead of resizing back to the input's size.
    public var squareOutput = false

    /// The prompt these parameters condition on.
    public var prompt: String { GenDegPrompt.text(caption: caption, type: type, mixedWithHaze: mixedWithHaze) }

    public init(type: DegradationType, mu: Double?, sigma: Double?, caption: String = GenDegDefaults.caption,
                steps: Int = GenDegDefaults.steps, sampler: SamplerKind = GenDegDefaults.sampler,
                textGuidance: Float = Float(GenDegDefaults.textGuidance), imageGuidance: Float = Float(GenDegDefaults.imageGuidance),
                seed: UInt64 = 0, rng: NoiseSourceKind = .torchCPU, resolution: Int = GenDegDefaults.resolution,
                structureCorrection: StructureCorrection? = nil) {
        self.type = type
        self.mu = mu
        self.sigma = sigma
        self.caption = caption
        self.steps = steps
        self.sampler = sampler
        self.textGuidance = textGuidance
        self.imageGuidance = imageGuidance
        self.seed = seed
        self.rng = rng
        self.resolution = resolution
        self.structureCorrection = structureCorrection
    }
}

/// GenDeg's sampling, as run_single.py does it: InstructPix2Pix dual classifier-free guidance
/// over k-diffusion's CompVisDenoiser, with the three UNet passes (cond, image-only, uncond)
/// batched into one evaluation.
public struct GenDegPipeline: Sendable {
    public let model: GenDegModel
    public let denoiserSchedule: CompVisDenoiser

    public init(model: GenDegModel) {
        self.model = model
        denoiserSchedule = model.schedule.denoiser
    }

    /// The [1, 77, W] contexts: conditional (prompt + stats) and unconditional ("" + null stats).
    /// Without GenDeg's conditioning (plain InstructPix2Pix) they are the text embeddings alone
    /// and mu/sigma are ignored.
    public func contexts(prompt: String, mu: Double?, sigma: Double?) throws -> (cond: Tensor, uncond: Tensor) {
        let text = try model.textEncoder.forward(tokens: model.tokenizer.encode(prompt))
        let empty = try model.textEncoder.forward(tokens: model.tokenizer.encode(""))
        guard let conditioning = model.conditioning else { return (text, empty) }
        let cond = conditioning.context(text: text, oneHots: try IntensityOneHot.encode(mu: mu, sigma: sigma))
        let uncond = conditioning.context(text: empty, oneHots: try IntensityOneHot.encode(mu: nil, sigma: nil))
        return (cond, uncond)
    }

    /// The clean image as the UNet's concat condition: the VAE posterior mode, unscaled.
    public func imageLatent(_ image: RGBImage) throws -> Tensor {
        let side = image.width
        var input = Tensor(shape: [1, 3, image.height, side], data: image.pixels)
        input.data.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = 2 * b[i] - 1 } }
        return try model.vae.encode(input).mean
    }

    /// Decodes a sampled (scaled) latent to an image in [0, 1].
    public func decode(_ latent: Tensor) throws -> RGBImage {
        var z = latent
        let scale = 1 / model.vaeConfig.scalingFactor
        z.data.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] *= scale } }
        let decoded = try model.vae.decode(z)
        let height = decoded.shape[2], width = decoded.shape[3]
        return RGBImage(width: width, height: height, pixels: decoded.data.map { min(max(($0 + 1) / 2, 0), 1) })
    }

    /// Generates the degraded version of `clean` (any size: it is resized to the model's
    /// square resolution and the result back to the input's size). `onStep` gets the step
    /// index, the total and a cheap preview of the current x0 estimate; false cancels.
    public func generate(clean: RGBImage, parameters p: GenDegParameters,
                         onStep: (_ step: Int, _ total: Int, _ preview: RGBImage?) -> Bool = { _, _, _ in true }) throws -> RGBImage {
        try p.check()
        try model.checkRun(resolution: p.resolution, name: "resolution")
        let side = p.resolution
        let input = clean.resized(width: side, height: side)
        var output = try decode(sampleLatent(input: input, parameters: p, onStep: onStep))
        if let correction = p.structureCorrection, correction.applies(to: p.type) {
            output = try correction.corrector.correct(generated: output, clean: input)
        }
        return p.squareOutput ? output : output.resized(width: clean.width, height: clean.height)
    }

    /// The sampled (scaled) latent for `input`, already at the model's resolution.
    public func sampleLatent(input: RGBImage, parameters p: GenDegParameters,
                             onStep: (_ step: Int, _ total: Int, _ preview: RGBImage?) -> Bool = { _, _, _ in true }) throws -> Tensor {
        let (cond, uncond) = try contexts(prompt: p.prompt, mu: p.mu, sigma: p.sigma)
        let imageLatent = try imageLatent(input)
        let latentShape = imageLatent.shape
        let zeros = Tensor(zeros: latentShape)
        // Batch order of the reference's CFGDenoiser: (cond, image-only, uncond).
        let concat = TensorOps.concatBatch([imageLatent, imageLatent, zeros])
        let context = TensorOps.concatBatch([cond, uncond, uncond])
        let unet = model.unet
        let (textScale, imageScale) = (p.textGuidance, p.imageGuidance)
        let denoiser = denoiserSchedule.wrap { scaledX, t in
            let x3 = TensorOps.concatBatch([scaledX, scaledX, scaledX])
            let eps = try unet.forward(sample: TensorOps.concatChannels(x3, concat), timestep: t, context: context)
            return Self.combineGuidance(eps, text: textScale, image: imageScale)
        }
        let sigmas = denoiserSchedule.getSigmas(p.steps)
        var noise = p.rng.make(seed: p.seed)
        var x = Tensor(shape: latentShape, data: noise.normal(count: imageLatent.count))
        x.data.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] *= sigmas[0] } }
        return try Sampler.sample(kind: p.sampler, denoiser: denoiser, initial: x, sigmas: sigmas, noise: &noise) {
            step, total, denoised in onStep(step, total, LatentPreview.rgb(denoised, original: input))
        }
    }

    /// uncond + text (cond - image-only) + image (image-only - uncond), on a batch of 3.
    static func combineGuidance(_ eps: Tensor, text: Float, image: Float) -> Tensor {
        let n = eps.count / 3
        var out = [Float](repeating: 0, count: n)
        eps.data.withUnsafeBufferPointer { e in
            for i in 0..<n {
                let cond = e[i], imageOnly = e[n + i], uncond = e[2 * n + i]
                out[i] = uncond + text * (cond - imageOnly) + image * (imageOnly - uncond)
            }
        }
        return Tensor(shape: [1] + Array(eps.shape.dropFirst()), data: out)
    }
}
