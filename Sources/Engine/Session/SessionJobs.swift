import Foundation

/// The bodies of a session's background jobs. Each runs on its lane's queue, checks its token
/// where it can stop, and reports only through the scheduler's inbox.
enum SessionJobs {
    /// Reads the image, shrunk to the working size.
    static func load(path: String, workingSize size: Int, token: Int, scheduler: JobScheduler) {
        do {
            let image = try ImageIO.read(path)
            let working = max(image.width, image.height) > size ? image.fitted(maxWidth: size, maxHeight: size) : image
            scheduler.post(.cleanLoaded(token: token, path: path, image: working,
                                        originalSize: ImageSize(width: image.width, height: image.height)))
        } catch {
            scheduler.post(.loadFailed(token: token, message: "\(error)"))
        }
    }

    /// Runs one generation; mu 0 means no degradation, which is the clean image itself.
    static func generate(lane: SessionLane, output: SessionOutput, generator: DegradationGenerator, request: GenerationRequest,
                         token: Int, scheduler: JobScheduler) {
        guard scheduler.isCurrent(lane, token) else { return }
        do {
            let result = request.targetMu == 0
                ? GeneratedImage(image: request.clean, intensity: 0)
                : try generator.generate(request) { step in
                    guard scheduler.isCurrent(lane, token) else { return false }
                    scheduler.post(.progress(lane: lane, token: token, output: output, step: step.index, total: step.total,
                                             preview: step.preview))
                    return true
                }
            guard scheduler.isCurrent(lane, token) else { return }
            let stats = result.stats ?? DegradationStats.measure(clean: request.clean, degraded: result.image)
            scheduler.post(.generated(lane: lane, token: token, output: output, result: result, stats: stats))
        } catch GenerationError.cancelled {
            scheduler.post(.cancelled(lane: lane, token: token, output: output))
        } catch {
            scheduler.post(.failed(lane: lane, token: token, output: output, message: "\(generator.name): \(error)"))
        }
    }

    /// Runs the `index`-th of `count` restorers on the degraded image.
    static func restore(_ restorer: Restorer, index: Int, count: Int, input: RGBImage, source: DegradedSource,
                        context: RestoreContext, token: Int, scheduler: JobScheduler) {
        guard scheduler.isCurrent(.restore, token) else { return }
        let output = SessionOutput.restored(restorer.name)
        scheduler.post(.progress(lane: .restore, token: token, output: output, step: index, total: count, preview: nil))
        var withProgress = context
        withProgress.progress = { _ in scheduler.isCurrent(.restore, token) }
        do {
            let image = try restorer.restore(input, context: withProgress)
            guard scheduler.isCurrent(.restore, token) else { return }
            scheduler.post(.restored(token: token, name: restorer.name, source: source, image: image.clamped()))
        } catch RestoreError.cancelled {
            scheduler.post(.cancelled(lane: .restore, token: token, output: output))
        } catch {
            scheduler.post(.failed(lane: .restore, token: token, output: output, message: "\(restorer.name): \(error)"))
        }
    }

    /// Writes the samples; one failure fails the export.
    static func export(_ samples: [ExportableSample], folder: String, scheduler: JobScheduler) {
        do {
            let exporter = SampleExporter(folder: folder)
            let paths = try samples.map { try exporter.export($0) }
            scheduler.post(.exported(paths: paths, folder: folder))
        } catch {
            scheduler.post(.exportFailed(message: "\(error)"))
        }
    }
}
