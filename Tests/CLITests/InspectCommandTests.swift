import Foundation
import XCTest

/// `gendeg inspect` names the restoration networks with the detector the restorers load with,
/// through the `module.` / `net.` prefixes and the checkpoint wrappers, and prints their config.
final class InspectCommandTests: XCTestCase {
    func inspect(_ file: String) throws -> String {
        let result = try CLI.run(["inspect", CLI.learnedFixture(file)])
        XCTAssertEqual(result.status, 0, "\(file): \(result.stderr)")
        return result.stdout
    }

    func assertLines(_ text: String, _ expected: [String], _ file: String, line: UInt = #line) {
        for wanted in expected {
            XCTAssertTrue(text.contains(wanted), "\(file): missing '\(wanted)' in\n\(text.prefix(1200))", line: line)
        }
        XCTAssertFalse(text.contains("architecture: unknown"), file, line: line)
    }

    func testNAFNetBehindModulePrefixAndStateDictWrapper() throws {
        let text = try inspect("nafnet_w6_deep.pth")
        assertLines(text, ["architecture: NAFNet",
                           "nafnet: in 3, out 3, width 6, encoder blocks [2, 1, 1], middle blocks 2, decoder blocks [1, 1, 2]",
                           "tlc: NAFNetLocal, train size 256", "module.intro.weight"], "nafnet_w6_deep.pth")
    }

    func testRestormerBehindNetPrefixShowsLayerNormAndBias() throws {
        let text = try inspect("restormer_d6_biasfree.pth")
        assertLines(text, ["architecture: Restormer", "dim 6, blocks [1, 2, 1, 1], refinement blocks 2, heads [1, 2, 3, 4]",
                           "layer norm: BiasFree; conv bias: yes", "net.patch_embed.proj.weight"], "restormer_d6_biasfree.pth")
        assertLines(try inspect("restormer_d4.pth"), ["layer norm: WithBias; conv bias: no"], "restormer_d4.pth")
    }

    func testPromptIR() throws {
        assertLines(try inspect("promptir_d4.pth"), ["architecture: PromptIR", "promptir: Restormer backbone dim 4",
                                                     "prompts (length x channels @ size)"], "promptir_d4.pth")
    }

    func testZeroDCEVariants() throws {
        assertLines(try inspect("zerodce_neuro_low_light.pth"),
                    ["architecture: Zero-DCE++ (neuro-low-light)", "variant neuro-low-light", "dce_net.conv7.weight"],
                    "zerodce_neuro_low_light.pth")
        assertLines(try inspect("zerodce_official.pth"), ["architecture: Zero-DCE\n", "variant zero-dce (Li-Chongyi/Zero-DCE"],
                    "zerodce_official.pth")
        assertLines(try inspect("zerodcepp_official_s4.pth"), ["architecture: Zero-DCE++\n", "variant zero-dce++"],
                    "zerodcepp_official_s4.pth")
    }

    func testNotACheckpointIsAnError() throws {
        let folder = try CLI.temporaryFolder("inspect")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let junk = "\(folder)/junk.pth"
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: junk))
        let result = try CLI.run(["inspect", junk])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("junk.pth"), result.stderr)
    }
}
