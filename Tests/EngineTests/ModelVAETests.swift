import XCTest
@testable import GenDegEngine

/// AutoencoderKL parity with diffusers on a tiny random configuration.
final class ModelVAETests: XCTestCase {
    func testEncoderMatchesDiffusers() throws {
        let t = try TestSafetensors.fixture("vae")
        let vae = try AutoencoderKL(config: .tiny, weights: DictionaryWeightSource(t))
        let (mean, logvar) = try vae.encode(t["io.image"]!)
        assertClose(mean, t["io.mean"]!, "VAE posterior mean")
        assertClose(logvar, t["io.logvar"]!, "VAE posterior logvar")
    }

    func testDecoderMatchesDiffusers() throws {
        let t = try TestSafetensors.fixture("vae")
        let vae = try AutoencoderKL(config: .tiny, weights: DictionaryWeightSource(t))
        assertClose(try vae.decode(t["io.latent"]!), t["io.decoded"]!, "VAE decoder")
    }

    func testRejectsBadInputs() throws {
        let t = try TestSafetensors.fixture("vae")
        let vae = try AutoencoderKL(config: .tiny, weights: DictionaryWeightSource(t))
        XCTAssertThrowsError(try vae.encode(Tensor(zeros: [1, 3, 15, 16])))
        XCTAssertThrowsError(try vae.decode(Tensor(zeros: [1, 3, 8, 8])))
    }
}
