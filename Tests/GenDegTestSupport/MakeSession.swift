import GenDegEngine

/// A session over these images with test doubles for the generators and restorers, the bundled
/// intensity statistics and a fresh export folder.
public func makeSession(paths: [String], physical: DegradationGenerator = VeilGenerator(), diffusion: DegradationGenerator? = nil,
                        restorers: [Restorer] = [StretchRestorer(name: "stretch-a"), StretchRestorer(name: "stretch-b")],
                        exportFolder: String? = nil) throws -> ExplorerSession {
    let configuration = ExplorerSession.Configuration(
        physical: physical, catalog: try IntensityStatsCatalog.bundled(), diffusion: diffusion, restorers: restorers,
        workingSize: 512, exportFolder: try exportFolder ?? TestImages.temporaryFolder())
    return ExplorerSession(imagePaths: paths, configuration: configuration)
}
