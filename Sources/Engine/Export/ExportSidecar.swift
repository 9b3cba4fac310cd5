/// The JSON sidecar written beside exported images: what reproduces the sample.
public struct ExportSidecar: Codable, Equatable, Sendable {
    public struct Source: Codable, Equatable, Sendable {
        public var path: String
        public var sha256: String
        public var originalSize: ImageSize
        /// The size the images were made at (the source resized with Lanczos-3 to fit).
        public var workingSize: ImageSize
    }

    public struct Degraded: Codable, Equatable, Sendable {
        public var file: String
        public var generator: String
        /// True for every image a generative (diffusion) model made, false for physical ones.
        public var synthetic: Bool
        public var measuredMu: Double
        public var measuredSigma: Double
        public var intensity: Double?
        public var modelFile: String?
        public var modelSHA256: String?
        public var psnr: Double?
        public var ssim: Double?
    }

    public struct Restored: Codable, Equatable, Sendable {
        public var file: String
        public var restorer: String
        public var restoredFrom: DegradedSource
        /// Null when the image equals the clean one (infinite PSNR).
        public var psnr: Double?
        public var ssim: Double
    }

    public var gendegVersion: String
    public var source: Source
    public var cleanFile: String
    public var type: DegradationType
    public var sliderPosition: Double
    public var targetMu: Double
    public var targetSigma: Double
    public var seed: UInt64
    public var sampler: String
    public var steps: Int
    public var textGuidance: Double
    public var imageGuidance: Double
    public var degraded: [Degraded]
    public var restored: [Restored]
}
