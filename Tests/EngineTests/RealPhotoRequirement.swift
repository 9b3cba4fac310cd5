import Foundation
import XCTest

/// What a test that needs a real photo does when the photo is absent: skip, unless
/// GENDEG_REQUIRE_PHOTOS=1 (set by `make test`, which installs the photo packages), when it
/// fails: there a missing photo means the set-up is broken, not that the test does not apply.
enum RealPhotoRequirement {
    static var required: Bool { ProcessInfo.processInfo.environment["GENDEG_REQUIRE_PHOTOS"] == "1" }

    /// The error to throw for a missing photo at `path`.
    static func missing(_ path: String) -> Error {
        let reason = "real photo \(path) is not installed (Debian package lomiri-wallpapers-16.04; make test installs it)"
        return required ? MissingPhoto(description: reason + " and GENDEG_REQUIRE_PHOTOS=1") : XCTSkip(reason)
    }

    struct MissingPhoto: Error, CustomStringConvertible {
        let description: String
    }
}
