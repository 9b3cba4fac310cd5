extension ExplorerSession {
    /// What a session works with: its generators, restorers, the real datasets' statistics
    /// (the slider's range and presets), the working size and where exports go.
    public struct Configuration {
        public var physical: DegradationGenerator
        public var catalog: IntensityStatsCatalog
        public var diffusion: DegradationGenerator?
        public var restorers: [Restorer]
        /// Images are worked on at this size (longest side) so previews stay interactive.
        public var workingSize: Int
        public var exportFolder: String

        public init(physical: DegradationGenerator, catalog: IntensityStatsCatalog, diffusion: DegradationGenerator? = nil,
                    restorers: [Restorer] = [], workingSize: Int = 512, exportFolder: String = "gendeg-exports") {
            self.physical = physical
            self.catalog = catalog
            self.diffusion = diffusion
            self.restorers = restorers
            self.workingSize = workingSize
            self.exportFolder = exportFolder
        }
    }
}
